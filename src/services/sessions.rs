//! Signing in and out, ending one's sessions, and the one-time links that
//! set a password. Each sign-in, failed or not, and each session ended by
//! its owner leaves its audit row.

use std::net::IpAddr;

use rusqlite::Transaction;
use serde_json::json;

use crate::db::Db;
use crate::db::audit::{self, Actor};
use crate::db::second_factors as factors;
use crate::db::users::{self, NewUser, SessionId, SessionKind};
use crate::domain::User;
use crate::error::{AppError, AppResult};
use crate::services::{accounts, second_factor};
use crate::settings::{Mfa, SessionTimes};
use crate::telemetry::{self, SignIn as Outcome};

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

/// How long a sign-in whose password was right waits for its code.
pub const CODE_WAIT: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// A sign-in whose password was checked.
pub struct SignIn {
    pub user_id: i64,
    pub kind: SessionKind,
    pub from: IpAddr,
    /// The session the browser had, which ends when the new one starts.
    pub replaces: Option<String>,
    /// The second factor's code, when the client sent one with the password.
    pub code: Option<String>,
    /// The page a browser goes on to.
    pub next: String,
}

/// How a sign-in whose password was right goes on.
#[derive(Debug)]
pub enum SignedIn {
    /// A session or API token started: its secret, and the person.
    Session(String, User),
    /// The account has a second factor and no code came: the secret of the
    /// sign-in that waits for one (browsers).
    CodeNeeded(String),
    /// The code is wrong or used, or an API client sent none.
    CodeWrong,
    /// The account must enrol a second factor first, which an API client
    /// cannot do.
    MustEnrol,
}

/// A password alone never starts a session for an account with a second
/// factor: this is the one place where sessions start after a password.
fn sign_in_tx(tx: &Transaction, s: SignIn, times: &SessionTimes, mfa: Mfa) -> AppResult<SignedIn> {
    let user = users::get(tx, s.user_id)?.user;
    if user.second_factor {
        match (&s.code, s.kind) {
            (Some(code), _) => {
                if !second_factor::use_code(tx, user.id, code, s.from)? {
                    return Ok(SignedIn::CodeWrong);
                }
            }
            (None, SessionKind::Cookie) => {
                let pending = factors::start_pending(tx, user.id, &s.next, s.from, CODE_WAIT)?;
                return Ok(SignedIn::CodeNeeded(pending));
            }
            (None, SessionKind::Api) => return Ok(SignedIn::CodeWrong),
        }
    } else if s.kind == SessionKind::Api && mfa.covers(user.role()) {
        return Ok(SignedIn::MustEnrol);
    }
    if let Some(old) = s.replaces {
        users::end_session(tx, &old)?;
    }
    let (token, user) = start(tx, user.id, s.kind, s.from, times)?;
    Ok(SignedIn::Session(token, user))
}

/// A sign-in whose password was checked: a fresh secret, once the second
/// factor (if the account has one) is proven too.
pub async fn sign_in(db: &Db, s: SignIn, times: SessionTimes, mfa: Mfa) -> AppResult<SignedIn> {
    let outcome = db.write(move |tx| sign_in_tx(tx, s, &times, mfa)).await?;
    match outcome {
        SignedIn::Session(..) => telemetry::sign_in(Outcome::Succeeded),
        SignedIn::CodeWrong => telemetry::sign_in(Outcome::Failed),
        // Not over yet (the code comes next), or refused for want of a
        // second factor, which no guess changes.
        SignedIn::CodeNeeded(_) | SignedIn::MustEnrol => {}
    }
    Ok(outcome)
}

/// The person whose sign-in waits for a code under this secret, if any.
pub async fn awaiting_code(db: &Db, pending: String) -> AppResult<Option<User>> {
    db.read(move |conn| match factors::pending(conn, &pending)? {
        Some((id, _)) => Ok(Some(users::get(conn, id)?.user)),
        None => Ok(None),
    })
    .await
}

/// The code of a sign-in that waits for one: a session and the page to go
/// on to, or `None` when the code is wrong (the sign-in waits on). A
/// sign-in that waits no more is sent back to the password.
pub async fn finish_sign_in(
    db: &Db,
    pending: String,
    code: String,
    from: IpAddr,
    replaces: Option<String>,
    times: SessionTimes,
) -> AppResult<Option<(String, String)>> {
    let done = db
        .write(move |tx| {
            let Some((user_id, next)) = factors::pending(tx, &pending)? else {
                return Err(AppError::SignInRequired { next: "/".into() });
            };
            if !second_factor::use_code(tx, user_id, &code, from)? {
                return Ok(None);
            }
            factors::end_pending(tx, &pending)?;
            if let Some(old) = replaces {
                users::end_session(tx, &old)?;
            }
            Ok(Some((
                start(tx, user_id, SessionKind::Cookie, from, &times)?.0,
                next,
            )))
        })
        .await?;
    telemetry::sign_in(match done {
        Some(_) => Outcome::Succeeded,
        None => Outcome::Failed,
    });
    Ok(done)
}

/// A failed sign-in, kept without the password that was tried, and without
/// what was typed as an address unless it is an account's: a password typed
/// in the wrong field must not stay in the log for ever.
pub async fn sign_in_failed(db: &Db, email: &str, from: IpAddr) -> AppResult<()> {
    telemetry::sign_in(Outcome::Failed);
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
/// the first administrator (`new_admin`); either way they are signed in,
/// once their second factor, if they have one, is proven: a new password
/// never opens an account without it.
#[allow(clippy::too_many_arguments)]
pub async fn redeem_link(
    db: &Db,
    token: String,
    invited: Option<User>,
    new_admin: Option<NewUser>,
    hash: String,
    from: IpAddr,
    next: String,
    times: SessionTimes,
) -> AppResult<SignedIn> {
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
        let s = SignIn {
            user_id,
            kind: SessionKind::Cookie,
            from,
            replaces: None,
            code: None,
            next,
        };
        // Nobody signs in with a link through the API: the policy is moot.
        sign_in_tx(tx, s, &times, Mfa::Off)
    })
    .await
}
