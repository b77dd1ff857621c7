//! The web app: pages (maud, no JavaScript needed) and the JSON API.

mod account;
mod admin;
mod api;
mod audit;
mod commitments;
mod dashboard;
mod download;
mod due;
pub mod error;
mod forgot;
mod forms;
mod guide;
mod identity;
mod import;
mod inbox;
mod kept;
pub mod language;
pub mod layout;
mod middleware;
mod monitoring;
mod outbox;
pub mod paging;
mod public;
mod reports;
pub mod routes;
mod schedules;
mod second_factor;
mod session;
mod snapshots;
mod stream;
mod updates;
mod views;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::auth::password::PasswordChecks;
use crate::auth::throttle::SignInThrottle;
use crate::db::Db;
use crate::db::memo::Memo;
use crate::db::users::{Session, SessionKind};
use crate::domain::Role;
use crate::services::clock::Clock;
use crate::settings::Settings;
use routes::{Route, Routes};

pub use identity::{CurrentUser, cookie_name};
pub use middleware::{MAX_HEADER_BYTES, MAX_HEADERS, MAX_URI};

/// The default of [`Settings::body_limit`]: form and JSON bodies larger than
/// this get 413. Each text field has its own limit in characters.
pub const BODY_LIMIT: usize = 256 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The address people reach the tracker at (`https://…`), when it is
    /// served behind a proxy; links handed out are built from it.
    pub base_url: Option<Arc<str>>,
    pub sign_ins: Arc<SignInThrottle>,
    /// Password hashes and checks, a few at once.
    pub passwords: PasswordChecks,
    /// XLSX and snapshot files built, a few at once.
    pub file_builds: download::FileBuilds,
    /// "Forgot your password?" requests, per account and address.
    pub resets: Arc<SignInThrottle>,
    /// Where the server listens, for links in mail when no base URL is set.
    pub listening: Option<Arc<str>>,
    /// The time the server's own jobs go by.
    pub clock: Arc<Clock>,
    pub settings: Arc<Settings>,
    pub memos: Memos,
}

/// Figures kept until the record changes (see `db::memo`), one set per server;
/// what is read from sessions, accounts or notifications too is kept until
/// anything in the file changes.
#[derive(Clone)]
pub struct Memos {
    pub dashboard: Arc<Memo<dashboard::FiguresKey, views::dashboard::Figures>>,
    pub commitment: Arc<Memo<commitments::ShownKey, views::commitments::Shown>>,
    pub lists: Arc<Memo<(String, String), commitments::Listed>>,
    /// Sessions as stored, by secret hash; their times are checked at each use.
    pub sessions: Arc<Memo<(String, SessionKind), Option<Session>>>,
    /// What waits for each person (returned to them, in review), by account and role.
    pub counts: Arc<Memo<(i64, Role), (i64, i64)>>,
    /// Each person's unread notifications, for the header.
    pub unread: Arc<Memo<i64, i64>>,
}

impl Memos {
    /// Past its size a memo drops what was read before the last change,
    /// and if that is not enough, all.
    fn new(s: &Settings) -> Memos {
        use crate::db::memo::Follows::{File, Record};
        let size = |n: u32| usize::try_from(n).unwrap_or(usize::MAX);
        Memos {
            dashboard: Arc::new(Memo::new("dashboard", Record, size(s.kept_dashboards))),
            commitment: Arc::new(Memo::new("commitment", Record, size(s.kept_pages))),
            lists: Arc::new(Memo::new("lists", Record, size(s.kept_lists))),
            sessions: Arc::new(Memo::new("sessions", File, size(s.kept_people))),
            counts: Arc::new(Memo::new("counts", File, size(s.kept_people))),
            unread: Arc::new(Memo::new("unread", File, size(s.kept_people))),
        }
    }
}

impl AppState {
    /// The app with the documented default settings.
    pub fn new(db: Db) -> AppState {
        AppState::with_settings(db, Settings::defaults())
    }

    pub fn with_settings(db: Db, settings: Settings) -> AppState {
        AppState {
            db,
            base_url: None,
            sign_ins: Arc::new(SignInThrottle::new(&settings)),
            passwords: PasswordChecks::new(&settings),
            file_builds: download::FileBuilds::new(&settings),
            resets: Arc::new(SignInThrottle::for_resets(&settings)),
            listening: None,
            clock: Arc::new(Clock::default()),
            memos: Memos::new(&settings),
            settings: Arc::new(settings),
        }
    }

    pub fn with_request_timeout(mut self, limit: Duration) -> AppState {
        Arc::make_mut(&mut self.settings).request_timeout = limit;
        self
    }

    pub fn with_base_url(mut self, base_url: Option<String>) -> AppState {
        self.base_url = base_url.map(Arc::from);
        self
    }

    /// The server's own address, `http://HOST:PORT`, for links in mail
    /// when no base URL is set.
    pub fn listening_at(mut self, addr: std::net::SocketAddr) -> AppState {
        self.listening = Some(Arc::from(format!("http://{addr}")));
        self
    }

    /// The site's address in links that leave it (mail): the base URL, or
    /// else where the server listens. Never the request's `Host`.
    pub fn link_base(&self) -> String {
        self.base_url
            .as_deref()
            .or(self.listening.as_deref())
            .unwrap_or("http://127.0.0.1:8080")
            .trim_end_matches('/')
            .to_owned()
    }

    /// Cookies are marked `Secure` when people reach the site over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.base_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

/// Every route of the app, declared once: the router serves them and
/// [`route_table`] lists them.
fn routes(s: &Settings) -> Routes {
    Routes::new()
        .get("/healthz", || async { "ok" })
        .merge(session::router())
        .merge(forgot::router())
        .merge(dashboard::router())
        .merge(commitments::router())
        .merge(updates::router())
        .merge(reports::router())
        .merge(account::router())
        .merge(inbox::router())
        .merge(second_factor::router())
        .merge(admin::router())
        .merge(import::router(s))
        .merge(guide::router())
        .merge(audit::router())
        .merge(outbox::router())
        .merge(due::router())
        .merge(snapshots::router())
        .merge(schedules::router())
        .merge(layout::router())
        .merge(language::router())
        .merge(public::router(s))
        .merge(monitoring::router())
        .nest("/api/v1", api::router(), api::not_found)
}

/// Method and path pattern of every route the app serves, sorted.
pub fn route_table() -> Vec<Route> {
    routes(&Settings::defaults()).into_parts().1
}

/// The whole application; `main` and the tests build the same one.
pub fn app(state: AppState) -> Router {
    let csp = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
               frame-ancestors 'none'; base-uri 'none'";
    let (router, table) = routes(&state.settings).into_parts();
    // One recorder per process, from the first app on.
    crate::telemetry::install();
    // Only where people reach the site over HTTPS: a browser then refuses
    // plain HTTP to it for a year.
    let hsts = state
        .secure_cookies()
        .then(|| HeaderValue::from_static("max-age=31536000"));
    router
        .fallback(|| async { crate::error::AppError::NotFound })
        .layer(DefaultBodyLimit::max(
            usize::try_from(state.settings.body_limit).unwrap_or(BODY_LIMIT),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.settings.request_timeout,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            middleware::panic_response,
        ))
        // Inside the request's context, so that a cross-site refusal gets
        // its request id and a page that says why.
        .layer(tower_http::csrf::CsrfLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::request_context,
        ))
        // Outside the request's context, so that it counts the status the
        // client gets.
        .layer(axum::middleware::from_fn_with_state(
            monitoring::Known::new(&table),
            monitoring::measured,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        // Pages are never cached, but the stylesheet and the public
        // portal's pages and files, which set their own.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            move |_: &axum::response::Response| hsts.clone(),
        ))
        .layer(compression())
        .with_state(state)
}

/// The pages use none of the browser's powerful features.
const PERMISSIONS: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/// gzip for clients that ask for it: pages, the stylesheet, CSV (streamed
/// as before, chunk by chunk) and JSON. XLSX files are zip archives already.
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().compress_when(DefaultPredicate::new().and(
        NotForContentType::const_new("application/vnd.openxmlformats-officedocument"),
    ))
}

/// Percent-encodes a query-string value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Builds `path?k=v&…` from pairs, skipping nothing: callers pass only set values.
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let q: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect();
    format!("{path}?{}", q.join("&"))
}
