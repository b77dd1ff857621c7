//! argon2id hashing, always on a blocking thread: a hash takes tens of
//! milliseconds of CPU and must not stall the async runtime. The server
//! hashes and checks through [`PasswordChecks`], a few at once: each takes
//! 19 MiB (argon2's default `m_cost`) while it runs, and the allocator
//! keeps what its threads once took, so 64 sign-ins at once, unbounded,
//! left the server at 1.2 GB.

use std::sync::Arc;
use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::domain::Password;
use crate::error::{AppError, AppResult, BusyWith};
use crate::settings::Settings;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub fn hash_blocking(password: &Password) -> AppResult<String> {
    Argon2::default()
        .hash_password(password.expose().as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot hash password: {e}")))
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

/// Whole seconds, rounded up, and at least one.
pub fn seconds(d: Duration) -> u64 {
    (d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1)
}

/// The server's password work: at most `password_checks` hashes or checks
/// at once (the decoy for an unknown account too, so that it takes as
/// long); a request waits `password_wait` for a turn, then gets
/// [`AppError::Busy`] with nothing done.
#[derive(Clone)]
pub struct PasswordChecks {
    turns: Arc<Semaphore>,
    wait: Duration,
}

impl PasswordChecks {
    pub fn new(s: &Settings) -> PasswordChecks {
        PasswordChecks {
            turns: Arc::new(Semaphore::new(
                usize::try_from(s.password_checks).unwrap_or(1).max(1),
            )),
            wait: s.password_wait,
        }
    }

    /// A turn, held by the blocking thread until its hash is done, even if
    /// the client has gone: the memory is in use until then.
    async fn turn(&self) -> AppResult<OwnedSemaphorePermit> {
        match tokio::time::timeout(self.wait, Arc::clone(&self.turns).acquire_owned()).await {
            Ok(Ok(turn)) => Ok(turn),
            Ok(Err(closed)) => Err(AppError::Internal(closed.into())),
            Err(_) => {
                tracing::warn!("password checks at their bound: request refused");
                Err(AppError::Busy {
                    retry_after: seconds(self.wait),
                    work: BusyWith::Passwords,
                })
            }
        }
    }

    pub async fn hash(&self, password: Password) -> AppResult<String> {
        let turn = self.turn().await?;
        tokio::task::spawn_blocking(move || {
            let hashed = hash_blocking(&password);
            drop(turn);
            hashed
        })
        .await?
    }

    /// Whether `password` matches `stored`; with no stored hash (no such
    /// account) a decoy is checked, as long, and the answer is `false`.
    pub async fn verify(&self, password: String, stored: Option<String>) -> AppResult<bool> {
        let turn = self.turn().await?;
        Ok(tokio::task::spawn_blocking(move || {
            let ok = verify_blocking(&password, stored.as_deref());
            drop(turn);
            ok
        })
        .await?)
    }
}
