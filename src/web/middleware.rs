use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Gives each request an id for the log, and turns any 5xx body into a
/// generic page quoting that id: the detail is in the log only.
pub async fn request_context(req: Request, next: Next) -> Response {
    let id = format!(
        "{:x}-{}",
        std::process::id(),
        NEXT_ID.fetch_add(1, Ordering::Relaxed)
    );
    let span =
        tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path());
    let mut resp = next.run(req).instrument(span.clone()).await;
    let status = resp.status();
    span.in_scope(|| tracing::debug!(status = status.as_u16(), "done"));
    if status.is_server_error() {
        let _enter = span.enter();
        tracing::error!(status = status.as_u16(), "server error");
        let wants_json = resp
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        resp = if wants_json {
            (
                status,
                axum::Json(serde_json::json!({
                    "error": format!("internal error; reference {id}"), "field": null
                })),
            )
                .into_response()
        } else {
            let msg = format!(
                "Something went wrong on our side and nothing was saved. If it happens again, \
                 give this reference to the administrator: {id}"
            );
            (status, super::layout::error_page(status, &msg)).into_response()
        };
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}

pub fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let detail = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default();
    tracing::error!(panic = %detail, "handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        super::layout::error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side and nothing was saved.",
        ),
    )
        .into_response()
}
