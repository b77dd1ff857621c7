//! Property tests: random and hostile values thrown at every form, JSON body,
//! path id and query string, over real HTTP against the real app.
//!
//! Whatever comes in, three things hold: the answer is never a 5xx; a
//! refusal (4xx) leaves every table of the database exactly as it was (a
//! failed sign-in adds its one audit row and nothing else); an acceptance
//! writes exactly the records it should. Each test draws its inputs from a
//! fixed ChaCha seed, so a run is reproducible; `--nocapture` shows how many
//! inputs each route got.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::{Hash, Hasher};

use jpoa_tracker::domain::NewUpdate;
use jpoa_tracker::web::urlencode;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use reqwest::Method;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

use crate::helpers::{Client, PASSWORD, TestApp};

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

// ---------------------------------------------------------------------------
// The database before and after

/// Every row of every table: a short rendering to read, and a hash of the
/// whole row, so that a change anywhere in a long text is seen.
#[derive(Clone, PartialEq)]
struct Fingerprint {
    tables: BTreeMap<String, BTreeSet<String>>,
    max_audit_id: i64,
}

fn render(v: ValueRef<'_>, h: &mut impl Hasher) -> String {
    match v {
        ValueRef::Null => {
            0u8.hash(h);
            "NULL".into()
        }
        ValueRef::Integer(i) => {
            (1u8, i).hash(h);
            i.to_string()
        }
        ValueRef::Real(r) => {
            (2u8, r.to_bits()).hash(h);
            format!("{r:?}")
        }
        ValueRef::Text(t) => {
            (3u8, t).hash(h);
            let shown: String = String::from_utf8_lossy(&t[..t.len().min(48)]).into_owned();
            format!("{shown:?}{}", if t.len() > 48 { "…" } else { "" })
        }
        ValueRef::Blob(b) => {
            (4u8, b).hash(h);
            format!("blob:{}", b.len())
        }
    }
}

fn fingerprint(conn: &Connection) -> Fingerprint {
    // `update_counts` is derived (kept by triggers): checked against the
    // updates themselves rather than compared.
    crate::helpers::assert_counts_agree(conn);
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'update_counts'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut tables = BTreeMap::new();
    for name in names {
        // Names come from the schema itself, never from a request.
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let n = stmt.column_count();
        let rows: BTreeSet<String> = stmt
            .query_map([], |r| {
                // SipHash with fixed keys: the same row always hashes alike.
                let mut h = std::hash::DefaultHasher::new();
                let shown = (0..n)
                    .map(|i| render(r.get_ref(i).unwrap(), &mut h))
                    .collect::<Vec<_>>()
                    .join(" | ");
                Ok(format!("{shown} #{:016x}", h.finish()))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables.insert(name, rows);
    }
    let max_audit_id = conn
        .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
            r.get(0)
        })
        .unwrap();
    Fingerprint {
        tables,
        max_audit_id,
    }
}

/// Rows added and removed, per table that changed.
struct Diff(BTreeMap<String, (Vec<String>, Vec<String>)>);

impl Fingerprint {
    fn diff(&self, after: &Fingerprint) -> Diff {
        let empty = BTreeSet::new();
        let mut out = BTreeMap::new();
        let names: BTreeSet<&String> = self.tables.keys().chain(after.tables.keys()).collect();
        for name in names {
            let a = self.tables.get(name).unwrap_or(&empty);
            let b = after.tables.get(name).unwrap_or(&empty);
            let added: Vec<String> = b.difference(a).cloned().collect();
            let removed: Vec<String> = a.difference(b).cloned().collect();
            if !added.is_empty() || !removed.is_empty() {
                out.insert(name.clone(), (added, removed));
            }
        }
        Diff(out)
    }
}

impl Diff {
    /// (table, rows added, rows removed) of every table that changed.
    fn shape(&self) -> Vec<(String, usize, usize)> {
        self.0
            .iter()
            .map(|(t, (a, r))| (t.clone(), a.len(), r.len()))
            .collect()
    }

    /// Exactly these tables changed, by exactly these numbers of rows.
    fn expect(&self, want: &[(&str, usize, usize)]) -> Result<(), TestCaseError> {
        let mut want: Vec<(String, usize, usize)> = want
            .iter()
            .filter(|(_, a, r)| *a + *r > 0)
            .map(|(t, a, r)| ((*t).to_owned(), *a, *r))
            .collect();
        want.sort();
        if self.shape() == want {
            Ok(())
        } else {
            Err(fail(format!("expected changes {want:?}, got {self}")))
        }
    }

    fn unchanged(&self) -> Result<(), TestCaseError> {
        self.expect(&[])
    }
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return write!(f, "no change");
        }
        for (t, (added, removed)) in &self.0 {
            writeln!(f, "{t}: +{} -{}", added.len(), removed.len())?;
            for (sign, rows) in [("+", added), ("-", removed)] {
                for row in rows.iter().take(3) {
                    let row: String = row.chars().take(200).collect();
                    writeln!(f, "  {sign} {row}")?;
                }
            }
        }
        Ok(())
    }
}

/// The audit entries written since `before`: (actor_id, action, subject).
fn new_audit(conn: &Connection, before: &Fingerprint) -> Vec<(Option<i64>, String, String)> {
    conn.prepare("SELECT actor_id, action, subject FROM audit_log WHERE id > ?1 ORDER BY id")
        .unwrap()
        .query_map([before.max_audit_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn audit_actions(conn: &Connection, before: &Fingerprint) -> Vec<String> {
    new_audit(conn, before)
        .into_iter()
        .map(|(_, a, _)| a)
        .collect()
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

fn refused(a: &Answer) -> bool {
    (400..500).contains(&a.status)
}

/// Bodies over this get 413 before anything reads them.
const BODY_LIMIT: usize = jpoa_tracker::web::BODY_LIMIT;

/// A path id as the server reads it: a positive integer, else nothing.
fn id_of(segment: &str) -> Option<i64> {
    segment.parse::<i64>().ok().filter(|n| *n > 0)
}

// ---------------------------------------------------------------------------
// Hostile values

/// Pieces that have broken web apps before.
const SPICE: &[&str] = &[
    "",
    " ",
    "\0",
    "a\0b",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\x7f",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://x.example\",\"y\")",
    "=1+2",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "'; DROP TABLE updates; --",
    "\" OR 1=1 --",
    "Обучено 45 сотрудников",
    "ҚАЗАҚСТАН Ўзбекистон",
    "🎉",
    "👩‍👩‍👧‍👦",
    "\u{1F1F0}\u{1F1FF}",
    "é",
    "Ω≈ç√∫",
    "%",
    "%00",
    "%ZZ",
    "%C3%28",
    "&",
    "=",
    "&x=1",
    "+",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "../../etc/passwd",
    "\\\\server\\share",
    "null",
    "undefined",
    "[object Object]",
    "\u{FFFD}",
    "\u{10FFFF}",
];

/// Numbers at the edges, as text.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "2",
    "4",
    "5",
    "31",
    "365",
    "366",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551616",
    "99999999999999999999999999",
    "1e309",
    "-1e309",
    "1.5",
    "0.0",
    "NaN",
    "inf",
    "0x10",
    "1_000",
    "٣",
    "２０２４",
    "2024.0",
    "+2024",
    " 2024 ",
    "1e3",
];

const LONG: &[usize] = &[
    119, 120, 121, 200, 201, 254, 255, 2_000, 2_001, 5_000, 5_001, 10_000, 10_001, 30_000,
];

fn long() -> impl Strategy<Value = String> {
    (
        select(&["x", "я", "🎉", "=", "\u{202e}", " "][..]),
        select(LONG),
    )
        .prop_map(|(c, n)| c.repeat(n))
}

/// Anything at all: arbitrary Unicode (controls and NUL included), the
/// spice above alone or mixed into text, Cyrillic, very long strings and
/// numbers at their edges.
fn hostile() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "\\PC{0,40}",
        2 => "[а-яА-ЯёЁ0-9 ,.«»-]{0,40}",
        2 => select(SPICE).prop_map(str::to_owned),
        2 => (select(SPICE), "\\PC{0,12}", select(SPICE)).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        1 => long(),
        2 => select(NUMBERS).prop_map(str::to_owned),
    ]
    .boxed()
}

/// Mostly one of `valid`, sometimes one of `near` (what a person might
/// mistype), else something hostile.
fn one_of(valid: &'static [&'static str], near: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        8 => select(valid).prop_map(str::to_owned),
        1 => select(near).prop_map(str::to_owned),
        1 => hostile(),
    ]
    .boxed()
}

/// Printable text with something hostile mixed in: markup, formulas,
/// direction overrides, emoji. All of it must be kept exactly.
fn spiced() -> BoxedStrategy<String> {
    let printable: Vec<&'static str> = SPICE
        .iter()
        .copied()
        .filter(|s| !s.chars().any(char::is_control))
        .collect();
    (select(printable.clone()), "\\PC{0,20}", select(printable))
        .prop_map(|(a, b, c)| format!("{a}{b}{c}"))
        .boxed()
}

/// Path segments that name nothing or try to name too much.
const BAD_IDS: &[&str] = &[
    "0",
    "-1",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "99999999999999999999",
    "1.0",
    "1e3",
    "+1",
    "01",
    "0x1",
    "abc",
    "%00",
    "%20",
    "%E2%80%AE1",
    "%D9%A3",
    "%EF%BC%91",
    "1%2F2",
    "%25",
    "1;2",
    "null",
];

/// A path id: one of `good` (those the test set up), else a bad one.
fn path_id(good: Vec<String>) -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(good),
        1 => select(BAD_IDS).prop_map(str::to_owned),
    ]
    .boxed()
}

/// Fragments of a form or query string no browser would send.
const RAW: &[&str] = &[
    "%",
    "%Z",
    "%ZZ=1",
    "a=%FF%FE",
    "%C3%28=x",
    "==",
    "&&&",
    "=",
    "k",
    "a=b=c",
    "x%00=1",
    "%E2%80%AE=1",
    "+=+",
    "%F0%9F%8E%89=%F0%9F",
];

/// A form body or query string as it travels: each field present or not,
/// sometimes twice, with raw fragments, an unknown key, a wrong content type.
#[derive(Debug, Clone)]
struct Wire {
    pairs: Vec<(String, String)>,
    raw: Vec<String>,
    duplicated: bool,
    ctype: Ctype,
}

impl Wire {
    fn encode(&self) -> String {
        self.pairs
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .chain(self.raw.iter().cloned())
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The fields as the server reads them, when it can read them at all.
    fn clean(&self) -> bool {
        !self.duplicated && self.raw.is_empty() && self.ctype == Ctype::Form
    }

    fn get(&self, key: &str) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }

    fn body(&self) -> Option<(Ctype, String)> {
        Some((self.ctype, self.encode()))
    }
}

type Field = (&'static str, BoxedStrategy<String>);

/// Wires over `fields`, each present with probability `present`.
fn wire(fields: Vec<Field>, present: f64, ctypes: bool) -> BoxedStrategy<Wire> {
    let keys: Vec<&'static str> = fields.iter().map(|(k, _)| *k).collect();
    let values: Vec<BoxedStrategy<Option<(String, String)>>> = fields
        .into_iter()
        .map(|(k, s)| {
            prop::option::weighted(present, s)
                .prop_map(move |v| v.map(|v| (k.to_owned(), v)))
                .boxed()
        })
        .collect();
    let ctype = if ctypes {
        prop_oneof![
            20 => Just(Ctype::Form),
            1 => Just(Ctype::Missing),
            1 => Just(Ctype::Json),
            1 => Just(Ctype::Text),
        ]
        .boxed()
    } else {
        Just(Ctype::Form).boxed()
    };
    (
        values,
        prop::option::weighted(0.08, (select(keys), hostile())),
        prop::option::weighted(0.08, select(RAW)),
        prop::option::weighted(0.05, ("[a-z_]{1,12}", hostile())),
        ctype,
    )
        .prop_map(|(values, dup, raw, extra, ctype)| {
            let mut pairs: Vec<(String, String)> = values.into_iter().flatten().collect();
            let mut duplicated = false;
            if let Some((k, v)) = dup {
                duplicated = pairs.iter().any(|(p, _)| p == k);
                pairs.push((k.to_owned(), v));
            }
            if let Some((k, v)) = extra {
                duplicated |= pairs.iter().any(|(p, _)| *p == k);
                pairs.push((k, v));
            }
            Wire {
                pairs,
                raw: raw.map(|r| vec![r.to_owned()]).unwrap_or_default(),
                duplicated,
                ctype,
            }
        })
        .boxed()
}

/// A JSON value as text, and what it holds when the server can tell.
#[derive(Debug, Clone)]
enum Val {
    Str(String),
    Null,
    Other,
}

#[derive(Debug, Clone)]
struct JsonValue {
    text: String,
    val: Val,
}

const JSON_OTHER: &[&str] = &[
    "true",
    "false",
    "0",
    "-1",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "1e309",
    "-1e309",
    "1.5e-400",
    "0.1",
    "2024",
    "[]",
    "[\"2024\"]",
    "{}",
    "{\"a\":1}",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "NaN",
    "'single'",
    "\"unterminated",
    "\"\\x41\"",
];

fn json_value(s: BoxedStrategy<String>) -> BoxedStrategy<JsonValue> {
    prop_oneof![
        12 => s.prop_map(|s| JsonValue {
            text: serde_json::to_string(&s).unwrap(),
            val: Val::Str(s),
        }),
        1 => Just(JsonValue { text: "null".into(), val: Val::Null }),
        1 => select(JSON_OTHER).prop_map(|t| JsonValue { text: t.into(), val: Val::Other }),
    ]
    .boxed()
}

/// Whole bodies that are not the object asked for.
fn raw_json() -> BoxedStrategy<String> {
    prop_oneof![
        select(
            &[
                "",
                "{",
                "}",
                "[]",
                "null",
                "\"x\"",
                "42",
                "{\"period\": \"2024\", ",
                "\u{feff}{}",
                "{'period': '2024'}",
                "{\"period\":\"2024\",}",
                "period=2024&status=limited",
                "{\"email\":\"a@b.org\" \"password\":\"x\"}",
                "\0",
            ][..]
        )
        .prop_map(str::to_owned),
        (1usize..400).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
        (1usize..300).prop_map(|n| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n))),
        Just(format!("{{\"narrative_en\":\"{}\"}}", "x".repeat(300_000))),
        any::<String>(),
    ]
    .boxed()
}

#[derive(Debug, Clone)]
struct JsonBody {
    fields: Vec<(String, JsonValue)>,
    raw: Option<String>,
    duplicated: bool,
    ctype: Ctype,
}

impl JsonBody {
    fn text(&self) -> String {
        self.raw.clone().unwrap_or_else(|| {
            let parts: Vec<String> = self
                .fields
                .iter()
                .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), v.text))
                .collect();
            format!("{{{}}}", parts.join(","))
        })
    }

    /// Sent as JSON, an object, each key once, each value valid JSON.
    fn clean(&self) -> bool {
        self.raw.is_none()
            && !self.duplicated
            && self.ctype == Ctype::Json
            && serde_json::from_str::<serde_json::Value>(&self.text()).is_ok()
    }

    fn get(&self, key: &str) -> Option<&Val> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| &v.val)
    }

    /// A field the server reads as text: missing and null are "", anything
    /// else but a string is None.
    fn text_field(&self, key: &str) -> Option<String> {
        match self.get(key) {
            None | Some(Val::Null) => Some(String::new()),
            Some(Val::Str(s)) => Some(s.clone()),
            Some(Val::Other) => None,
        }
    }

    fn body(&self) -> Option<(Ctype, String)> {
        Some((self.ctype, self.text()))
    }
}

fn json_body(fields: Vec<Field>) -> BoxedStrategy<JsonBody> {
    let keys: Vec<&'static str> = fields.iter().map(|(k, _)| *k).collect();
    let values: Vec<BoxedStrategy<Option<(String, JsonValue)>>> = fields
        .into_iter()
        .map(|(k, s)| {
            prop::option::weighted(0.9, json_value(s))
                .prop_map(move |v| v.map(|v| (k.to_owned(), v)))
                .boxed()
        })
        .collect();
    (
        values,
        prop::option::weighted(0.08, (select(keys), json_value(hostile()))),
        prop::option::weighted(0.1, raw_json()),
        prop::option::weighted(0.05, ("[a-z_]{1,12}", json_value(hostile()))),
        prop_oneof![20 => Just(Ctype::Json), 1 => Just(Ctype::Missing), 1 => Just(Ctype::Form), 1 => Just(Ctype::Text)],
    )
        .prop_map(|(values, dup, raw, extra, ctype)| {
            let mut fields: Vec<(String, JsonValue)> = values.into_iter().flatten().collect();
            let mut duplicated = false;
            if let Some((k, v)) = dup {
                duplicated = fields.iter().any(|(p, _)| p == k);
                fields.push((k.to_owned(), v));
            }
            if let Some((k, v)) = extra {
                duplicated |= fields.iter().any(|(p, _)| *p == k);
                fields.push((k, v));
            }
            JsonBody {
                fields,
                raw,
                duplicated,
                ctype,
            }
        })
        .boxed()
}

// Field values: mostly plausible, often hostile.

const NEAR_PERIODS: &[&str] = &[
    "2021",
    "2032",
    "2024-H3",
    "2024-h1",
    "2024-",
    "24",
    "2024 H1",
    "2024-H1-H2",
];
const STATUSES: &[&str] = &[
    "not_started",
    "limited",
    "substantial",
    "complete",
    " complete ",
];
const NEAR_STATUSES: &[&str] = &["no_information", "Limited", "done", "not started"];

fn period() -> BoxedStrategy<String> {
    let all: Vec<String> = jpoa_tracker::domain::Period::all()
        .iter()
        .map(ToString::to_string)
        .chain([" 2026 ".to_owned()])
        .collect();
    prop_oneof![
        8 => select(all),
        1 => select(NEAR_PERIODS).prop_map(str::to_owned),
        1 => hostile(),
    ]
    .boxed()
}

fn status() -> BoxedStrategy<String> {
    one_of(STATUSES, NEAR_STATUSES)
}

fn narrative() -> BoxedStrategy<String> {
    prop_oneof![
        2 => "\\PC{1,60}",
        3 => spiced(),
        2 => "[а-яА-ЯёЁ0-9 ,.\n]{1,80}",
        1 => (select(&["я", "🎉", "x"][..]), select(&[9_999usize, 10_000][..])).prop_map(|(c, n)| c.repeat(n)),
        3 => hostile(),
    ]
    .boxed()
}

fn evidence_url() -> BoxedStrategy<String> {
    prop_oneof![
        2 => Just(String::new()),
        5 => "https?://[a-z]{1,10}\\.(org|kz|uz)/[a-zA-Z0-9_./?=&%-]{0,30}",
        1 => select(&[
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "https://",
            "https:///x",
            "HTTPS://GOV.KZ/A",
            "https://a.org/\u{202e}fdp.exe",
            "https://a.org/ b",
            "ftp://x.org",
            "//evil.example",
            "https://пример.рф/отчёт",
        ][..])
        .prop_map(str::to_owned),
        1 => hostile(),
    ]
    .boxed()
}

fn update_fields() -> Vec<Field> {
    vec![
        ("period", period()),
        ("status", status()),
        ("narrative_en", narrative()),
        ("narrative_ru", narrative()),
        ("evidence_url", evidence_url()),
    ]
}

const EMAILS: &[&str] = &[
    "kz@example.org",
    "rev@example.org",
    "admin@example.org",
    "donor@example.org",
];

fn email() -> BoxedStrategy<String> {
    prop_oneof![
        2 => select(EMAILS).prop_map(str::to_owned),
        1 => select(EMAILS).prop_map(|e| format!("  {}  ", e.to_uppercase())),
        3 => "[a-z0-9._+-]{1,16}@[a-z0-9-]{1,12}\\.(org|kz|рф)",
        1 => "[а-яё]{1,8}@[а-яё]{2,8}\\.рф",
        4 => hostile(),
    ]
    .boxed()
}

/// A password zxcvbn scores high: random lower-case words and digits.
fn strong_password() -> BoxedStrategy<String> {
    "[a-z]{5,9} [a-z]{5,9} [a-z]{5,9} [0-9]{2,4}".boxed()
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
    let now = jpoa_tracker::domain::now_utc();
    (0..n)
        .map(|i| {
            let returned = state == "returned";
            conn.execute(
                "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, state,
                    author_id, created_at, submitted_at, reviewer_id, reviewed_at, review_comment)
                 VALUES (?1, '2024', 20242, 'limited', ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    track,
                    format!("pool {i}"),
                    state,
                    author,
                    now,
                    returned.then_some(reviewer),
                    returned.then_some(now.clone()),
                    if returned { "more detail please" } else { "" }
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

// ---------------------------------------------------------------------------
// Signing in

#[test]
fn sign_in_form_and_api_refuse_anything_but_the_right_password_and_audit_each_failure() {
    let rt = runtime();
    let app = rt.block_on(async {
        let app = TestApp::spawn().await;
        app.add_standard_users().await;
        app
    });
    let conn = app.conn();
    let http = bare_client();
    let password = || prop_oneof![1 => Just(PASSWORD.to_owned()), 3 => hostile()].boxed();

    // A failed sign-in adds exactly one audit row naming the address tried,
    // and nothing else anywhere.
    let failed_audit =
        |before: &Fingerprint, email: Option<&str>, expected: usize| -> Result<(), TestCaseError> {
            let d = fingerprint(&conn);
            let d = before.diff(&d);
            d.expect(&[("audit_log", expected, 0)])?;
            for (actor, action, subject) in new_audit(&conn, before) {
                prop_assert_eq!(actor, None);
                prop_assert_eq!(action.as_str(), "session.sign_in_failed");
                if let Some(e) = email {
                    let e: String = e.trim().chars().take(254).collect();
                    prop_assert_eq!(subject, format!("email:{}", e.to_lowercase()));
                }
            }
            Ok(())
        };

    check(
        "POST /login",
        140,
        wire(
            vec![
                ("email", email()),
                ("password", password()),
                ("next", hostile()),
            ],
            0.9,
            true,
        ),
        |w| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let a = send(&http, Method::POST, &app.url("/login"), w.body(), None).await;
                never_5xx(&a)?;
                let email = w.clean().then(|| w.get("email"));
                match a.status {
                    303 => {
                        before
                            .diff(&fingerprint(&conn))
                            .expect(&[("sessions", 1, 0), ("audit_log", 1, 0)])?;
                        prop_assert_eq!(audit_actions(&conn, &before), vec!["session.sign_in"]);
                        prop_assert_eq!(w.get("password"), PASSWORD);
                        let next = &a.location;
                        prop_assert!(
                            next.starts_with('/')
                                && !next.starts_with("//")
                                && !next.contains('\\'),
                            "sign-in sends nowhere but this site: {:?}",
                            next
                        );
                    }
                    401 => failed_audit(&before, email, 1)?,
                    429 => {
                        let n = new_audit(&conn, &before).len();
                        failed_audit(&before, email, n.min(1))?;
                    }
                    s if refused(&a) => {
                        let oversize = w.encode().len() > BODY_LIMIT;
                        prop_assert!(
                            !w.clean() || oversize,
                            "{} for a readable form: {}",
                            s,
                            a.text()
                        );
                        before.diff(&fingerprint(&conn)).unchanged()?;
                    }
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );

    check(
        "POST /api/v1/login",
        140,
        json_body(vec![("email", email()), ("password", password())]),
        |b| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let a = send(
                    &http,
                    Method::POST,
                    &app.url("/api/v1/login"),
                    b.body(),
                    None,
                )
                .await;
                never_5xx(&a)?;
                let oversize = b.text().len() > BODY_LIMIT;
                let strings = match (b.get("email"), b.get("password")) {
                    (Some(Val::Str(e)), Some(Val::Str(p))) if b.clean() && !oversize => {
                        Some((e.clone(), p.clone()))
                    }
                    _ => None,
                };
                match a.status {
                    200 => {
                        before
                            .diff(&fingerprint(&conn))
                            .expect(&[("sessions", 1, 0), ("audit_log", 1, 0)])?;
                        prop_assert_eq!(audit_actions(&conn, &before), vec!["session.sign_in"]);
                        let v: serde_json::Value =
                            serde_json::from_slice(a.body.as_deref().unwrap_or_default())
                                .map_err(|e| fail(e.to_string()))?;
                        prop_assert!(v["token"].is_string());
                    }
                    401 => {
                        let (e, p) = strings
                            .ok_or_else(|| fail("401 for a body that is not two strings"))?;
                        // Over-long values are refused before any look-up:
                        // they can name no account and hold no password.
                        let looked_up = e.len() <= 254 && p.chars().count() <= 128;
                        failed_audit(&before, Some(&e), usize::from(looked_up))?;
                    }
                    429 => {
                        let n = new_audit(&conn, &before).len();
                        failed_audit(&before, strings.as_ref().map(|(e, _)| e.as_str()), n.min(1))?;
                    }
                    s if refused(&a) => {
                        prop_assert!(strings.is_none(), "{} for two strings: {}", s, a.text());
                        prop_assert!(
                            a.content_type.starts_with("application/json"),
                            "{}",
                            a.content_type
                        );
                        before.diff(&fingerprint(&conn)).unchanged()?;
                    }
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );
}

// ---------------------------------------------------------------------------
// Logging progress

/// After an accepted submission: one new update holding exactly what was
/// sent, and its audit entry.
fn one_new_update(
    conn: &Connection,
    before: &Fingerprint,
    fields: Option<&NewUpdate>,
    revises: Option<i64>,
) -> Result<(), TestCaseError> {
    before
        .diff(&fingerprint(conn))
        .expect(&[("updates", 1, 0), ("audit_log", 1, 0)])?;
    let (text, rev) = conn
        .query_row(
            "SELECT period, status, narrative_en, narrative_ru, evidence_url, state, revises_id
             FROM updates ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                let text = (0..6)
                    .map(|i| r.get::<_, String>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((text, r.get::<_, Option<i64>>(6)?))
            },
        )
        .unwrap();
    prop_assert_eq!(text[5].as_str(), "submitted");
    prop_assert_eq!(rev, revises);
    if let Some(u) = fields {
        let sent = [
            u.period.to_string(),
            u.status.as_str().to_owned(),
            u.narrative_en.as_str().to_owned(),
            u.narrative_ru.as_str().to_owned(),
            u.evidence_url.as_str().to_owned(),
        ];
        prop_assert_eq!(&text[..5], &sent[..], "what was sent is kept exactly");
    }
    Ok(())
}

#[test]
fn log_progress_form_api_and_revision_write_one_update_or_nothing() {
    let rt = runtime();
    let (app, kz, token, own, others, returned) = rt.block_on(async {
        let app = TestApp::spawn().await;
        app.add_standard_users().await;
        let kz = app.browser_as("kz@example.org").await;
        let token = app.token_for("kz@example.org").await;
        let own = vec![
            app.track("P1.02", "KZ").await,
            app.track("P2.01", "KZ").await,
        ];
        let others = vec![
            app.track("P1.02", "UZ").await,
            app.track("P1.01", "REG").await,
        ];
        let returned = insert_pool(&app, own[0], "kz@example.org", "returned", 30);
        (app, kz, token, own, others, returned)
    });
    let conn = app.conn();
    let api = bare_client();
    let track = || {
        prop_oneof![
            6 => select(ids(&own)),
            1 => select(ids(&others)),
            1 => select(BAD_IDS).prop_map(str::to_owned),
        ]
    };
    // Whose track a path names, as the server will read it.
    let country_of = |id: &str| -> Option<String> {
        let id = id_of(id)?;
        conn.query_row("SELECT country FROM tracks WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .ok()
    };
    let expect_parse = |w: &Wire| {
        NewUpdate::parse(
            w.get("period"),
            w.get("status"),
            w.get("narrative_en"),
            w.get("narrative_ru"),
            w.get("evidence_url"),
        )
    };

    check(
        "POST /tracks/{id}/updates",
        220,
        (track(), wire(update_fields(), 0.9, true)),
        |(id, w)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/tracks/{id}/updates");
                let a = send(&kz.http, Method::POST, &app.url(&path), w.body(), None).await;
                never_5xx(&a)?;
                let mine = country_of(&id).as_deref() == Some("KZ");
                let oversize = w.encode().len() > BODY_LIMIT;
                let parsed = (w.clean() && !oversize).then(|| expect_parse(&w));
                match a.status {
                    303 => {
                        prop_assert!(mine, "written on a track that is not theirs");
                        let u = parsed.as_ref().map(|p| {
                            p.as_ref()
                                .map_err(|e| fail(format!("accepted although {e}")))
                        });
                        let u = u.transpose()?;
                        one_new_update(&conn, &before, u, None)?;
                        prop_assert!(a.location.starts_with("/updates/"), "{}", a.location);
                    }
                    s if refused(&a) => {
                        if let (true, Some(Ok(_))) = (mine, &parsed) {
                            return Err(fail(format!("{s} for a valid update: {}", a.text())));
                        }
                        if let (true, Some(Err(_))) = (mine, &parsed) {
                            prop_assert_eq!(s, 422);
                        }
                        before.diff(&fingerprint(&conn)).unchanged()?;
                    }
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );

    // Fields the API does not take: who and where come from the account.
    let extra: Vec<Field> = vec![
        ("country", one_of(&["UZ", "REG"], &["KZ"])),
        ("state", one_of(&["accepted"], &["draft"])),
    ];
    check(
        "POST /api/v1/tracks/{id}/updates",
        220,
        (
            track(),
            json_body(update_fields().into_iter().chain(extra).collect()),
        ),
        |(id, b)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/api/v1/tracks/{id}/updates");
                let a = send(&api, Method::POST, &app.url(&path), b.body(), Some(&token)).await;
                never_5xx(&a)?;
                let mine = country_of(&id).as_deref() == Some("KZ");
                let fields: Option<Vec<String>> = [
                    "period",
                    "status",
                    "narrative_en",
                    "narrative_ru",
                    "evidence_url",
                ]
                .iter()
                .map(|k| b.text_field(k))
                .collect();
                let oversize = b.text().len() > BODY_LIMIT;
                let parsed = fields
                    .filter(|_| b.clean() && !oversize)
                    .map(|f| NewUpdate::parse(&f[0], &f[1], &f[2], &f[3], &f[4]));
                match a.status {
                    201 => {
                        prop_assert!(mine, "written on a track that is not theirs");
                        let u = parsed.as_ref().map(|p| {
                            p.as_ref()
                                .map_err(|e| fail(format!("accepted although {e}")))
                        });
                        one_new_update(&conn, &before, u.transpose()?, None)?;
                        let v: serde_json::Value =
                            serde_json::from_slice(a.body.as_deref().unwrap_or_default())
                                .map_err(|e| fail(e.to_string()))?;
                        prop_assert_eq!(&v["state"], "submitted");
                    }
                    s if refused(&a) => {
                        if let (true, Some(Ok(_))) = (mine, &parsed) {
                            return Err(fail(format!("{s} for a valid update: {}", a.text())));
                        }
                        prop_assert!(
                            a.content_type.starts_with("application/json"),
                            "{}",
                            a.content_type
                        );
                        before.diff(&fingerprint(&conn)).unchanged()?;
                    }
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );

    check(
        "POST /updates/{id}/revise",
        90,
        (path_id(ids(&returned)), wire(update_fields(), 0.9, true)),
        |(id, w)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/updates/{id}/revise");
                let a = send(&kz.http, Method::POST, &app.url(&path), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        let old =
                            id_of(&id).ok_or_else(|| fail("revised an update by a bad id"))?;
                        let u = w.clean().then(|| expect_parse(&w));
                        let u = u.as_ref().map(|p| {
                            p.as_ref()
                                .map_err(|e| fail(format!("accepted although {e}")))
                        });
                        one_new_update(&conn, &before, u.transpose()?, Some(old))?;
                    }
                    s if refused(&a) => before
                        .diff(&fingerprint(&conn))
                        .unchanged()
                        .map_err(|e| fail(format!("{s}: {e}")))?,
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );
}

// ---------------------------------------------------------------------------
// Reviewing

fn decision() -> BoxedStrategy<String> {
    one_of(
        &["accept", "return", " accept "],
        &["Accept", "reject", "", "ACCEPT"],
    )
}

fn comment() -> BoxedStrategy<String> {
    prop_oneof![2 => Just(String::new()), 3 => narrative(), 1 => long()].boxed()
}

/// After an accepted decision: the update changed state, with one audit entry.
fn one_decision(
    conn: &Connection,
    before: &Fingerprint,
    id: &str,
    decision: Option<&str>,
) -> Result<(), TestCaseError> {
    before
        .diff(&fingerprint(conn))
        .expect(&[("updates", 1, 1), ("audit_log", 1, 0)])?;
    let id = id_of(id).ok_or_else(|| fail("decided on a bad id"))?;
    let state: String = conn
        .query_row("SELECT state FROM updates WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    if let Some(d) = decision {
        let want = if d.trim() == "accept" {
            "accepted"
        } else {
            "returned"
        };
        prop_assert_eq!(state.as_str(), want);
    }
    Ok(())
}

#[test]
fn review_form_and_api_decide_once_or_change_nothing() {
    let rt = runtime();
    let (app, rev, admin_token, pool, own) = rt.block_on(async {
        let app = TestApp::spawn().await;
        app.add_standard_users().await;
        let rev = app.browser_as("rev@example.org").await;
        let admin = app.token_for("admin@example.org").await;
        let track = app.track("P1.02", "KZ").await;
        let pool = insert_pool(&app, track, "kz@example.org", "submitted", 260);
        let own = insert_pool(&app, track, "rev@example.org", "submitted", 3);
        (app, rev, admin, pool, own)
    });
    let conn = app.conn();
    let api = bare_client();
    let target = || {
        prop_oneof![
            8 => select(ids(&pool)),
            1 => select(ids(&own)),
            1 => select(BAD_IDS).prop_map(str::to_owned),
        ]
    };

    check(
        "POST /updates/{id}/review",
        200,
        (
            target(),
            wire(
                vec![("decision", decision()), ("comment", comment())],
                0.9,
                true,
            ),
        ),
        |(id, w)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/updates/{id}/review");
                let a = send(&rev.http, Method::POST, &app.url(&path), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        prop_assert!(
                            !id_of(&id).is_some_and(|n| own.contains(&n)),
                            "a reviewer decided on their own update"
                        );
                        one_decision(&conn, &before, &id, w.clean().then(|| w.get("decision")))?;
                    }
                    s if refused(&a) => before
                        .diff(&fingerprint(&conn))
                        .unchanged()
                        .map_err(|e| fail(format!("{s}: {e}")))?,
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );

    check(
        "POST /api/v1/updates/{id}/review",
        200,
        (
            target(),
            json_body(vec![("decision", decision()), ("comment", comment())]),
        ),
        |(id, b)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/api/v1/updates/{id}/review");
                let a = send(
                    &api,
                    Method::POST,
                    &app.url(&path),
                    b.body(),
                    Some(&admin_token),
                )
                .await;
                never_5xx(&a)?;
                match a.status {
                    200 => {
                        let d = match b.get("decision") {
                            Some(Val::Str(s)) if b.clean() => Some(s.as_str()),
                            _ => None,
                        };
                        one_decision(&conn, &before, &id, d)?;
                    }
                    s if refused(&a) => {
                        prop_assert!(
                            a.content_type.starts_with("application/json"),
                            "{}",
                            a.content_type
                        );
                        before
                            .diff(&fingerprint(&conn))
                            .unchanged()
                            .map_err(|e| fail(format!("{s}: {e}")))?
                    }
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );
}

// ---------------------------------------------------------------------------
// Administration: accounts, reporting cycles, snapshots

#[test]
fn admin_forms_create_one_account_one_schedule_one_snapshot_or_nothing() {
    let rt = runtime();
    let (app, admin) = rt.block_on(async {
        let app = TestApp::spawn().await;
        app.add_standard_users().await;
        let admin = app.browser_as("admin@example.org").await;
        (app, admin)
    });
    let conn = app.conn();

    check(
        "POST /admin/users",
        150,
        wire(
            vec![
                ("email", email()),
                (
                    "name",
                    prop_oneof![3 => "\\PC{1,30}", 1 => "[А-Яа-яё ]{1,30}", 3 => hostile()].boxed(),
                ),
                (
                    "role",
                    one_of(
                        &[
                            "admin",
                            "reviewer",
                            "donor",
                            "donor",
                            "focal-point",
                            "focal-point",
                        ],
                        &["Admin", "focal_point"],
                    ),
                ),
                (
                    "country",
                    one_of(&["", "", "", "KZ", "kg", "TJ", "TM", "UZ"], &["REG", "RU"]),
                ),
            ],
            0.92,
            true,
        ),
        |w| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let a = send(
                    &admin.http,
                    Method::POST,
                    &app.url("/admin/users"),
                    w.body(),
                    None,
                )
                .await;
                never_5xx(&a)?;
                match a.status {
                    201 => {
                        before.diff(&fingerprint(&conn)).expect(&[
                            ("users", 1, 0),
                            ("password_tokens", 1, 0),
                            ("audit_log", 2, 0),
                        ])?;
                        let mut acts = audit_actions(&conn, &before);
                        acts.sort();
                        prop_assert_eq!(acts, vec!["user.create", "user.password_link"]);
                    }
                    s if refused(&a) => before
                        .diff(&fingerprint(&conn))
                        .unchanged()
                        .map_err(|e| fail(format!("{s}: {e}")))?,
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );

    let docs: Vec<i64> = jpoa_tracker::db::schedules::all(&conn)
        .unwrap()
        .iter()
        .map(|d| d.document_id)
        .collect();
    const CURRENT: &str = "<current version>";
    check(
        "POST /admin/reporting/{id}",
        150,
        (
            path_id(ids(&docs)),
            wire(
                vec![
                    ("cycle", one_of(&["annual", "semiannual", " annual "], &["Annual", "quarterly"])),
                    ("due_days", prop_oneof![6 => (0u16..=365).prop_map(|n| n.to_string()), 1 => select(NUMBERS).prop_map(str::to_owned), 1 => hostile()].boxed()),
                    ("version", prop_oneof![8 => Just(CURRENT.to_owned()), 1 => select(NUMBERS).prop_map(str::to_owned), 1 => hostile()].boxed()),
                ],
                0.92,
                true,
            ),
        ),
        |(id, mut w)| {
            rt.block_on(async {
                let version = jpoa_tracker::db::schedules::all(&conn)
                    .unwrap()
                    .iter()
                    .find(|d| Some(d.document_id) == id_of(&id))
                    .map_or(0, |d| d.version);
                for (k, v) in &mut w.pairs {
                    if k == "version" && v == CURRENT {
                        *v = version.to_string();
                    }
                }
                let before = fingerprint(&conn);
                let path = format!("/admin/reporting/{id}");
                let a = send(&admin.http, Method::POST, &app.url(&path), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        // The document's first schedule is a new row; a later one replaces it.
                        let replaced = usize::from(version > 0);
                        before
                            .diff(&fingerprint(&conn))
                            .expect(&[("reporting_cycles", 1, replaced), ("audit_log", 1, 0)])?;
                        prop_assert_eq!(audit_actions(&conn, &before), vec!["settings.reporting_cycle"]);
                    }
                    s if refused(&a) => before.diff(&fingerprint(&conn)).unchanged().map_err(|e| fail(format!("{s}: {e}")))?,
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );

    let as_of = || {
        prop_oneof![
            4 => "202[2-5]-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])",
            1 => select(&["2099-01-01", "2024-02-30", "2024-13-01", "0000-01-01", "+2024-01-01", "2024-1-5", "1999-12-31", "2101-01-01", "2024/01/01", "20240101"][..]).prop_map(str::to_owned),
            2 => hostile(),
        ]
        .boxed()
    };
    check(
        "POST /snapshots",
        45,
        wire(
            vec![
                ("name", prop_oneof![2 => "\\PC{1,20}", 1 => "[А-Яа-яё 0-9]{1,20}", 2 => spiced(), 2 => hostile()].boxed()),
                ("as_of", as_of()),
                ("pillar", one_of(&["", "1", "2", "IV"], &["5", "0"])),
                ("country", one_of(&["", "KZ", "uz", "REG"], &["RU"])),
            ],
            0.92,
            true,
        ),
        |w| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let a = send(&admin.http, Method::POST, &app.url("/snapshots"), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        before.diff(&fingerprint(&conn)).expect(&[
                            ("snapshots", 1, 0),
                            ("snapshot_reports", 4, 0),
                            ("snapshot_files", 24, 0),
                            ("audit_log", 1, 0),
                        ])?;
                        prop_assert!(a.location.starts_with("/snapshots/"), "{}", a.location);
                    }
                    s if refused(&a) => before.diff(&fingerprint(&conn)).unchanged().map_err(|e| fail(format!("{s}: {e}")))?,
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );
}

// ---------------------------------------------------------------------------
// One's own account, the language switch, one-time links

#[test]
fn password_change_language_switch_and_setup_links_change_only_what_they_should() {
    let rt = runtime();
    let (app, donor, rev) = rt.block_on(async {
        let app = TestApp::spawn().await;
        app.add_standard_users().await;
        let donor = app.browser_as("donor@example.org").await;
        let rev = app.browser_as("rev@example.org").await;
        (app, donor, rev)
    });
    let conn = app.conn();
    let current = std::cell::RefCell::new(PASSWORD.to_owned());
    const CURRENT: &str = "<current password>";
    const SAME: &str = "<same as password>";

    check(
        "POST /account",
        60,
        wire(
            vec![
                ("current", prop_oneof![3 => Just(CURRENT.to_owned()), 1 => hostile()].boxed()),
                ("password", prop_oneof![2 => strong_password(), 1 => Just("donor example org 2024".to_owned()), 2 => hostile()].boxed()),
                ("password2", prop_oneof![3 => Just(SAME.to_owned()), 1 => hostile()].boxed()),
            ],
            0.95,
            true,
        ),
        |mut w| {
            rt.block_on(async {
                let new_password = w.get("password").to_owned();
                for (k, v) in &mut w.pairs {
                    if v == CURRENT {
                        v.clone_from(&current.borrow());
                    } else if k == "password2" && v == SAME {
                        v.clone_from(&new_password);
                    }
                }
                let before = fingerprint(&conn);
                let a = send(&donor.http, Method::POST, &app.url("/account"), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        // The hash changes, every session ends, this browser gets a new one.
                        before
                            .diff(&fingerprint(&conn))
                            .expect(&[("users", 1, 1), ("sessions", 1, 1), ("audit_log", 2, 0)])?;
                        prop_assert_eq!(audit_actions(&conn, &before), vec!["user.password_set", "session.sign_in"]);
                        let was = current.borrow().clone();
                        prop_assert_eq!(w.get("current"), was.as_str());
                        *current.borrow_mut() = new_password;
                    }
                    s if refused(&a) => before.diff(&fingerprint(&conn)).unchanged().map_err(|e| fail(format!("{s}: {e}")))?,
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );

    check(
        "POST /language",
        150,
        wire(
            vec![
                ("lang", one_of(&["en", "ru", "RU", " ru "], &["kk", "en-US", ""])),
                ("next", prop_oneof![2 => "/[a-z/?=&]{0,20}", 1 => select(&["//evil.example", "/\\evil.example", "https://evil.example/", "/\t/evil.example", "javascript:alert(1)", "/%0d%0aSet-Cookie:x=1"][..]).prop_map(str::to_owned), 2 => hostile()].boxed()),
            ],
            0.9,
            true,
        ),
        |w| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let a = send(&rev.http, Method::POST, &app.url("/language"), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        let next = &a.location;
                        prop_assert!(
                            next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')
                                && next.bytes().all(|b| b.is_ascii_graphic()),
                            "the switch sends nowhere but this site: {:?}",
                            next
                        );
                        let d = before.diff(&fingerprint(&conn));
                        if !d.0.is_empty() {
                            d.expect(&[("users", 1, 1), ("audit_log", 1, 0)])?;
                            prop_assert_eq!(audit_actions(&conn, &before), vec!["user.language"]);
                        }
                    }
                    s if refused(&a) => before.diff(&fingerprint(&conn)).unchanged().map_err(|e| fail(format!("{s}: {e}")))?,
                    s => return Err(fail(format!("unexpected {s}: {}", a.text()))),
                }
                Ok(())
            })
        },
    );

    let anonymous = Client::new(&app);
    check(
        "POST /setup/{token}",
        60,
        (
            prop_oneof![
                "[A-Za-z0-9_-]{0,64}",
                select(BAD_IDS).prop_map(str::to_owned),
                Just("x".repeat(5000))
            ],
            wire(
                vec![
                    ("name", hostile()),
                    ("email", email()),
                    (
                        "password",
                        prop_oneof![strong_password(), hostile()].boxed(),
                    ),
                    ("password2", hostile()),
                ],
                0.9,
                true,
            ),
        ),
        |(token, w)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/setup/{token}");
                let a = send(
                    &anonymous.http,
                    Method::POST,
                    &app.url(&path),
                    w.body(),
                    None,
                )
                .await;
                never_5xx(&a)?;
                prop_assert!(refused(&a), "an unknown link was taken: {}", a.status);
                before.diff(&fingerprint(&conn)).unchanged()
            })
        },
    );
}

// ---------------------------------------------------------------------------
// Query strings, path ids and tokens of what is only read

fn report_query_fields() -> Vec<Field> {
    vec![
        (
            "pillar",
            one_of(&["", "1", "2", "3", "4", "I", "IV"], &["5", "0"]),
        ),
        (
            "country",
            one_of(&["", "KZ", "kg", "TJ", "TM", "UZ", "REG"], &["RU"]),
        ),
        (
            "theme",
            one_of(
                &["", "youth", "repatriation", "tolerance"],
                &["YOUTH", "no-such-theme"],
            ),
        ),
        (
            "status",
            one_of(
                &["", "no_information", "not_started", "limited", "complete"],
                NEAR_STATUSES,
            ),
        ),
        ("from", period()),
        ("to", period()),
        (
            "as_of",
            one_of(
                &["", "2024-12-31", "2023-06-30", "2031-12-31", "2024-02-29"],
                &["2023-02-29", "2024-13-01", "1999-01-01"],
            ),
        ),
        (
            "q",
            prop_oneof![1 => "[a-zа-я0-9 ]{0,10}", 1 => hostile()].boxed(),
        ),
        ("lang", one_of(&["", "en", "ru"], &["kk"])),
        ("sep", one_of(&["", "comma", "semicolon", ";"], &["tab"])),
        (
            "action",
            one_of(&["", "session.sign_in", "update.submit"], &["no.such"]),
        ),
        ("actor", hostile()),
        ("done", hostile()),
        ("next", hostile()),
    ]
}

#[test]
fn query_strings_path_ids_and_tokens_never_break_a_page_or_write_anything() {
    let rt = runtime();
    let (app, admin, token, commitment, snapshot) = rt.block_on(async {
        let app = TestApp::spawn().await;
        app.add_standard_users().await;
        let admin = app.browser_as("admin@example.org").await;
        let token = app.token_for("admin@example.org").await;
        let r = admin
            .post_form(
                "/snapshots",
                &[("name", "Baseline"), ("as_of", "2024-12-31")],
            )
            .await;
        assert_eq!(r.status(), 303);
        let commitment = app
            .count("SELECT id FROM commitments WHERE code = 'P1.02'")
            .await;
        let snapshot = app.count("SELECT max(id) FROM snapshots").await;
        (app, admin, token, commitment, snapshot)
    });
    let conn = app.conn();
    let api = bare_client();
    let untouched = fingerprint(&conn);

    let file = || {
        (
            select(
                &[
                    "commitments",
                    "progress",
                    "status-matrix",
                    "timeline",
                    "secrets",
                    "",
                    "..",
                    "progress.csv",
                ][..],
            ),
            select(&["csv", "xlsx", "json", "", "CSV"][..]),
        )
            .prop_map(|(n, e)| format!("{n}.{e}"))
    };
    let fixed = |p: &'static str| Just((p, p.to_owned()));
    let route = prop_oneof![
        fixed("/"),
        fixed("/commitments"),
        path_id(vec![commitment.to_string()])
            .prop_map(|id| ("/commitments/{id}", format!("/commitments/{id}"))),
        fixed("/due"),
        fixed("/reports"),
        file().prop_map(|f| ("/reports/{file}", format!("/reports/{f}"))),
        (path_id(vec![snapshot.to_string()]), file())
            .prop_map(|(id, f)| ("/snapshots/{id}/{file}", format!("/snapshots/{id}/{f}"))),
        fixed("/admin/audit"),
        fixed("/admin/audit.csv"),
        fixed("/api/v1/commitments"),
        path_id(vec![commitment.to_string()]).prop_map(|id| (
            "/api/v1/commitments/{id}",
            format!("/api/v1/commitments/{id}")
        )),
        fixed("/review"),
        fixed("/login"),
    ];
    let tried: std::cell::RefCell<BTreeMap<&str, u32>> = Default::default();
    check(
        "GET pages, reports and the API with query strings",
        420,
        (route, wire(report_query_fields(), 0.2, false)),
        |((label, path), mut w)| {
            rt.block_on(async {
                // A URL of some kilobytes is enough; far longer ones are the
                // HTTP server's business (431), not the app's.
                for (_, v) in &mut w.pairs {
                    *v = v.chars().take(1000).collect();
                }
                let url = format!("{}?{}", app.url(&path), w.encode());
                let api_call = path.starts_with("/api/");
                let a = if api_call {
                    send(&api, Method::GET, &url, None, Some(&token)).await
                } else {
                    send(&admin.http, Method::GET, &url, None, None).await
                };
                *tried.borrow_mut().entry(label).or_default() += 1;
                never_5xx(&a)?;
                prop_assert!(
                    a.status == 200 || refused(&a),
                    "unexpected {}: {}",
                    a.status,
                    a.text()
                );
                let body = a.body.as_deref().unwrap_or_default();
                if a.status == 200 && a.content_type.starts_with("text/csv") {
                    prop_assert!(
                        body.starts_with(b"\xEF\xBB\xBF"),
                        "a CSV starts with its BOM"
                    );
                }
                if api_call {
                    prop_assert!(
                        serde_json::from_slice::<serde_json::Value>(body).is_ok(),
                        "the API answers JSON: {}",
                        a.text()
                    );
                }
                untouched.diff(&fingerprint(&conn)).unchanged()
            })
        },
    );
    for (route, n) in tried.borrow().iter() {
        eprintln!("props:   GET {route}: {n}");
    }

    // Who is asking: any bearer token or session cookie that is not a live one is nobody.
    let anonymous = bare_client();
    check(
        "Authorization and session cookie headers",
        150,
        (
            hostile().prop_map(|s| s.chars().take(2000).collect::<String>()),
            any::<bool>(),
        ),
        |(secret, as_cookie)| {
            rt.block_on(async {
                let value = if as_cookie {
                    format!("jpoa_session={secret}")
                } else {
                    format!("Bearer {secret}")
                };
                let Ok(value) = reqwest::header::HeaderValue::from_str(&value) else {
                    return Ok(()); // not a header any client can send
                };
                let name = if as_cookie {
                    reqwest::header::COOKIE
                } else {
                    reqwest::header::AUTHORIZATION
                };
                for (method, path) in [
                    (Method::GET, "/api/v1/commitments"),
                    (Method::GET, "/"),
                    (Method::POST, "/api/v1/logout"),
                ] {
                    let r = anonymous
                        .request(method, app.url(path))
                        .header(name.clone(), value.clone())
                        .send()
                        .await
                        .unwrap();
                    let status = r.status().as_u16();
                    ANSWERED.with_borrow_mut(|s| *s.entry(status).or_default() += 1);
                    prop_assert!(r.bytes().await.is_ok());
                    prop_assert!(
                        status == 303 || (400..500).contains(&status),
                        "{}: {}",
                        path,
                        status
                    );
                }
                untouched.diff(&fingerprint(&conn)).unchanged()
            })
        },
    );
}
