//! The one error type. Handlers return `Result<_, AppError>` and use `?`;
//! pages render it as HTML, the JSON API wraps it in [`ApiError`].

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::domain::Invalid;
use crate::i18n::{Msg, Tr};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A page needs a signed-in user; browsers are sent to the sign-in page.
    #[error("sign in required")]
    SignInRequired { next: String },
    #[error("not signed in")]
    Unauthorized,
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
    #[error("request body too large")]
    TooLarge,
    /// Too many sign-in attempts; the client may try again after this many seconds.
    #[error("too many sign-in attempts")]
    Throttled { retry_after: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
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

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::SignInRequired { .. } => StatusCode::SEE_OTHER,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
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
            AppError::Throttled { retry_after } => {
                Msg::new("sign-in-throttled").arg("seconds", *retry_after)
            }
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

    /// The headers a client needs to act on the error.
    pub fn with_headers(&self, mut resp: Response) -> Response {
        match self {
            AppError::Unauthorized => {
                resp.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Bearer"),
                );
            }
            AppError::Throttled { retry_after } => {
                resp.headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from(*retry_after));
            }
            _ => {}
        }
        resp
    }

    fn log(&self) {
        if let AppError::Internal(e) = self {
            tracing::error!(error = format!("{e:#}"), "internal error");
        }
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

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        match &self {
            AppError::SignInRequired { next } => {
                let to = format!("/login?next={}", crate::web::urlencode(next));
                Redirect::to(&to).into_response()
            }
            _ => {
                // The page around the message needs the request's language
                // and address: the web middleware renders it from this.
                let status = self.status();
                let resp = (status, ErrorPage(self.public_msg())).into_response();
                self.with_headers(resp)
            }
        }
    }
}

/// An error for a person, to be rendered as a page by the web middleware.
#[derive(Debug, Clone)]
pub struct ErrorPage(pub Msg);

impl IntoResponse for ErrorPage {
    fn into_response(self) -> Response {
        let mut resp = Response::default();
        resp.extensions_mut().insert(self);
        resp
    }
}

/// The JSON face of [`AppError`]: `{"error": "...", "field": "..."}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let err = match self.0 {
            AppError::SignInRequired { .. } => AppError::Unauthorized,
            other => other,
        };
        err.log();
        let field = match &err {
            AppError::Invalid { field, .. } => *field,
            _ => None,
        };
        let body = serde_json::json!({ "error": err.public_message(), "field": field });
        err.with_headers((err.status(), axum::Json(body)).into_response())
    }
}

pub type AppResult<T> = Result<T, AppError>;
