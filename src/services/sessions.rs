//! Signing in and out, ending one's sessions, and the one-time links that
//! set a password. Each sign-in, failed or not, and each session ended by
//! its owner leaves its audit row.

use std::net::IpAddr;

use rusqlite::Transaction;
use serde_json::json;

use crate::db::Db;
use crate::db::audit::{self, Actor};
use crate::db::users::{self, NewUser, SessionId, SessionKind};
use crate::domain::User;
use crate::error::{AppError, AppResult};
use crate::services::accounts;
use crate::settings::SessionTimes;

/// Starts a session for an account and gives its secret and the person;
/// `from` is the client's address, kept in the audit log.
fn start(
    tx: &Transaction,
    user_id: i64,
    kind: SessionKind,
    from: IpAddr,
    times: &SessionTimes,
) -> AppResult<(String, User)> {
    let user = users::get(tx, user_id)?.user;
    audit::record(
        tx,
        Actor::User(&user),
        "session.sign_in",
        &format!("user:{user_id}"),
        None,
        Some(json!({ "kind": kind.as_str(), "address": from.to_string() })),
    )?;
    Ok((users::start_session(tx, user_id, kind, from, times)?, user))
}

/// A sign-in whose password was checked: a fresh secret, and any session
/// the browser had (`replaces`) ends. Gives the secret and the person.
pub async fn sign_in(
    db: &Db,
    user_id: i64,
    kind: SessionKind,
    from: IpAddr,
    replaces: Option<String>,
    times: SessionTimes,
) -> AppResult<(String, User)> {
    db.write(move |tx| {
        if let Some(old) = replaces {
            users::end_session(tx, &old)?;
        }
        start(tx, user_id, kind, from, &times)
    })
    .await
}

/// A failed sign-in, kept without the password that was tried, and without
/// what was typed as an address unless it is an account's: a password typed
/// in the wrong field must not stay in the log for ever.
pub async fn sign_in_failed(db: &Db, email: &str, from: IpAddr) -> AppResult<()> {
    let email: String = email.trim().chars().take(254).collect();
    db.write(move |tx| {
        let subject = match users::id_by_email(tx, &email)? {
            Some(_) => format!("email:{}", email.to_lowercase()),
            None => "email:(no such account)".to_owned(),
        };
        audit::record(
            tx,
            Actor::System("anonymous"),
            "session.sign_in_failed",
            &subject,
            None,
            Some(json!({ "address": from.to_string() })),
        )
    })
    .await
}

/// The audit row of a person's own session ending.
fn record_end(
    tx: &Transaction,
    me: &User,
    action: &str,
    after: serde_json::Value,
) -> AppResult<()> {
    let subject = format!("user:{}", me.id);
    audit::record(tx, Actor::User(me), action, &subject, None, Some(after))
}

/// Signing out: the session or API token this secret opens ends, and no
/// other. A secret that opens nothing changes nothing.
pub async fn sign_out(db: &Db, token: String) -> AppResult<()> {
    db.write(move |tx| {
        let Some((user_id, kind)) = users::end_session(tx, &token)? else {
            return Ok(());
        };
        let user = users::get(tx, user_id)?.user;
        record_end(
            tx,
            &user,
            "session.sign_out",
            json!({ "kind": kind.as_str() }),
        )
    })
    .await
}

/// Signing out everywhere: every session and API token of the account
/// ends, this one included. Gives how many ended.
pub async fn sign_out_everywhere(db: &Db, me: &User) -> AppResult<usize> {
    let me = me.clone();
    db.write(move |tx| {
        let ended = users::end_sessions(tx, me.id)?;
        let after = json!({ "ended": ended });
        record_end(tx, &me, "session.sign_out_everywhere", after)?;
        Ok(ended)
    })
    .await
}

/// A person ends one of their own sessions or API tokens, chosen from the
/// list on their account page. Someone else's, or one that has ended
/// already, is not found and nothing changes.
pub async fn end_own_session(db: &Db, me: &User, id: SessionId) -> AppResult<SessionKind> {
    let me = me.clone();
    db.write(move |tx| {
        let kind = users::end_session_of(tx, me.id, &id)?.ok_or(AppError::NotFound)?;
        let after = json!({ "kind": kind.as_str(), "session": id.as_str() });
        record_end(tx, &me, "session.end", after)?;
        Ok(kind)
    })
    .await
}

/// A person changes their own password: every session and token of the
/// account ends, and this browser gets a new session.
pub async fn change_password(
    db: &Db,
    me: &User,
    hash: String,
    from: IpAddr,
    times: SessionTimes,
) -> AppResult<String> {
    let me = me.clone();
    db.write(move |tx| {
        accounts::set_password(tx, Actor::User(&me), me.id, &hash)?;
        Ok(start(tx, me.id, SessionKind::Cookie, from, &times)?.0)
    })
    .await
}

/// Uses up a one-time link: sets the invited person's password, or creates
/// the first administrator (`new_admin`); either way they are signed in.
pub async fn redeem_link(
    db: &Db,
    token: String,
    invited: Option<User>,
    new_admin: Option<NewUser>,
    hash: String,
    from: IpAddr,
    times: SessionTimes,
) -> AppResult<String> {
    db.write(move |tx| {
        let purpose = users::use_password_token(tx, &token)?;
        let user_id = match (purpose, new_admin) {
            (Some(id), _) => {
                let actor = invited
                    .as_ref()
                    .map_or(Actor::System("password link"), Actor::User);
                accounts::set_password(tx, actor, id, &hash)?;
                id
            }
            (None, Some(admin)) => {
                accounts::create(tx, Actor::System("setup link"), &admin, &hash)?
            }
            (None, None) => return Err(AppError::NotFound),
        };
        Ok(start(tx, user_id, SessionKind::Cookie, from, &times)?.0)
    })
    .await
}
