//! [`AppError`] at the edge: its status code, its headers, and the page or
//! JSON body a client gets.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::domain::Msg;
use crate::error::AppError;

/// Where a person enrols their second factor.
pub const ENROLMENT: &str = "/account/second-factor";

/// What HTTP makes of an [`AppError`].
pub trait HttpError {
    fn status(&self) -> StatusCode;
    /// The headers a client needs to act on the error.
    fn with_headers(&self, resp: Response) -> Response;
}

impl HttpError for AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::SignInRequired { .. } => StatusCode::SEE_OTHER,
            AppError::Unauthorized
            | AppError::BadCredentials
            | AppError::BadToken
            | AppError::CodeRequired => StatusCode::UNAUTHORIZED,
            AppError::Malformed { .. } => StatusCode::BAD_REQUEST,
            AppError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::MustEnrol => StatusCode::FORBIDDEN,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::HeadTooLarge { uri: true } => StatusCode::URI_TOO_LONG,
            AppError::HeadTooLarge { uri: false } => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn with_headers(&self, mut resp: Response) -> Response {
        match self {
            AppError::Unauthorized | AppError::BadCredentials | AppError::BadToken => {
                resp.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Bearer"),
                );
            }
            AppError::Throttled { retry_after } | AppError::Busy { retry_after, .. } => {
                resp.headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from(*retry_after));
            }
            _ => {}
        }
        resp
    }
}

/// A server error is logged in full; the client sees only a plain message.
fn log(e: &AppError) {
    if let AppError::Internal(e) = e {
        tracing::error!(error = format!("{e:#}"), "internal error");
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        log(&self);
        match &self {
            AppError::SignInRequired { next } => {
                let to = format!("/login?next={}", super::urlencode(next));
                Redirect::to(&to).into_response()
            }
            AppError::MustEnrol => Redirect::to(ENROLMENT).into_response(),
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
        log(&err);
        let field = match &err {
            AppError::Invalid { field, .. } => field.map(str::to_owned),
            AppError::Malformed { field, .. } => field.clone(),
            AppError::CodeRequired | AppError::MustEnrol => Some("otp".to_owned()),
            _ => None,
        };
        let message = match &err {
            AppError::Unauthorized => Msg::new("api-sign-in-first").to_string(),
            _ => err.public_message(),
        };
        let body = serde_json::json!({ "error": message, "field": field });
        err.with_headers((err.status(), axum::Json(body)).into_response())
    }
}
