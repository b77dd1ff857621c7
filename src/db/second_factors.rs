//! Second factors, their recovery codes, and sign-ins that wait for a code.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::auth::secret;
use crate::auth::totp::TotpSecret;
use crate::db::users::{span, timestamp};
use crate::domain::now_utc;
use crate::error::AppResult;

/// An account's factor as stored.
#[derive(Debug, Clone)]
pub struct Factor {
    pub secret: TotpSecret,
    pub confirmed: bool,
    /// Codes of this time step and earlier are refused.
    pub last_step: u64,
}

pub fn factor(conn: &Connection, user_id: i64) -> AppResult<Option<Factor>> {
    let row = conn
        .query_row(
            "SELECT secret, confirmed_at IS NOT NULL AS confirmed, last_step
             FROM second_factors WHERE user_id = ?1",
            [user_id],
            |r| {
                Ok((
                    r.get::<_, String>("secret")?,
                    r.get::<_, bool>("confirmed")?,
                    r.get::<_, i64>("last_step")?,
                ))
            },
        )
        .optional()?;
    let Some((text, confirmed, last_step)) = row else {
        return Ok(None);
    };
    let secret = TotpSecret::from_base32(&text).ok_or_else(|| {
        anyhow::anyhow!("the stored second factor of account {user_id} is unreadable")
    })?;
    Ok(Some(Factor {
        secret,
        confirmed,
        last_step: u64::try_from(last_step).unwrap_or(0),
    }))
}

/// A factor waiting for its first code; any earlier one, and its recovery
/// codes, go.
pub fn begin(tx: &Transaction, user_id: i64, secret: &TotpSecret) -> AppResult<()> {
    remove(tx, user_id)?;
    tx.execute(
        "INSERT INTO second_factors (user_id, secret, created_at) VALUES (?1, ?2, ?3)",
        params![user_id, secret.base32(), now_utc()],
    )?;
    Ok(())
}

/// A factor in use from now on, provisioned whole (the command line).
pub fn install(tx: &Transaction, user_id: i64, secret: &TotpSecret) -> AppResult<()> {
    begin(tx, user_id, secret)?;
    confirm(tx, user_id, 0)
}

/// The pending factor confirmed by the code of time step `step`.
pub fn confirm(tx: &Transaction, user_id: i64, step: u64) -> AppResult<()> {
    tx.execute(
        "UPDATE second_factors SET confirmed_at = ?2, last_step = ?3 WHERE user_id = ?1",
        params![user_id, now_utc(), i64::try_from(step).unwrap_or(i64::MAX)],
    )?;
    Ok(())
}

/// Records that the code of `step` was used; false if that step, or a
/// later one, was used already (two sign-ins racing with one code).
pub fn use_step(tx: &Transaction, user_id: i64, step: u64) -> AppResult<bool> {
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    Ok(tx.execute(
        "UPDATE second_factors SET last_step = ?2 WHERE user_id = ?1 AND last_step < ?2",
        params![user_id, step],
    )? == 1)
}

/// Removes the account's factor and recovery codes; whether it had one.
pub fn remove(tx: &Transaction, user_id: i64) -> AppResult<bool> {
    tx.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])?;
    Ok(tx.execute("DELETE FROM second_factors WHERE user_id = ?1", [user_id])? == 1)
}

/// New recovery codes (their hashes) in place of any the account had.
pub fn replace_recovery_codes(tx: &Transaction, user_id: i64, hashes: &[String]) -> AppResult<()> {
    tx.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])?;
    let mut insert =
        tx.prepare_cached("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)")?;
    for hash in hashes {
        insert.execute(params![user_id, hash])?;
    }
    Ok(())
}

/// Uses up the recovery code with this hash; false if the account has no
/// such unused code.
pub fn use_recovery_code(tx: &Transaction, user_id: i64, hash: &str) -> AppResult<bool> {
    Ok(tx.execute(
        "UPDATE recovery_codes SET used_at = ?3
         WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
        params![user_id, hash, now_utc()],
    )? == 1)
}

pub fn recovery_codes_left(conn: &Connection, user_id: i64) -> AppResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL",
        [user_id],
        |r| r.get(0),
    )?)
}

/// A sign-in whose password was right, waiting for its code; gives the
/// secret the browser keeps meanwhile. Those past their time go.
pub fn start_pending(
    tx: &Transaction,
    user_id: i64,
    next: &str,
    from: std::net::IpAddr,
    valid_for: std::time::Duration,
) -> AppResult<String> {
    let token = secret::new_token();
    let now = chrono::Utc::now();
    tx.execute(
        "DELETE FROM pending_sign_ins WHERE expires_at < ?1",
        [timestamp(now)],
    )?;
    tx.execute(
        "INSERT INTO pending_sign_ins (token_hash, user_id, next, address, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            secret::hash(&token),
            user_id,
            next,
            from.to_string(),
            timestamp(now),
            timestamp(now + span(valid_for))
        ],
    )?;
    Ok(token)
}

/// The account and next page of a live pending sign-in, of an active account.
pub fn pending(conn: &Connection, token: &str) -> AppResult<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT p.user_id, p.next FROM pending_sign_ins p JOIN users u ON u.id = p.user_id
             WHERE p.token_hash = ?1 AND p.expires_at > ?2 AND u.active = 1",
            params![secret::hash(token), timestamp(chrono::Utc::now())],
            |r| Ok((r.get("user_id")?, r.get("next")?)),
        )
        .optional()?)
}

pub fn end_pending(tx: &Transaction, token: &str) -> AppResult<()> {
    tx.execute(
        "DELETE FROM pending_sign_ins WHERE token_hash = ?1",
        [secret::hash(token)],
    )?;
    Ok(())
}

/// Ends every sign-in of the account that waits for a code.
pub fn end_pending_of(tx: &Transaction, user_id: i64) -> AppResult<()> {
    tx.execute("DELETE FROM pending_sign_ins WHERE user_id = ?1", [user_id])?;
    Ok(())
}
