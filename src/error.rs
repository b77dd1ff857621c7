//! The one error type, with no HTTP in it: use cases and handlers return
//! `Result<_, AppError>` and use `?`; `web::error` turns it into a page or
//! the JSON API's answer.

use crate::domain::{BadField, Invalid, Msg, Tr};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A page needs a signed-in user; browsers are sent to the sign-in page.
    #[error("sign in required")]
    SignInRequired { next: String },
    #[error("not signed in")]
    Unauthorized,
    /// Wrong email or password (the same for both).
    #[error("wrong email or password")]
    BadCredentials,
    /// A token or session cookie that was revoked, has expired or never existed.
    #[error("token not valid")]
    BadToken,
    /// The account has a second factor, and its code is missing, wrong or
    /// used already.
    #[error("second factor code required")]
    CodeRequired,
    /// The account must enrol a second factor before anything else.
    #[error("second factor enrolment required")]
    MustEnrol,
    #[error("{0}")]
    Forbidden(Msg),
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(Msg),
    #[error("{message}")]
    Invalid {
        field: Option<&'static str>,
        message: Msg,
    },
    /// A request that cannot be read as this operation's: a parameter or
    /// field it does not take, a body that is not JSON or not an object.
    #[error("{message}")]
    Malformed { field: Option<String>, message: Msg },
    /// A body that should be JSON and is sent as something else.
    #[error("body is not JSON")]
    NotJson,
    #[error("request body too large")]
    TooLarge,
    /// The request's address (`uri`) or its headers are longer than any
    /// the app sends or needs.
    #[error("request head too large")]
    HeadTooLarge { uri: bool },
    /// Too many sign-in attempts; the client may try again after this many seconds.
    #[error("too many sign-in attempts")]
    Throttled { retry_after: u64 },
    /// Costly work (password checks, report files) is at its bound; the
    /// client may try again after this many seconds. Nothing was done.
    #[error("busy with {work:?}")]
    Busy { retry_after: u64, work: BusyWith },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// What the server had too much of when it answered [`AppError::Busy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusyWith {
    Passwords,
    Files,
}

impl AppError {
    pub fn invalid(field: &'static str, err: Invalid) -> Self {
        AppError::Invalid {
            field: Some(field),
            message: err.0,
        }
    }

    pub fn forbidden(msg: impl Into<Msg>) -> Self {
        AppError::Forbidden(msg.into())
    }

    pub fn conflict(msg: impl Into<Msg>) -> Self {
        AppError::Conflict(msg.into())
    }

    /// What the user is told; internal detail stays in the log.
    pub fn public_msg(&self) -> Msg {
        match self {
            AppError::Internal(_) => Msg::new("error-internal"),
            AppError::NotFound => Msg::new("error-not-found"),
            AppError::Unauthorized | AppError::SignInRequired { .. } => {
                Msg::new("error-sign-in-first")
            }
            AppError::TooLarge => Msg::new("error-too-large"),
            AppError::BadCredentials => Msg::new("error-wrong-credentials"),
            AppError::BadToken => Msg::new("error-bad-token"),
            AppError::NotJson => Msg::new("api-not-json"),
            AppError::Malformed { message, .. } => message.clone(),
            AppError::HeadTooLarge { uri: true } => Msg::new("error-uri-too-long"),
            AppError::HeadTooLarge { uri: false } => Msg::new("error-headers-too-large"),
            AppError::CodeRequired => Msg::new("error-code-required"),
            AppError::MustEnrol => Msg::new("error-must-enrol"),
            AppError::Throttled { retry_after } => {
                Msg::new("sign-in-throttled").arg("seconds", *retry_after)
            }
            AppError::Busy { retry_after, work } => Msg::new(match work {
                BusyWith::Passwords => "error-busy-passwords",
                BusyWith::Files => "error-busy-files",
            })
            .arg("seconds", *retry_after),
            AppError::Forbidden(m) | AppError::Conflict(m) => m.clone(),
            AppError::Invalid { message, .. } => message.clone(),
        }
    }

    /// The public message in English, as the JSON API gives it.
    pub fn public_message(&self) -> String {
        self.public_msg().to_string()
    }

    /// The public message in the page's language.
    pub fn message_in(&self, tr: Tr) -> String {
        tr.msg(&self.public_msg())
    }
}

impl From<BadField> for AppError {
    fn from(e: BadField) -> Self {
        AppError::invalid(e.field, e.reason)
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::Internal(e.into())
    }
}

pub type AppResult<T> = Result<T, AppError>;
