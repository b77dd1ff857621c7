//! `GET /metrics` for the people who run the server, and the measure of
//! every request it answers.
//!
//! Who may read the metrics: a client on loopback that came straight to
//! the server, or anyone presenting `Authorization: Bearer` with
//! `JPOA_METRICS_TOKEN`. A client that presents a wrong token gets `401`
//! (from loopback too, so that a misconfigured scraper hears why); anyone
//! else gets the `404` of any unknown address. A request that a proxy
//! forwarded (`Forwarded`, `X-Forwarded-For`, `X-Real-IP`) is not taken for
//! a loopback client: behind a proxy on the same machine every client comes
//! from loopback, and only the token opens the metrics then.

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::identity::{ClientAddr, bearer};
use super::routes::Routes;
use crate::auth::secret;
use crate::db::outbox;
use crate::error::{AppError, AppResult};
use crate::settings::MetricsToken;
use crate::telemetry::{self, Scraped};

pub fn router() -> Routes {
    Routes::new().get("/metrics", metrics)
}

/// What a request for the metrics gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Open,
    /// 404, as for any address the app does not serve.
    Hidden,
    /// 401: a bearer token that is not the metrics token.
    WrongToken,
}

/// Who may read the metrics; see the module's documentation.
pub fn access(
    peer: IpAddr,
    forwarded: bool,
    token: Option<&MetricsToken>,
    presented: Option<&str>,
) -> Access {
    match (token, presented) {
        // Compared as hashes: the time taken tells nothing of the token.
        (Some(t), Some(p)) if secret::hash(t.as_str()) == secret::hash(p) => Access::Open,
        (Some(_), Some(_)) => Access::WrongToken,
        _ if peer.to_canonical().is_loopback() && !forwarded => Access::Open,
        _ => Access::Hidden,
    }
}

/// Whether a proxy says it forwarded this request.
fn forwarded(headers: &HeaderMap) -> bool {
    ["forwarded", "x-forwarded-for", "x-real-ip"]
        .iter()
        .any(|h| headers.contains_key(*h))
}

async fn metrics(
    State(state): State<AppState>,
    from: ClientAddr,
    headers: HeaderMap,
) -> AppResult<Response> {
    let token = state.settings.metrics_token.as_ref();
    match access(from.0, forwarded(&headers), token, bearer(&headers)) {
        Access::Open => {}
        Access::Hidden => return Err(AppError::NotFound),
        Access::WrongToken => return Err(AppError::BadToken),
    }
    let handle = telemetry::install()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no metrics recorder")))?;
    let now = scrape(&state).await?;
    let text = "text/plain; version=0.0.4; charset=utf-8";
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(text))],
        telemetry::render(handle, &now),
    )
        .into_response())
}

/// The figures read at each scrape: the sizes of the database file and
/// its write-ahead log, and the outbox by state.
async fn scrape(state: &AppState) -> AppResult<Scraped> {
    let path = state.db.path().to_path_buf();
    let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut wal = path.clone().into_os_string();
    wal.push("-wal");
    let figures = state.db.read(outbox::figures).await?;
    Ok(Scraped {
        db_bytes: size(&path),
        wal_bytes: size(std::path::Path::new(&wal)),
        queued: figures.queued,
        retrying: figures.retrying,
        failed: figures.failed,
        sent: figures.sent,
    })
}

/// The route patterns the app serves: a request's route label is one of
/// these or `unmatched`, never the path it was sent to.
#[derive(Clone)]
pub struct Known(Arc<HashSet<String>>);

impl Known {
    pub fn new(routes: &[super::routes::Route]) -> Known {
        Known(Arc::new(routes.iter().map(|r| r.path.clone()).collect()))
    }

    fn label(&self, matched: Option<&MatchedPath>) -> String {
        matched
            .map(MatchedPath::as_str)
            .filter(|p| self.0.contains(*p))
            .unwrap_or("unmatched")
            .to_owned()
    }
}

/// A method as a label: the ones the app serves and `other`, so that a
/// client cannot make up new series.
fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts each request by route pattern, method and status, and times it
/// to its answer's head (a streamed body may go on after).
pub async fn measured(State(known): State<Known>, req: Request, next: Next) -> Response {
    let route = known.label(req.extensions().get::<MatchedPath>());
    let method = method_label(req.method());
    let began = Instant::now();
    let resp = next.run(req).await;
    telemetry::request(method, route, resp.status().as_u16(), began.elapsed());
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> MetricsToken {
        crate::settings::Settings::from_args(["--metrics-token", "a-token-of-twenty-chars"])
            .unwrap()
            .metrics_token
            .unwrap()
    }

    #[test]
    fn loopback_or_the_token_opens_the_metrics_and_nothing_else_does() {
        let (lo, lo6, mapped) = (
            IpAddr::from([127, 0, 0, 1]),
            "::1".parse().unwrap(),
            "::ffff:127.0.0.1".parse().unwrap(),
        );
        let far = IpAddr::from([192, 0, 2, 7]);
        let t = token();
        let right = Some("a-token-of-twenty-chars");
        let wrong = Some("a-token-of-twenty-chaRS");
        for peer in [lo, lo6, mapped] {
            assert_eq!(access(peer, false, None, None), Access::Open, "{peer}");
            assert_eq!(access(peer, false, Some(&t), None), Access::Open, "{peer}");
            assert_eq!(
                access(peer, false, None, wrong),
                Access::Open,
                "no token set"
            );
            assert_eq!(access(peer, false, Some(&t), wrong), Access::WrongToken);
            // Through a proxy on this machine: only the token counts.
            assert_eq!(access(peer, true, None, None), Access::Hidden);
            assert_eq!(access(peer, true, Some(&t), None), Access::Hidden);
            assert_eq!(access(peer, true, Some(&t), right), Access::Open);
        }
        assert_eq!(access(far, false, None, None), Access::Hidden);
        assert_eq!(access(far, false, None, right), Access::Hidden);
        assert_eq!(access(far, false, Some(&t), None), Access::Hidden);
        assert_eq!(access(far, false, Some(&t), wrong), Access::WrongToken);
        assert_eq!(access(far, false, Some(&t), right), Access::Open);
        assert_eq!(access(far, true, Some(&t), right), Access::Open);
        // The unspecified address of a server started without peers.
        let none = IpAddr::from([0, 0, 0, 0]);
        assert_eq!(access(none, false, None, None), Access::Hidden);
    }

    #[test]
    fn a_route_label_is_a_pattern_of_the_app_or_unmatched() {
        let known = Known::new(&[super::super::routes::Route {
            method: "GET",
            path: "/updates/{id}".into(),
        }]);
        assert_eq!(known.label(None), "unmatched");
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").unwrap()), "other");
    }
}
