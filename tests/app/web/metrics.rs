//! `GET /metrics`: read by the Prometheus project's own parser after real
//! traffic on the real binary, and opened only to loopback or the token.
//!
//! The parser (Python's `prometheus_client`) is pinned in
//! `tests/metrics/requirements.txt` and installed by scripts/test into
//! `tests/metrics/.venv`. Without it the parser test is skipped with a note,
//! unless JPOA_REQUIRE_PROMETHEUS is set (as scripts/test does), in which
//! case it fails.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

use serde_json::{Value, json};

use crate::helpers::{Settings, TestApp, bin, query_value, route_table, run};

const VENV_PYTHON: &str = "tests/metrics/.venv/bin/python";
const PARSER: &str = "tests/metrics/parse.py";

/// A password for the test's accounts: strong enough to be accepted, and
/// not a word the exposition could hold otherwise.
const PASSWORD: &str = "quartz lantern orbit 7731";

/// The parser's interpreter, when it is installed.
fn parser_or_skip() -> Option<PathBuf> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(VENV_PYTHON);
    let ok = std::process::Command::new(&python)
        .args(["-c", "import prometheus_client"])
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some(python);
    }
    let msg = format!(
        "{VENV_PYTHON} has no prometheus_client (scripts/test installs it from \
         tests/metrics/requirements.txt)"
    );
    assert!(
        std::env::var_os("JPOA_REQUIRE_PROMETHEUS").is_none(),
        "JPOA_REQUIRE_PROMETHEUS is set but {msg}"
    );
    eprintln!("note: metrics parser test skipped: {msg}");
    None
}

/// The families the parser found in `text`; the test fails with the
/// parser's reason if it refuses the text.
fn parse(python: &Path, text: &str) -> Vec<Value> {
    let mut child = std::process::Command::new(python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(PARSER))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "prometheus_client refused the exposition: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The real server on a port of its own, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(db: &Path, args: &[&str]) -> Server {
        let mut child = bin()
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base = lines
            .map(Result::unwrap)
            .find(|l| l.starts_with("jpoa-tracker is serving"))
            .and_then(|l| {
                l.rsplit(' ')
                    .next()
                    .map(|u| u.trim_end_matches('/').to_owned())
            })
            .expect("the server says where it listens");
        Server { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The samples named `name` whose labels include all of `labels`.
fn samples<'a>(families: &'a [Value], name: &str, labels: &[(&str, &str)]) -> Vec<&'a Value> {
    families
        .iter()
        .flat_map(|f| f["samples"].as_array().unwrap())
        .filter(|s| s["name"] == name)
        .filter(|s| labels.iter().all(|(k, v)| s["labels"][*k] == *v))
        .collect()
}

/// The sum of the values of those samples.
fn total(families: &[Value], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples(families, name, labels)
        .iter()
        .map(|s| s["value"].as_f64().unwrap())
        .sum()
}

/// Every histogram's buckets are cumulative and its `+Inf` bucket is its count.
fn assert_histograms_hold_together(families: &[Value]) {
    for f in families.iter().filter(|f| f["type"] == "histogram") {
        let name = f["name"].as_str().unwrap();
        let mut series: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
        let mut counts: BTreeMap<String, f64> = BTreeMap::new();
        for s in f["samples"].as_array().unwrap() {
            let mut labels = s["labels"].as_object().unwrap().clone();
            let le = labels.remove("le");
            let key = Value::Object(labels).to_string();
            let value = s["value"].as_f64().unwrap();
            if s["name"] == format!("{name}_bucket") {
                let le = match le.unwrap() {
                    Value::String(inf) if inf == "+Inf" || inf == "inf" => f64::INFINITY,
                    Value::String(b) => b.parse().unwrap(),
                    b => b.as_f64().unwrap(),
                };
                series.entry(key).or_default().push((le, value));
            } else if s["name"] == format!("{name}_count") {
                counts.insert(key, value);
            }
        }
        assert!(!series.is_empty(), "{name} has buckets");
        for (key, mut buckets) in series {
            buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
            assert!(
                buckets.windows(2).all(|w| w[0].1 <= w[1].1),
                "{name}{key}: buckets are cumulative: {buckets:?}"
            );
            let (le, last) = *buckets.last().unwrap();
            assert!(le.is_infinite(), "{name}{key} ends with +Inf");
            assert_eq!(
                Some(&last),
                counts.get(&key),
                "{name}{key}: +Inf is the count"
            );
        }
    }
}

/// What each family must be, with its type: the README's list.
const FAMILIES: &[(&str, &str)] = &[
    ("jpoa_http_requests", "counter"),
    ("jpoa_http_request_duration_seconds", "histogram"),
    ("jpoa_sign_ins", "counter"),
    ("jpoa_busy", "counter"),
    ("jpoa_db_write_group_size", "histogram"),
    ("jpoa_db_write_group_duration_seconds", "histogram"),
    ("jpoa_db_commit_duration_seconds", "histogram"),
    ("jpoa_db_commit_failures", "counter"),
    ("jpoa_kept_lookups", "counter"),
    ("jpoa_db_file_bytes", "gauge"),
    ("jpoa_db_wal_bytes", "gauge"),
    ("jpoa_outbox_mails", "gauge"),
    ("jpoa_outbox_retrying_mails", "gauge"),
    ("jpoa_build_info", "gauge"),
];

#[tokio::test]
async fn the_exposition_reads_with_prometheus_own_parser_after_real_traffic() {
    let Some(python) = parser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let add = |email: &str, role: &str, country: Option<&str>| {
        let mut args = vec!["user", "add", "--email", email, "--name", "Test Person"];
        args.extend(["--role", role]);
        if let Some(c) = country {
            args.extend(["--country", c]);
        }
        let (ok, _, err) = run(&args, &db, &format!("{PASSWORD}\n"));
        assert!(ok, "{err}");
    };
    add("admin@example.org", "admin", None);
    add("kz@example.org", "focal-point", Some("KZ"));
    // A mail in the outbox: the invitation, waiting for a mail server.
    let invite = [
        "user",
        "invite",
        "--email",
        "donor@example.org",
        "--name",
        "A Donor",
        "--role",
        "donor",
    ];
    let (ok, _, err) = run(&invite, &db, "");
    assert!(ok, "{err}");
    let track: i64 = query_value(
        &db,
        "SELECT t.id FROM tracks t JOIN commitments c ON c.id = t.commitment_id
         WHERE c.code = 'P1.02' AND t.country = 'KZ'",
    );
    // One failure for an account is judged, the next trips its throttle.
    let server = Server::start(&db, &["--account-burst", "1", "--account-every", "1h"]);
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // A page; a sign-in, and the dashboard twice (kept figures: a miss, a hit).
    assert_eq!(
        http.get(server.url("/login"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let form = [("email", "kz@example.org"), ("password", PASSWORD)];
    let r = http
        .post(server.url("/login"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    for _ in 0..2 {
        assert_eq!(
            http.get(server.url("/")).send().await.unwrap().status(),
            200
        );
    }
    // An API sign-in, a read and a write with its token.
    let api = reqwest::Client::new();
    let r = api
        .post(server.url("/api/v1/login"))
        .json(&json!({"email": "kz@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let token = r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = api
        .get(server.url("/api/v1/commitments"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = api
        .post(server.url(&format!("/api/v1/tracks/{track}/updates")))
        .bearer_auth(&token)
        .json(
            &json!({"period": "2024", "status": "limited", "narrative_en": "Trained 40 officers"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let update = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let r = http
        .get(server.url(&format!("/updates/{update}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Wrong passwords for an account nobody has, until the throttle refuses one.
    let guess = [
        ("email", "nobody@example.org"),
        ("password", "wrong guess 1"),
    ];
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let s = reqwest::Client::new()
            .post(server.url("/login"))
            .form(&guess)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        statuses.push(s);
        if s == 429 {
            break;
        }
    }
    assert_eq!(statuses, [401, 401, 429]);
    // Addresses no route serves, with ids and a secret-looking tail in them.
    let unknown = "/no/such/page/987654321";
    assert_eq!(
        http.get(server.url(unknown)).send().await.unwrap().status(),
        404
    );
    let r = http
        .get(server.url("/api/v1/updates/987654321/nothing"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    let r = reqwest::get(server.url("/metrics")).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = r.text().await.unwrap();
    let families = parse(&python, &text);

    // Every family of the README, with its type and help.
    for (name, kind) in FAMILIES {
        let f = families
            .iter()
            .find(|f| f["name"] == *name)
            .unwrap_or_else(|| panic!("no family {name} in:\n{text}"));
        assert_eq!(f["type"], *kind, "{name}");
        assert!(!f["help"].as_str().unwrap().is_empty(), "{name} has help");
    }
    assert_histograms_hold_together(&families);

    // Requests by route pattern, method and status.
    let req = "jpoa_http_requests_total";
    let by = |route, method, status| {
        total(
            &families,
            req,
            &[("route", route), ("method", method), ("status", status)],
        )
    };
    assert_eq!(by("/login", "GET", "200"), 1.0);
    assert_eq!(by("/login", "POST", "303"), 1.0);
    assert_eq!(by("/login", "POST", "401"), 2.0);
    assert_eq!(by("/login", "POST", "429"), 1.0);
    assert_eq!(by("/", "GET", "200"), 2.0);
    assert_eq!(by("/api/v1/login", "POST", "200"), 1.0);
    assert_eq!(by("/api/v1/tracks/{id}/updates", "POST", "201"), 1.0);
    assert_eq!(by("/updates/{id}", "GET", "200"), 1.0);
    assert_eq!(by("unmatched", "GET", "404"), 2.0);
    let latency = "jpoa_http_request_duration_seconds_count";
    assert_eq!(
        total(
            &families,
            latency,
            &[("route", "/login"), ("method", "POST")]
        ),
        4.0,
        "each request is timed"
    );
    let slow = total(&families, "jpoa_http_request_duration_seconds_sum", &[]);
    assert!(slow > 0.0 && slow < 60.0, "plausible seconds: {slow}");

    // Route labels are the app's patterns, never a path as sent.
    let patterns: BTreeSet<String> = route_table().into_iter().map(|r| r.path).collect();
    for s in samples(&families, req, &[]) {
        let route = s["labels"]["route"].as_str().unwrap();
        assert!(
            route == "unmatched" || patterns.contains(route),
            "route label {route:?} is not a pattern of the app"
        );
    }
    for secret in [
        token.as_str(),
        PASSWORD,
        "987654321",
        &format!("/updates/{update}"),
    ] {
        assert!(!text.contains(secret), "{secret} is in the exposition");
    }

    // Sign-ins: two that started a session or token, two wrong passwords, one refused.
    let sign_ins = |outcome| total(&families, "jpoa_sign_ins_total", &[("outcome", outcome)]);
    assert_eq!(sign_ins("succeeded"), 2.0);
    assert_eq!(sign_ins("failed"), 2.0);
    assert_eq!(sign_ins("throttled"), 1.0);
    assert_eq!(total(&families, "jpoa_busy_total", &[]), 0.0);
    assert_eq!(samples(&families, "jpoa_busy_total", &[]).len(), 2);

    // The writer: groups of at least one write, each committed.
    let groups = total(&families, "jpoa_db_write_group_size_count", &[]);
    let writes = total(&families, "jpoa_db_write_group_size_sum", &[]);
    assert!(
        groups >= 3.0 && writes >= groups,
        "{groups} groups, {writes} writes"
    );
    assert_eq!(
        total(&families, "jpoa_db_commit_duration_seconds_count", &[]),
        groups
    );
    assert_eq!(total(&families, "jpoa_db_commit_failures_total", &[]), 0.0);

    // Kept figures: the second dashboard was kept, a session was looked up.
    let kept = |memo, result| {
        total(
            &families,
            "jpoa_kept_lookups_total",
            &[("memo", memo), ("result", result)],
        )
    };
    assert!(kept("dashboard", "miss") >= 1.0);
    assert!(kept("dashboard", "hit") >= 1.0);
    assert!(kept("sessions", "hit") + kept("sessions", "miss") >= 3.0);

    // Read at the scrape: the files and the outbox.
    let db_bytes = total(&families, "jpoa_db_file_bytes", &[]);
    assert!(db_bytes >= 4096.0, "{db_bytes}");
    let wal = std::fs::metadata(dir.path().join("m.db-wal")).map_or(0, |m| m.len());
    assert!(total(&families, "jpoa_db_wal_bytes", &[]) > 0.0 && wal > 0);
    let outbox = |state| total(&families, "jpoa_outbox_mails", &[("state", state)]);
    let queued: i64 = query_value(&db, "SELECT count(*) FROM outbox WHERE state = 'queued'");
    assert!(queued >= 1, "the invitation waits for a mail server");
    assert_eq!(outbox("queued"), queued as f64);
    assert_eq!((outbox("sent"), outbox("failed")), (0.0, 0.0));
    assert_eq!(total(&families, "jpoa_outbox_retrying_mails", &[]), 0.0);
    assert_eq!(total(&families, "jpoa_build_info", &[]), 1.0);
}

fn settings_with_token(token: Option<&str>) -> Settings {
    let flags: Vec<&str> = token.map_or(vec![], |t| vec!["--metrics-token", t]);
    Settings {
        metrics_token: Settings::from_args(flags).unwrap().metrics_token,
        ..Settings::defaults()
    }
}

#[tokio::test]
async fn loopback_or_the_token_reads_the_metrics_and_a_wrong_token_or_a_proxy_does_not() {
    const TOKEN: &str = "metrics-token-of-the-test-0042";
    let app = TestApp::spawn_configured(settings_with_token(Some(TOKEN)), None).await;
    let http = reqwest::Client::new();
    let get = |headers: &'static [(&'static str, &'static str)]| {
        let mut r = http.get(app.url("/metrics"));
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r.send()
    };
    // The tests connect from 127.0.0.1: loopback reads without the token.
    let r = get(&[]).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("jpoa_build_info"));
    let r = get(&[("authorization", "Bearer metrics-token-of-the-test-0042")])
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A wrong token is refused, from loopback too, and says how to authenticate.
    let r = get(&[("authorization", "Bearer metrics-token-of-the-test-0043")])
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    assert!(!r.text().await.unwrap().contains("jpoa_"));
    // Through a proxy every client comes from loopback: the token is needed.
    for forwarded in [
        &[("x-forwarded-for", "203.0.113.9")][..],
        &[("forwarded", "for=203.0.113.9")][..],
        &[("x-real-ip", "203.0.113.9")][..],
    ] {
        let r = get(forwarded).await.unwrap();
        assert_eq!(r.status(), 404, "{forwarded:?}");
        assert!(!r.text().await.unwrap().contains("jpoa_"));
    }
    let r = get(&[
        ("x-forwarded-for", "203.0.113.9"),
        ("authorization", "bearer metrics-token-of-the-test-0042"),
    ])
    .await
    .unwrap();
    assert_eq!(r.status(), 200);

    // Without a token set, a proxied request gets what an unknown address gets.
    let open = TestApp::spawn_configured(settings_with_token(None), None).await;
    let r = http
        .get(open.url("/metrics"))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let hidden = r.headers()["content-type"].clone();
    let r = http.get(open.url("/no/such/page")).send().await.unwrap();
    assert_eq!(
        (r.status().as_u16(), &r.headers()["content-type"]),
        (404, &hidden)
    );
    let r = http.get(open.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}
