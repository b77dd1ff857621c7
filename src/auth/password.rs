//! argon2id hashing, always on a blocking thread: a hash takes tens of
//! milliseconds of CPU and must not stall the async runtime.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::domain::Password;
use crate::error::{AppError, AppResult};

pub fn hash_blocking(password: &Password) -> AppResult<String> {
    Argon2::default()
        .hash_password(password.expose().as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot hash password: {e}")))
}

pub async fn hash(password: Password) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
}

/// A hash of a password nobody knows, checked when the account does not
/// exist so that an unknown email takes as long as a wrong password.
fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let p =
            Password::parse(&crate::auth::secret::new_token()).expect("token is a valid password");
        hash_blocking(&p).unwrap_or_default()
    })
}

pub fn verify_blocking(password: &str, stored: Option<&str>) -> bool {
    let (stored, real) = match stored {
        Some(s) if !s.is_empty() => (s, true),
        _ => (decoy(), false),
    };
    let ok = PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false);
    ok && real
}

pub async fn verify(password: String, stored: Option<String>) -> AppResult<bool> {
    Ok(tokio::task::spawn_blocking(move || verify_blocking(&password, stored.as_deref())).await?)
}
