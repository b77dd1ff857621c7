//! argon2id hashing, always on a blocking thread: a hash takes tens of
//! milliseconds of CPU and must not stall the async runtime. The server
//! hashes and checks through [`PasswordChecks`], a few at once: each takes
//! 19 MiB (argon2's default `m_cost`) while it runs, and the allocator
//! keeps what its threads once took, so 64 sign-ins at once, unbounded,
//! left the server at 1.2 GB.

use std::sync::{Arc, Mutex, PoisonError};
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

/// The threads that hash: a fixed few. On tokio's blocking pool any of
/// hundreds of threads could take a turn, and the allocator keeps about
/// two hashes' worth of memory for each thread that ever hashed (64
/// sign-ins at once left the server at 1.1 GB with four turns); with
/// these few threads what it keeps is bounded by their number.
struct Hashers {
    jobs: Mutex<std::sync::mpsc::Sender<Job>>,
}

type Job = Box<dyn FnOnce() + Send>;

impl Hashers {
    fn start(threads: usize) -> Hashers {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..threads {
            let queue = Arc::clone(&queue);
            // No thread, no hashing: the server cannot start without them.
            std::thread::Builder::new()
                .name(format!("password-{i}"))
                .spawn(move || {
                    loop {
                        let job = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
                        // Every sender gone: the server is shutting down.
                        let Ok(job) = job else { break };
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                })
                .expect("cannot start the password threads");
        }
        Hashers {
            jobs: Mutex::new(jobs),
        }
    }

    /// Runs `work` on one of the threads, which are never all busy while a
    /// turn is held.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> AppResult<T> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        self.jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .send(job)
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the password threads have ended")))?;
        result
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("a password check failed")))
    }
}

/// The server's password work: at most `password_checks` hashes or checks
/// at once (the decoy for an unknown account too, so that it takes as
/// long), on as many threads of their own; a request waits
/// `password_wait` for a turn, then gets [`AppError::Busy`] with nothing
/// done.
#[derive(Clone)]
pub struct PasswordChecks {
    turns: Arc<Semaphore>,
    wait: Duration,
    hashers: Arc<Hashers>,
}

impl PasswordChecks {
    pub fn new(s: &Settings) -> PasswordChecks {
        let n = usize::try_from(s.password_checks).unwrap_or(1).max(1);
        PasswordChecks {
            turns: Arc::new(Semaphore::new(n)),
            wait: s.password_wait,
            hashers: Arc::new(Hashers::start(n)),
        }
    }

    /// A turn, held by the hashing thread until its hash is done, even if
    /// the client has gone: the memory is in use until then.
    async fn turn(&self) -> AppResult<OwnedSemaphorePermit> {
        match tokio::time::timeout(self.wait, Arc::clone(&self.turns).acquire_owned()).await {
            Ok(Ok(turn)) => Ok(turn),
            Ok(Err(closed)) => Err(AppError::Internal(closed.into())),
            Err(_) => {
                tracing::warn!("password checks at their bound: request refused");
                crate::telemetry::busy("passwords");
                Err(AppError::Busy {
                    retry_after: seconds(self.wait),
                    work: BusyWith::Passwords,
                })
            }
        }
    }

    pub async fn hash(&self, password: Password) -> AppResult<String> {
        let turn = self.turn().await?;
        self.hashers
            .run(move || {
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
        self.hashers
            .run(move || {
                let ok = verify_blocking(&password, stored.as_deref());
                drop(turn);
                ok
            })
            .await
    }
}
