//! Accounts: invitations, edits, (de)activation, passwords, languages. Each
//! change writes its audit row in its own transaction.

use rusqlite::Transaction;
use serde_json::json;

use crate::db::Db;
use crate::db::audit::{self, Actor};
use crate::db::users::{self, Account, NewUser};
use crate::domain::{Lang, Msg, Role, User};
use crate::error::{AppError, AppResult};
use crate::services::policy;

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

/// An administrator creates an account and gets the invitation link for it.
pub async fn invite(
    db: &Db,
    admin: &User,
    new: NewUser,
    valid_for: std::time::Duration,
) -> AppResult<String> {
    policy::ensure_admin(admin)?;
    let admin = admin.clone();
    db.write(move |tx| {
        let id = create(tx, Actor::User(&admin), &new, "")?;
        new_password_link(tx, Actor::User(&admin), Some(id), valid_for)
    })
    .await
}

/// An administrator issues a new password link for another, active
/// account; gives the link's secret and the account.
pub async fn reinvite(
    db: &Db,
    admin: &User,
    id: i64,
    valid_for: std::time::Duration,
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
