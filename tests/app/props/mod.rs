//! Property tests: random and hostile values thrown at every form, JSON body,
//! path id and query string, over real HTTP against the real app.
//!
//! Whatever comes in, three things hold: the answer is never a 5xx; a
//! refusal (4xx) leaves every table of the database exactly as it was (a
//! failed sign-in adds its one audit row and nothing else); an acceptance
//! writes exactly the records it should. Each test draws its inputs from a
//! fixed ChaCha seed, so a run is reproducible; `--nocapture` shows how many
//! inputs each route got.
//!
//! This module runs properties over HTTP; `values` holds the hostile field
//! values, `forms` and `json` the bodies built from them, and `fingerprint`
//! the database before and after. The tests are named by the routes they
//! feed.

mod account;
mod admin;
mod conversation;
mod fingerprint;
mod forms;
mod json;
mod need_to_know;
mod queries;
mod review;
mod sign_in;
mod updates;
mod values;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use reqwest::Method;

/// Bodies over this get 413 before anything reads them.
use crate::helpers::BODY_LIMIT;
use crate::helpers::{TestApp, now_utc};

// ---------------------------------------------------------------------------
// Running properties over HTTP

thread_local! {
    /// The statuses answered to the route being checked on this thread.
    static ANSWERED: std::cell::RefCell<BTreeMap<u16, u32>> = Default::default();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Runs `test` on `cases` inputs drawn from `strategy` with a seed fixed by
/// `route`, shrinking a failure to a small input, and says how many inputs
/// were tried.
fn check<S>(
    route: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: fmt::Debug,
{
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 300,
        rng_algorithm: RngAlgorithm::ChaCha,
        ..Config::default()
    };
    // FNV-1a of the route: each route its own fixed stream of inputs.
    let mut seed = [0u8; 32];
    let h = route.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    seed[..8].copy_from_slice(&h.to_le_bytes());
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
    let started = std::time::Instant::now();
    let tried = Cell::new(0u32);
    ANSWERED.with_borrow_mut(BTreeMap::clear);
    let result = runner.run(&strategy, |v| {
        tried.set(tried.get() + 1);
        test(v)
    });
    let statuses = ANSWERED.with_borrow(|s| {
        s.iter()
            .map(|(status, n)| format!("{status}×{n}"))
            .collect::<Vec<_>>()
            .join(" ")
    });
    eprintln!(
        "props: {route}: {} inputs in {:.1} s ({statuses})",
        tried.get(),
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{route}: {e}");
    }
}

fn fail(msg: impl Into<String>) -> TestCaseError {
    TestCaseError::fail(msg.into())
}

/// What came back: the status, where a redirect points, and the whole body
/// (an error while reading it means a response cut short).
#[derive(Debug)]
struct Answer {
    status: u16,
    location: String,
    content_type: String,
    body: Result<Vec<u8>, String>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(self.body.as_deref().unwrap_or_default())
            .chars()
            .take(300)
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctype {
    Form,
    Json,
    Missing,
    Text,
}

impl Ctype {
    fn header(self) -> Option<&'static str> {
        match self {
            Ctype::Form => Some("application/x-www-form-urlencoded"),
            Ctype::Json => Some("application/json"),
            Ctype::Missing => None,
            Ctype::Text => Some("text/plain; charset=utf-8"),
        }
    }
}

async fn send(
    http: &reqwest::Client,
    method: Method,
    url: &str,
    body: Option<(Ctype, String)>,
    bearer: Option<&str>,
) -> Answer {
    let first = send_once(http, method.clone(), url, body.clone(), bearer).await;
    if first.status != 0 {
        return first;
    }
    // A server that answers before reading a body it refuses (wrong type,
    // too large) closes the connection, and the client may see the reset
    // instead of the answer. Nothing was read, so nothing was done: ask again.
    eprintln!("props: {method} {url}: {:?}; sent again", first.body);
    send_once(http, method, url, body, bearer).await
}

async fn send_once(
    http: &reqwest::Client,
    method: Method,
    url: &str,
    body: Option<(Ctype, String)>,
    bearer: Option<&str>,
) -> Answer {
    let mut req = http.request(method, url);
    if let Some((ctype, body)) = body {
        if let Some(h) = ctype.header() {
            req = req.header(reqwest::header::CONTENT_TYPE, h);
        }
        req = req.body(body);
    }
    if let Some(t) = bearer {
        req = req.header(reqwest::header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let r = match req.send().await {
        Ok(r) => r,
        Err(e) => {
            return Answer {
                status: 0,
                location: String::new(),
                content_type: String::new(),
                body: Err(format!("no answer: {e:?}")),
            };
        }
    };
    let header = |name| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (location, content_type) = (
        header(reqwest::header::LOCATION),
        header(reqwest::header::CONTENT_TYPE),
    );
    let status = r.status().as_u16();
    ANSWERED.with_borrow_mut(|s| *s.entry(status).or_default() += 1);
    let body = r
        .bytes()
        .await
        .map(|b| b.to_vec())
        .map_err(|e| e.to_string());
    Answer {
        status,
        location,
        content_type,
        body,
    }
}

/// A client that keeps no cookies and follows no redirects.
fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The one rule for every answer: no 5xx, a body read to its end, and a
/// refusal that changed nothing.
fn never_5xx(a: &Answer) -> Result<(), TestCaseError> {
    if a.status == 0 {
        return Err(fail(format!("{:?}", a.body)));
    }
    if a.status >= 500 {
        return Err(fail(format!("server error {}: {}", a.status, a.text())));
    }
    if let Err(e) = &a.body {
        return Err(fail(format!("{}: body cut short: {e}", a.status)));
    }
    Ok(())
}

/// An answer no rule expects.
fn unexpected(a: &Answer) -> TestCaseError {
    fail(format!("unexpected {}: {}", a.status, a.text()))
}

fn refused(a: &Answer) -> bool {
    (400..500).contains(&a.status)
}

/// A path id as the server reads it: a positive integer, else nothing.
fn id_of(segment: &str) -> Option<i64> {
    segment.parse::<i64>().ok().filter(|n| *n > 0)
}

// ---------------------------------------------------------------------------
// Shared set-up

fn insert_pool(app: &TestApp, track: i64, author: &str, state: &str, n: usize) -> Vec<i64> {
    let conn = app.conn();
    let user = |email: &str| -> i64 {
        conn.query_row("SELECT id FROM users WHERE email = ?1", [email], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let (author, reviewer) = (user(author), user("admin@example.org"));
    let now = now_utc();
    (0..n)
        .map(|i| {
            let returned = state == "returned";
            conn.execute(
                "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, state,
                    author_id, created_at, submitted_at, reviewer_id, reviewed_at, review_comment)
                 VALUES (?1, '2024', 20242, 'limited', ?2, ?3, ?4, ?5, ?9, ?6, ?7, ?8)",
                rusqlite::params![
                    track,
                    format!("pool {i}"),
                    state,
                    author,
                    now,
                    returned.then_some(reviewer),
                    returned.then_some(now.clone()),
                    if returned { "more detail please" } else { "" },
                    // A draft has not been submitted.
                    (state != "draft").then(|| now.clone()),
                ],
            )
            .unwrap();
            conn.last_insert_rowid()
        })
        .collect()
}

fn ids(v: &[i64]) -> Vec<String> {
    v.iter().map(i64::to_string).collect()
}
