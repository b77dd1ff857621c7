use std::any::Any;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use axum::extract::Request;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use super::error::{ApiError, ErrorPage};
use super::language::{self, Ui};
use super::{AppState, identity, layout};
use crate::domain::{Tr, User};
use crate::error::AppError;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Drawn once per server start, so that ids of two runs do not meet in a
/// log; it tells nothing about the machine (the process id did).
static RUN: LazyLock<String> = LazyLock::new(|| crate::auth::secret::new_token()[..6].to_owned());

/// This run's mark and a counter: unique in the log of one server.
fn request_id() -> String {
    format!("{}-{}", *RUN, NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// Paths whose last segment is a one-time secret.
const SECRET_PATHS: &[&str] = &["/setup/"];

/// The path as the log may keep it: a one-time link's secret is masked.
fn logged_path(path: &str) -> std::borrow::Cow<'_, str> {
    match SECRET_PATHS.iter().find(|p| path.starts_with(**p)) {
        Some(prefix) => format!("{prefix}…").into(),
        None => path.into(),
    }
}

/// What an account that must enrol a second factor may still reach:
/// enrolment, the guides, signing out, the stylesheet and the language,
/// and the public portal, which needs no account at all.
const OPEN_BEFORE_ENROLMENT: &[&str] = &[
    "/account/second-factor",
    "/guide",
    "/public",
    "/logout",
    "/api/v1/login",
    "/api/v1/logout",
    "/api/v1/openapi.json",
    "/assets/",
    "/language",
    "/login",
    "/healthz",
    "/favicon.ico",
    "/robots.txt",
];

/// Whether this person must enrol a second factor before reaching `path`.
fn must_enrol(state: &AppState, user: &User, path: &str) -> bool {
    let open = |p: &&str| {
        path == *p
            || path
                .strip_prefix(*p)
                .is_some_and(|rest| rest.starts_with('/') || p.ends_with('/'))
    };
    state.settings.mfa.covers(user.role())
        && !user.second_factor
        && !OPEN_BEFORE_ENROLMENT.iter().any(open)
}

/// Longest request address the app answers; its own links stay far below.
pub const MAX_URI: usize = 8 * 1024;
/// Most header lines, and most bytes of headers, a request may have.
pub const MAX_HEADERS: usize = 100;
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// `414` or `431` for a request head longer than the app needs, answered
/// here rather than by the HTTP server so that it gets the security headers
/// and a request id like any other answer.
fn head_too_large(parts: &Parts) -> Option<AppError> {
    let uri = parts.uri.path_and_query().map_or(0, |p| p.as_str().len());
    if uri > MAX_URI {
        return Some(AppError::HeadTooLarge { uri: true });
    }
    let bytes: usize = parts
        .headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    (parts.headers.len() > MAX_HEADERS || bytes > MAX_HEADER_BYTES)
        .then_some(AppError::HeadTooLarge { uri: false })
}

/// Who the request is from, or why it goes no further: a head too large,
/// a session that cannot be read, an account that must enrol a second
/// factor before this page.
async fn admitted(state: &AppState, parts: &Parts) -> Result<Option<User>, AppError> {
    if let Some(e) = head_too_large(parts) {
        return Err(e);
    }
    match identity::authenticate(state, parts).await? {
        Some(u) if must_enrol(state, &u, parts.uri.path()) => Err(AppError::MustEnrol),
        user => Ok(user),
    }
}

/// Gives each request an id for the log, finds who is signed in and which
/// language they read, renders error pages in that language, and turns any
/// 5xx body into a generic page quoting the id: the detail is in the log only.
pub async fn request_context(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let id = request_id();
    let span = tracing::info_span!("request", id = %id, method = %req.method(), path = %logged_path(req.uri().path()));
    let (mut parts, body) = req.into_parts();
    let api = parts.uri.path().starts_with("/api/");
    let api_path = api.then(|| parts.uri.path().to_owned());
    let admitted = admitted(&state, &parts).instrument(span.clone()).await;
    let user = admitted.as_ref().ok().cloned().flatten();
    parts
        .extensions
        .insert(Tr::new(language::negotiate(user.as_ref(), &parts.headers)));
    if let (Some(u), false) = (&user, api) {
        note_unread(&state, u.id, &mut parts).await;
    }
    let ui = Ui::from_parts(&parts);
    let resp = match admitted {
        Ok(user) => {
            parts.extensions.insert(identity::Authenticated(user));
            next.run(Request::from_parts(parts, body))
                .instrument(span.clone())
                .await
        }
        Err(e) if api => span.in_scope(|| ApiError(e).into_response()),
        Err(e) => span.in_scope(|| e.into_response()),
    };
    let resp = match api_path {
        Some(path) => super::api::with_error_body(&path, explain_cross_site(resp, true, &ui)),
        None => explain_cross_site(resp, false, &ui),
    };
    let status = resp.status();
    span.in_scope(|| tracing::debug!(status = status.as_u16(), "done"));
    // A 503 is the app's own answer at one of its bounds (`AppError::Busy`),
    // with its message and Retry-After; any other 5xx is a fault.
    let mut resp = if status.is_server_error() && status != StatusCode::SERVICE_UNAVAILABLE {
        let _enter = span.enter();
        tracing::error!(status = status.as_u16(), "server error");
        server_error(resp, api, &id, &ui)
    } else {
        with_error_page(resp, &ui)
    };
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}

/// How many notifications the person has not read, for the page's menu.
async fn note_unread(state: &AppState, id: i64, parts: &mut Parts) {
    let unread = state
        .db
        .read_kept(&state.memos.unread, id, move |c| {
            crate::db::notifications::unread(c, id)
        })
        .await;
    if let Ok(n) = unread {
        parts.extensions.insert(language::Unread(*n));
    }
}

/// A 5xx body replaced by one quoting the request id: JSON for the API
/// (even when a handler panicked) and for a JSON answer, else a page.
fn server_error(resp: Response, api: bool, id: &str, ui: &Ui) -> Response {
    let status = resp.status();
    let wants_json = api
        || resp
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if wants_json {
        (
            status,
            axum::Json(serde_json::json!({
                "error": format!("internal error; reference {id}"), "field": null
            })),
        )
            .into_response()
    } else {
        let msg = ui
            .tr
            .t_args("error-internal-reference", &[("id", id.into())]);
        (status, layout::error_page(ui, status, &msg)).into_response()
    }
}

/// tower-http's cross-site refusal (marked with its `ProtectionError`) is a
/// bare 403: it gets the reason, as a page or as the API's JSON.
fn explain_cross_site(resp: Response, api: bool, ui: &Ui) -> Response {
    if resp
        .extensions()
        .get::<tower_http::csrf::ProtectionError>()
        .is_none()
    {
        return resp;
    }
    let msg = ui.tr.t("error-cross-site");
    if api {
        let body = serde_json::json!({ "error": Tr::EN.t("error-cross-site"), "field": null });
        return (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
    }
    (
        StatusCode::FORBIDDEN,
        layout::error_page(ui, StatusCode::FORBIDDEN, &msg),
    )
        .into_response()
}

/// The page of a refusal whose handler left its message as an
/// [`ErrorPage`], written in the reader's language.
fn with_error_page(mut resp: Response, ui: &Ui) -> Response {
    if let Some(ErrorPage(msg)) = resp.extensions_mut().remove::<ErrorPage>() {
        let page = layout::error_page(ui, resp.status(), &ui.tr.msg(&msg));
        *resp.body_mut() = Body::from(page.into_string());
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
    }
    resp
}

/// A handler that panicked; [`request_context`], outside this, replaces the
/// body with a page in the reader's language quoting the request id.
pub fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let detail = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default();
    tracing::error!(panic = %detail, "handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
