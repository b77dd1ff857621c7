//! The second factor: enrolling, proving it at sign-in, replacing one's
//! recovery codes, removing it (oneself, knowing the password and a code;
//! an administrator for someone else; whoever runs the server). Each change
//! leaves its audit row; a failed code does too.

use std::net::IpAddr;

use rusqlite::Transaction;
use serde_json::json;

use crate::auth::totp::{self, TotpSecret};
use crate::db::Db;
use crate::db::audit::{self, Actor};
use crate::db::second_factors as factors;
use crate::db::users;
use crate::domain::{Email, Msg, User};
use crate::error::{AppError, AppResult};
use crate::services::policy;

/// The name an authenticator app shows beside the account.
pub const ISSUER: &str = "JPoA Tracker";

fn subject(id: i64) -> String {
    format!("user:{id}")
}

fn code_wrong() -> AppError {
    AppError::Invalid {
        field: Some("code"),
        message: Msg::new("err-code-wrong"),
    }
}

/// What a person needs to enrol: the secret, as text and as the URI of
/// the QR code.
pub struct Enrolment {
    pub secret: TotpSecret,
    pub uri: String,
}

/// The enrolment under way for this person, begun on the first visit and
/// the same on the next, so that a code scanned before a reload still
/// works. Someone enrolled already gets 409.
pub async fn enrolment(db: &Db, me: &User) -> AppResult<Enrolment> {
    let me = me.clone();
    db.write(move |tx| {
        let secret = match factors::factor(tx, me.id)? {
            Some(f) if f.confirmed => {
                return Err(AppError::conflict(Msg::new("err-second-factor-exists")));
            }
            Some(f) => f.secret,
            None => {
                let secret = TotpSecret::generate();
                factors::begin(tx, me.id, &secret)?;
                secret
            }
        };
        let uri = secret.uri(ISSUER, &me.email);
        Ok(Enrolment { secret, uri })
    })
    .await
}

/// The first code confirms the enrolment; gives the recovery codes, shown
/// this once. A wrong code is refused and the enrolment waits on.
pub async fn confirm(db: &Db, me: &User, code: String) -> AppResult<Vec<String>> {
    let me = me.clone();
    db.write(move |tx| {
        let pending = factors::factor(tx, me.id)?
            .filter(|f| !f.confirmed)
            .ok_or_else(|| AppError::conflict(Msg::new("err-second-factor-not-begun")))?;
        let step = pending
            .secret
            .accepts(&code, totp::unix_now(), 0)
            .ok_or_else(code_wrong)?;
        factors::confirm(tx, me.id, step)?;
        let codes = recovery_codes(tx, me.id)?;
        audit::record(
            tx,
            Actor::User(&me),
            "second_factor.enrol",
            &subject(me.id),
            None,
            None,
        )?;
        Ok(codes)
    })
    .await
}

fn recovery_codes(tx: &Transaction, user_id: i64) -> AppResult<Vec<String>> {
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| totp::recovery_hash(c)).collect();
    factors::replace_recovery_codes(tx, user_id, &hashes)?;
    Ok(codes)
}

/// Uses up a code of the account's confirmed factor: a TOTP code of a time
/// step not used before, or an unused recovery code. False, with an audit
/// row, if it is neither; an account without a factor has no code to give.
pub fn use_code(tx: &Transaction, user_id: i64, code: &str, from: IpAddr) -> AppResult<bool> {
    let Some(factor) = factors::factor(tx, user_id)?.filter(|f| f.confirmed) else {
        return Ok(false);
    };
    let ok = if totp::is_recovery_code(code) {
        let used = factors::use_recovery_code(tx, user_id, &totp::recovery_hash(code))?;
        if used {
            let left = factors::recovery_codes_left(tx, user_id)?;
            let after = json!({ "left": left, "address": from.to_string() });
            let actor = Actor::System("second factor");
            audit::record(
                tx,
                actor,
                "second_factor.recovery_code_used",
                &subject(user_id),
                None,
                Some(after),
            )?;
        }
        used
    } else {
        match factor
            .secret
            .accepts(code, totp::unix_now(), factor.last_step)
        {
            Some(step) => factors::use_step(tx, user_id, step)?,
            None => false,
        }
    };
    if !ok {
        let after = json!({ "address": from.to_string() });
        let actor = Actor::System("anonymous");
        audit::record(
            tx,
            actor,
            "second_factor.code_failed",
            &subject(user_id),
            None,
            Some(after),
        )?;
    }
    Ok(ok)
}

/// A person replaces their recovery codes, proving a code of the factor
/// (their password was checked before); gives the new ones.
pub async fn renew_recovery_codes(
    db: &Db,
    me: &User,
    code: String,
    from: IpAddr,
) -> AppResult<Option<Vec<String>>> {
    let me = me.clone();
    db.write(move |tx| {
        if !use_code(tx, me.id, &code, from)? {
            return Ok(None);
        }
        let codes = recovery_codes(tx, me.id)?;
        audit::record(
            tx,
            Actor::User(&me),
            "second_factor.recovery_codes",
            &subject(me.id),
            None,
            None,
        )?;
        Ok(Some(codes))
    })
    .await
}

/// A person removes their own factor, proving a code of it (their password
/// was checked before). False if the code is wrong.
pub async fn remove_own(db: &Db, me: &User, code: String, from: IpAddr) -> AppResult<bool> {
    let me = me.clone();
    db.write(move |tx| {
        if !use_code(tx, me.id, &code, from)? {
            return Ok(false);
        }
        factors::remove(tx, me.id)?;
        factors::end_pending_of(tx, me.id)?;
        audit::record(
            tx,
            Actor::User(&me),
            "second_factor.remove",
            &subject(me.id),
            None,
            None,
        )?;
        Ok(true)
    })
    .await
}

/// An administrator removes someone else's factor (a lost phone): the
/// person's sessions end, and they enrol again at their next sign-in. Not
/// one's own: that asks for the password and a code.
pub async fn reset(db: &Db, admin: &User, id: i64) -> AppResult<users::Account> {
    policy::ensure_admin(admin)?;
    if id == admin.id {
        return Err(AppError::forbidden(Msg::new(
            "err-own-factor-on-account-page",
        )));
    }
    let admin = admin.clone();
    db.write(move |tx| {
        let account = users::get(tx, id)?;
        if !take_away(tx, Actor::User(&admin), id)? {
            return Err(AppError::conflict(Msg::new("err-no-second-factor")));
        }
        Ok(account)
    })
    .await
}

/// Whoever runs the server provisions a factor for an account (`user mfa`):
/// it is in use at once, and its URI is given to be passed on. An account
/// with a factor keeps it: `--reset` first.
pub fn install(tx: &Transaction, email: &Email) -> AppResult<String> {
    let id = users::id_by_email(tx, email.as_str())?.ok_or(AppError::NotFound)?;
    if factors::factor(tx, id)?.is_some_and(|f| f.confirmed) {
        return Err(AppError::conflict(Msg::new("err-second-factor-exists")));
    }
    let secret = TotpSecret::generate();
    factors::install(tx, id, &secret)?;
    audit::record(
        tx,
        Actor::System("command line"),
        "second_factor.enrol",
        &subject(id),
        None,
        None,
    )?;
    Ok(secret.uri(ISSUER, email.as_str()))
}

/// Whoever runs the server removes an account's factor (`user mfa
/// --reset`); its sessions end. False if it had none.
pub fn uninstall(tx: &Transaction, email: &Email) -> AppResult<bool> {
    let id = users::id_by_email(tx, email.as_str())?.ok_or(AppError::NotFound)?;
    take_away(tx, Actor::System("command line"), id)
}

/// Someone else's factor removed (an administrator, the command line):
/// its recovery codes go, and every session and sign-in of the account
/// ends, audited. False, and nothing changed, if it had none.
fn take_away(tx: &Transaction, actor: Actor<'_>, id: i64) -> AppResult<bool> {
    if !factors::remove(tx, id)? {
        return Ok(false);
    }
    factors::end_pending_of(tx, id)?;
    let ended = users::end_sessions(tx, id)?;
    let after = json!({ "sessions_ended": ended });
    audit::record(
        tx,
        actor,
        "second_factor.reset",
        &subject(id),
        None,
        Some(after),
    )?;
    Ok(true)
}

/// What a person's factor page shows.
pub struct Status {
    pub recovery_codes_left: i64,
}

pub async fn status(db: &Db, me: &User) -> AppResult<Status> {
    let id = me.id;
    db.read(move |conn| {
        Ok(Status {
            recovery_codes_left: factors::recovery_codes_left(conn, id)?,
        })
    })
    .await
}
