//! Accounts: invitations, edits, (de)activation, passwords, languages. Each
//! change writes its audit row in its own transaction.

use rusqlite::Transaction;
use serde_json::json;

use crate::db::Db;
use crate::db::audit::{self, Actor};
use crate::db::users::{self, Account, NewUser};
use crate::domain::{Lang, MailKind, Msg, Role, User};
use crate::error::{AppError, AppResult};
use crate::services::{notify, policy};

fn subject(id: i64) -> String {
    format!("user:{id}")
}

/// Creates an account; an empty `password_hash` leaves it waiting for its
/// owner to choose one through a link.
pub fn create(
    tx: &Transaction,
    actor: Actor<'_>,
    new: &NewUser,
    password_hash: &str,
) -> AppResult<i64> {
    let id = users::create(tx, new, password_hash)?;
    let after = json!({
        "email": new.email.as_str(), "name": new.name.as_str(), "role": new.role().as_str(),
        "country": new.country().map(|c| c.code()), "demo": new.is_demo,
    });
    audit::record(tx, actor, "user.create", &subject(id), None, Some(after))?;
    Ok(id)
}

/// A new password; every session and token of the account ends.
pub fn set_password(tx: &Transaction, actor: Actor<'_>, id: i64, hash: &str) -> AppResult<()> {
    users::set_password(tx, id, hash)?;
    // A sign-in begun with the old password waits for its code no more.
    crate::db::second_factors::end_pending_of(tx, id)?;
    audit::record(tx, actor, "user.password_set", &subject(id), None, None)
}

/// A one-time link to choose a password: for account `id`, or with `None`
/// the setup link that creates the first administrator.
pub fn new_password_link(
    tx: &Transaction,
    actor: Actor<'_>,
    id: Option<i64>,
    valid_for: std::time::Duration,
) -> AppResult<String> {
    let what = id.map_or_else(|| "setup".to_owned(), subject);
    audit::record(tx, actor, "user.password_link", &what, None, None)?;
    users::new_password_token(tx, id, valid_for)
}

/// An account with no password, whose owner is mailed a one-time link to
/// choose one (`base` is the site's address); gives the link's secret.
pub fn invite_tx(
    tx: &Transaction,
    actor: Actor<'_>,
    new: &NewUser,
    valid_for: std::time::Duration,
    base: &str,
) -> AppResult<String> {
    let id = create(tx, actor, new, "")?;
    let token = new_password_link(tx, actor, Some(id), valid_for)?;
    let user = users::get(tx, id)?.user;
    let link = format!("{base}/setup/{token}");
    notify::password_mail(tx, &user, MailKind::Invitation, &link, valid_for)?;
    Ok(token)
}

/// An administrator creates an account; its owner is mailed the
/// invitation, and the administrator gets the link too.
pub async fn invite(
    db: &Db,
    admin: &User,
    new: NewUser,
    valid_for: std::time::Duration,
    base: String,
) -> AppResult<String> {
    policy::ensure_admin(admin)?;
    let admin = admin.clone();
    db.write(move |tx| invite_tx(tx, Actor::User(&admin), &new, valid_for, &base))
        .await
}

/// An administrator issues a new password link for another, active
/// account; gives the link's secret and the account.
pub async fn reinvite(
    db: &Db,
    admin: &User,
    id: i64,
    valid_for: std::time::Duration,
    base: String,
) -> AppResult<(String, Account)> {
    policy::ensure_admin(admin)?;
    // One's own password is changed knowing the current one, never by a link.
    if id == admin.id {
        return Err(AppError::forbidden(Msg::new("err-own-password-link")));
    }
    let admin = admin.clone();
    db.write(move |tx| {
        let account = users::get(tx, id)?;
        if !account.active {
            return Err(AppError::conflict(Msg::new("err-reactivate-first")));
        }
        let token = new_password_link(tx, Actor::User(&admin), Some(id), valid_for)?;
        let link = format!("{base}/setup/{token}");
        notify::password_mail(tx, &account.user, MailKind::PasswordLink, &link, valid_for)?;
        Ok((token, account))
    })
    .await
}

/// Saves an edit made at `version`; an administrator keeps their own role.
pub async fn update(
    db: &Db,
    admin: &User,
    id: i64,
    version: i64,
    change: NewUser,
) -> AppResult<()> {
    policy::ensure_admin(admin)?;
    if id == admin.id && change.role() != Role::Admin {
        return Err(AppError::conflict(Msg::new("err-change-own-role")));
    }
    let admin = admin.clone();
    db.write(move |tx| {
        let before = users::update(tx, id, version, &change)?;
        let describe =
            |email: &str, name: &str, role: Role, country: Option<crate::domain::Country>| {
                json!({
                    "email": email, "name": name, "role": role.as_str(),
                    "country": country.map(|c| c.code()),
                })
            };
        audit::record(
            tx,
            Actor::User(&admin),
            "user.update",
            &subject(id),
            Some(describe(
                &before.user.email,
                &before.user.name,
                before.user.role(),
                before.user.country(),
            )),
            Some(describe(
                change.email.as_str(),
                change.name.as_str(),
                change.role(),
                change.country(),
            )),
        )
    })
    .await
}

/// Deactivating ends every session and token of the account at once; an
/// administrator cannot deactivate themselves.
pub async fn set_active(
    db: &Db,
    admin: &User,
    id: i64,
    version: i64,
    active: bool,
) -> AppResult<()> {
    policy::ensure_admin(admin)?;
    if id == admin.id && !active {
        return Err(AppError::conflict(Msg::new("err-deactivate-self")));
    }
    let admin = admin.clone();
    db.write(move |tx| {
        let was = users::set_active(tx, id, version, active)?;
        audit::record(
            tx,
            Actor::User(&admin),
            if active {
                "user.activate"
            } else {
                "user.deactivate"
            },
            &subject(id),
            Some(json!({ "active": was })),
            Some(json!({ "active": active })),
        )
    })
    .await
}

/// Remembers the interface language a person chose.
pub async fn set_language(db: &Db, user: &User, lang: Lang) -> AppResult<()> {
    let user = user.clone();
    db.write(move |tx| {
        users::set_lang(tx, user.id, lang)?;
        audit::record(
            tx,
            Actor::User(&user),
            "user.language",
            &subject(user.id),
            Some(json!({ "lang": user.lang.map(Lang::code) })),
            Some(json!({ "lang": lang.code() })),
        )
    })
    .await
}

/// How long a link asked for with "Forgot your password?" works.
pub const RESET_LINK_LIFETIME: std::time::Duration = std::time::Duration::from_secs(3600);

/// "Forgot your password?": the owner of an active account with this
/// address is mailed a one-time link valid one hour; for any other address
/// nothing happens but the audit row, and the caller answers the same.
/// Other links of the account (an invitation, one an administrator issued)
/// keep working; and where no mail can go, nothing is made but the audit row.
pub async fn forgot_password(
    db: &Db,
    email: &str,
    from: std::net::IpAddr,
    base: String,
    mail: bool,
) -> AppResult<()> {
    let email: String = email.trim().chars().take(254).collect();
    db.write(move |tx| {
        let id = users::id_by_email(tx, &email)?;
        let account = id.map(|id| users::get(tx, id)).transpose()?;
        let after = Some(json!({ "address": from.to_string() }));
        let actor = Actor::System("forgotten password");
        let Some(account) = account.filter(|a| a.active) else {
            let subject = "email:(no such active account)";
            return audit::record(tx, actor, "user.password_reset_asked", subject, None, after);
        };
        let id = account.user.id;
        audit::record(
            tx,
            actor,
            "user.password_reset_asked",
            &subject(id),
            None,
            after,
        )?;
        if !mail {
            return Ok(());
        }
        let token = users::add_password_token(tx, id, RESET_LINK_LIFETIME)?;
        let link = format!("{base}/setup/{token}");
        notify::password_mail(
            tx,
            &account.user,
            MailKind::PasswordReset,
            &link,
            RESET_LINK_LIFETIME,
        )
    })
    .await
}

/// How notifications reach a person by mail, as they chose; audited.
pub async fn set_mail_pref(db: &Db, user: &User, pref: crate::domain::MailPref) -> AppResult<()> {
    let user = user.clone();
    db.write(move |tx| {
        crate::db::notifications::set_mail_pref(tx, user.id, pref)?;
        let after = Some(json!({ "mail_pref": pref.as_str() }));
        audit::record(
            tx,
            Actor::User(&user),
            "user.mail_pref",
            &subject(user.id),
            None,
            after,
        )
    })
    .await
}
