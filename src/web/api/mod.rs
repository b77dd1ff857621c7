//! The JSON API under `/api/v1`, described by the OpenAPI document it
//! serves at `/api/v1/openapi.json` and held to it: a route that is not
//! described, or a description without a route, fails the tests, and what
//! a request may send is read from the description.

mod commitments;
mod cycles;
mod doc;
mod input;
mod lists;
mod paging;
mod schema;
mod session;
mod snapshots;
mod updates;

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use super::identity::{presented, signed_in};
use super::routes::Routes;
use crate::domain::{Msg, User};
use crate::error::AppError;
use paging::ListParams;

type ApiResult<T> = Result<T, ApiError>;

pub fn router() -> Routes {
    Routes::new()
        .get("/openapi.json", doc::openapi_json)
        .post("/login", session::login)
        .post("/logout", session::logout)
        .get("/me", session::me)
        .get("/me/updates", lists::my_updates)
        .get("/commitments", commitments::list)
        .get("/commitments/{id}", commitments::show)
        .post("/tracks/{id}/updates", updates::submit)
        .get("/updates/{id}", updates::show)
        .put("/updates/{id}", updates::edit_draft)
        .post("/updates/{id}/submit", updates::submit_draft)
        .post("/updates/{id}/revise", updates::revise)
        .post("/updates/{id}/review", updates::review)
        .post("/updates/{id}/sensitivity", updates::change_sensitivity)
        .get("/updates/{id}/comments", updates::comments)
        .post("/updates/{id}/comments", updates::add_comment)
        .get("/updates/{id}/comments/{comment_id}", updates::comment)
        .get("/review-queue", lists::review_queue)
        .get("/due", lists::due_reports)
        .get("/snapshots", snapshots::list)
        .post("/snapshots", snapshots::freeze)
        .get("/snapshots/{id}", snapshots::show)
        .get("/snapshots/{id}/files/{file}", snapshots::download)
        .get("/cycles", cycles::list)
        .put("/cycles/{id}", cycles::set)
        .route_layer(axum::middleware::from_fn(input::known_parameters))
}

/// What the API answers for a path it does not have.
pub async fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

/// A user signed in with a bearer token (or the browser session); 401
/// otherwise, saying whether a token was missing or did not work.
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match signed_in(state, parts).await? {
            Some(u) => Ok(ApiUser(u)),
            None if presented(&parts.headers).is_some() => Err(ApiError(AppError::BadToken)),
            None => Err(ApiError(AppError::Unauthorized)),
        }
    }
}

/// `201` with the new thing's address.
fn created(location: String, body: impl serde::Serialize) -> Response {
    let mut resp = (StatusCode::CREATED, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

/// An API answer that left the router without a body of ours (a method
/// the path does not take, a request that timed out) gets the one error
/// shape, `{"error", "field"}`; `405` keeps its `Allow`.
pub fn with_error_body(path: &str, resp: Response) -> Response {
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error())
        || resp.headers().contains_key(header::CONTENT_TYPE)
    {
        return resp;
    }
    let message = match status {
        // The router adds `Allow` after this runs; the document knows it.
        StatusCode::METHOD_NOT_ALLOWED => {
            Msg::new("api-method-not-allowed").arg("allow", doc::methods_of(path).join(", "))
        }
        StatusCode::REQUEST_TIMEOUT => Msg::new("api-timeout"),
        _ => Msg::new("api-refused").arg("status", i64::from(status.as_u16())),
    };
    let (mut parts, _) = resp.into_parts();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = serde_json::json!({ "error": message.to_string(), "field": null });
    Response::from_parts(parts, axum::body::Body::from(body.to_string()))
}
