//! The real binary under concurrent writes: killed with SIGKILL, stopped
//! with SIGTERM, and backed up while the writes go on. What was
//! acknowledged is on disk; what was refused is not.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jpoa_tracker::db::Db;
use jpoa_tracker::domain::{Country, Role};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, add_user_to};

const BIN: &str = env!("CARGO_BIN_EXE_jpoa-tracker");

/// `jpoa-tracker serve` on a free loopback port; killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(db: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(BIN)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
            .arg(db)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = reqwest::get(format!("{}/healthz", server.base)).await {
                if r.status() == 200 {
                    return server;
                }
            }
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{name}");
    }

    async fn token(&self, email: &str) -> String {
        let r = reqwest::Client::new()
            .post(format!("{}/api/v1/login", self.base))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A new database file with a focal point for Kazakhstan, a reviewer and an admin.
async fn prepare(dir: &Path) -> PathBuf {
    let path = dir.join("crash.db");
    let db = Db::open(&path).unwrap();
    add_user_to(&db, "kz@example.org", Role::FocalPoint, Some(Country::KZ)).await;
    add_user_to(&db, "rev@example.org", Role::Reviewer, None).await;
    add_user_to(&db, "admin@example.org", Role::Admin, None).await;
    path
}

/// What the writers were told.
#[derive(Default)]
struct Ledger {
    /// Narratives of submissions answered 201.
    submitted: Vec<String>,
    /// Narratives of submissions answered 422 (deliberately bad).
    refused: Vec<String>,
    /// Ids of updates whose acceptance was answered 200.
    accepted: Vec<i64>,
    /// Ids submitted and not yet reviewed, for the reviewers.
    queue: Vec<i64>,
}

/// Sixteen clients over the API: twelve submit (every seventh submission
/// deliberately invalid), four accept what was submitted. Each stops at its
/// first transport error or when `stop` is set; an answer is recorded only
/// once it has arrived.
fn writers(
    base: &str,
    kz_token: &str,
    rev_token: &str,
    tracks: &[i64],
    ledger: &Arc<Mutex<Ledger>>,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let http = reqwest::Client::new();
    let mut handles = Vec::new();
    for w in 0..12 {
        let (http, base, token) = (http.clone(), base.to_owned(), kz_token.to_owned());
        let (ledger, stop) = (ledger.clone(), stop.clone());
        let track = tracks[w % tracks.len()];
        handles.push(tokio::spawn(async move {
            for n in 0.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let narrative = format!("crash-test {w}-{n} Ход работы");
                let bad = n % 7 == 6;
                let body = json!({
                    "period": if bad { "2021" } else { "2025" },
                    "status": "limited",
                    "narrative_en": narrative,
                });
                let Ok(r) = http
                    .post(format!("{base}/api/v1/tracks/{track}/updates"))
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await
                else {
                    break;
                };
                let status = r.status().as_u16();
                let Ok(v) = r.json::<Value>().await else {
                    break;
                };
                let mut l = ledger.lock().unwrap();
                match (status, bad) {
                    (201, false) => {
                        l.submitted.push(narrative);
                        l.queue.push(v["id"].as_i64().unwrap());
                    }
                    (422, true) => l.refused.push(narrative),
                    other => panic!("unexpected answer {other:?}: {v}"),
                }
            }
        }));
    }
    for _ in 0..4 {
        let (http, base, token) = (http.clone(), base.to_owned(), rev_token.to_owned());
        let (ledger, stop) = (ledger.clone(), stop.clone());
        handles.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let next = ledger.lock().unwrap().queue.pop();
                let Some(id) = next else {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    continue;
                };
                let Ok(r) = http
                    .post(format!("{base}/api/v1/updates/{id}/review"))
                    .bearer_auth(&token)
                    .json(&json!({"decision": "accept"}))
                    .send()
                    .await
                else {
                    break;
                };
                let status = r.status().as_u16();
                if r.bytes().await.is_err() {
                    break;
                }
                assert_eq!(status, 200, "accepting {id}");
                ledger.lock().unwrap().accepted.push(id);
            }
        }));
    }
    handles
}

async fn kz_tracks(db: &Path) -> Vec<i64> {
    let conn = jpoa_tracker::db::open_connection(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT id FROM tracks WHERE country = 'KZ' ORDER BY id LIMIT 6")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every acknowledged write is in the file and no refused one is, and the
/// file passes SQLite's integrity check.
fn assert_holds(db: &Path, ledger: &Ledger) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mut find = conn
        .prepare("SELECT count(*) FROM updates WHERE narrative_en = ?1")
        .unwrap();
    for n in &ledger.submitted {
        let c: i64 = find.query_row([n], |r| r.get(0)).unwrap();
        assert_eq!(c, 1, "acknowledged submission {n:?} is there once");
    }
    for n in &ledger.refused {
        let c: i64 = find.query_row([n], |r| r.get(0)).unwrap();
        assert_eq!(c, 0, "refused submission {n:?} is not there");
    }
    crate::helpers::assert_counts_agree(&conn);
    let mut state = conn
        .prepare("SELECT state FROM updates WHERE id = ?1")
        .unwrap();
    for id in &ledger.accepted {
        let s: String = state.query_row([id], |r| r.get(0)).unwrap();
        assert_eq!(s, "accepted", "acknowledged acceptance of {id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_in_the_middle_of_concurrent_writes_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepare(dir.path()).await;
    let tracks = kz_tracks(&db).await;
    let server = Server::start(&db).await;
    let (kz, rev) = (
        server.token("kz@example.org").await,
        server.token("rev@example.org").await,
    );
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let handles = writers(&server.base, &kz, &rev, &tracks, &ledger, &stop);

    // Kill once a good number of writes have been answered.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let enough = {
            let l = ledger.lock().unwrap();
            l.submitted.len() >= 400 && l.accepted.len() >= 100
        };
        if enough {
            break;
        }
        assert!(Instant::now() < deadline, "writers too slow");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.signal("KILL");
    for h in handles {
        h.await.unwrap();
    }
    let ledger = Arc::into_inner(ledger).unwrap().into_inner().unwrap();
    eprintln!(
        "SIGKILL: {} submissions and {} acceptances acknowledged, {} refused; all checked after restart",
        ledger.submitted.len(),
        ledger.accepted.len(),
        ledger.refused.len()
    );
    drop(server);

    // The server comes back on the same file and serves what was written.
    let server = Server::start(&db).await;
    let token = server.token("admin@example.org").await;
    let r = reqwest::Client::new()
        .get(format!("{}/reports/progress.csv", server.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    // An acceptance in flight at the kill may have been written unanswered.
    let crash_rows = body.matches("crash-test ").count();
    assert!(
        (ledger.accepted.len()..=ledger.accepted.len() + 4).contains(&crash_rows),
        "the progress report has every acknowledged acceptance: {crash_rows} rows"
    );
    drop(server);
    assert_holds(&db, &ledger);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_lets_requests_in_flight_finish_and_closes_the_file_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepare(dir.path()).await;
    let demo = Command::new(BIN)
        .args(["demo-data", "--updates", "30000", "--db"])
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(demo.success());
    let accepted: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM updates WHERE state = 'accepted'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let tracks = kz_tracks(&db).await;
    let mut server = Server::start(&db).await;
    let admin = server.token("admin@example.org").await;
    let (kz, rev) = (
        server.token("kz@example.org").await,
        server.token("rev@example.org").await,
    );

    // A long report is under way, its reader deliberately slow, while writes go on.
    let mut report = reqwest::Client::new()
        .get(format!("{}/reports/progress.csv", server.base))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), 200);
    let mut body = report.chunk().await.unwrap().unwrap().to_vec();
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let handles = writers(&server.base, &kz, &rev, &tracks, &ledger, &stop);
    while ledger.lock().unwrap().submitted.len() < 50 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.signal("TERM");
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The report in flight still arrives whole.
    while let Some(chunk) = report.chunk().await.unwrap() {
        body.extend_from_slice(&chunk);
    }
    let (_, rows) = crate::helpers::parse_csv(&body);
    // Accepted while the report ran: these may or may not be in it.
    let during = ledger.lock().unwrap().accepted.len();
    let rows = i64::try_from(rows.len()).unwrap();
    assert!(
        rows >= accepted && rows <= accepted + i64::try_from(during).unwrap() + 16,
        "{rows} rows for {accepted} accepted before it began"
    );
    // New connections are refused once it has stopped; the writers end.
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        h.await.unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(status.success(), "clean exit: {status}");
    let mut out = String::new();
    std::io::Read::read_to_string(server.child.stdout.as_mut().unwrap(), &mut out).unwrap();
    assert!(out.contains("jpoa-tracker stopped"), "{out}");
    // The database was closed: its write-ahead log was folded in and removed.
    let wal = db.with_extension("db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the WAL was checkpointed at close"
    );
    let ledger = Arc::into_inner(ledger).unwrap().into_inner().unwrap();
    eprintln!(
        "SIGTERM: report of {rows} rows finished after the signal; {} submissions and {} acceptances acknowledged",
        ledger.submitted.len(),
        ledger.accepted.len()
    );
    assert_holds(&db, &ledger);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_during_writes_holds_everything_acknowledged_before_it_began() {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    let tracks = kz_tracks(&app.db_path).await;
    let (kz, rev) = (
        app.token_for("kz@example.org").await,
        app.token_for("rev@example.org").await,
    );
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let handles = writers(&app.url(""), &kz, &rev, &tracks, &ledger, &stop);
    while ledger.lock().unwrap().submitted.len() < 100 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let before = {
        let l = ledger.lock().unwrap();
        Ledger {
            submitted: l.submitted.clone(),
            refused: l.refused.clone(),
            accepted: l.accepted.clone(),
            queue: Vec::new(),
        }
    };
    let copy = app.db_path.with_file_name("backup.db");
    let (db_path, to) = (app.db_path.clone(), copy.clone());
    let out = tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(["backup", "--db"])
            .arg(&db_path)
            .arg("--to")
            .arg(&to)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let during = ledger.lock().unwrap().submitted.len() - before.submitted.len();
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        h.await.unwrap();
    }
    let all = ledger.lock().unwrap().submitted.len();
    eprintln!(
        "backup: {} submissions acknowledged before it began, {during} while it ran, {all} in all",
        before.submitted.len()
    );
    assert_holds(&copy, &before);
    // Nothing in the copy that was never acknowledged.
    let in_copy: i64 = rusqlite::Connection::open(&copy)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM updates WHERE narrative_en LIKE 'crash-test %'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(in_copy as usize >= before.submitted.len() && in_copy as usize <= all);
}
