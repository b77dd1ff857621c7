//! Extractors that turn malformed input into our one error type: a clear 4xx
//! page or JSON body, never axum's plain-text default.

use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::domain::Msg;
use crate::error::{AppError, AppResult};

fn rejection(status: StatusCode, text: impl Into<Msg>) -> AppError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::Invalid {
            field: None,
            message: text.into(),
        }
    }
}

/// `application/x-www-form-urlencoded` body.
pub struct ValidForm<T>(pub T);

impl<S, T> FromRequest<S> for ValidForm<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(ValidForm(v)),
            Err(e @ FormRejection::BytesRejection(_)) => Err(rejection(e.status(), e.body_text())),
            Err(e) => Err(rejection(
                e.status(),
                Msg::new("err-form-unreadable").arg("detail", e.body_text()),
            )),
        }
    }
}

/// A path id: anything but a positive integer names nothing, hence 404.
pub fn parse_id(s: &str) -> AppResult<i64> {
    s.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or(AppError::NotFound)
}

/// The version a form was read at (optimistic concurrency).
pub fn parse_version(s: &str) -> AppResult<i64> {
    s.trim()
        .parse::<i64>()
        .map_err(|_| AppError::invalid("version", crate::domain::Invalid::new("version")))
}

/// A query string; one that cannot be read (a repeated key, a value of the
/// wrong kind) gets 422 like any other invalid input.
pub struct ValidQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ValidQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| ValidQuery(v))
            .map_err(|e| AppError::Invalid {
                field: None,
                message: Msg::new("err-query-unreadable").arg("detail", e.body_text()),
            })
    }
}

/// The path parameters of a route (one, by default); a path that cannot be
/// read names nothing.
pub struct ValidPath<T = String>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for ValidPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| ValidPath(v))
            .map_err(|_| AppError::NotFound)
    }
}

/// A new id for a form being shown (see `domain::FormId`): 128 random bits.
pub fn new_form_id() -> String {
    crate::auth::secret::new_token()[..32].to_owned()
}
