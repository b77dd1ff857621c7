//! The real binary under concurrent writes over the API, and a ledger of
//! what the writers were told.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{
    Country, Db, PASSWORD, Role, add_user_to, assert_counts_agree, bin, open_connection,
};

/// `jpoa-tracker serve` on a free loopback port; killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    pub async fn start(db: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = bin()
            .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
            .arg(db)
            // Reviewers and admins sign in many times here, faster than a
            // second factor's codes come; the factor has tests of its own.
            .env("JPOA_MFA", "off")
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

    pub fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{name}");
    }

    pub async fn token(&self, email: &str) -> String {
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
pub async fn prepare(dir: &Path) -> PathBuf {
    let path = dir.join("crash.db");
    let db = Db::open(&path).unwrap();
    add_user_to(&db, "kz@example.org", Role::FocalPoint, Some(Country::KZ)).await;
    add_user_to(&db, "rev@example.org", Role::Reviewer, None).await;
    add_user_to(&db, "admin@example.org", Role::Admin, None).await;
    path
}

/// What the writers were told.
#[derive(Default)]
pub struct Ledger {
    /// Narratives of submissions answered 201.
    pub submitted: Vec<String>,
    /// Narratives of submissions answered 422 (deliberately bad).
    pub refused: Vec<String>,
    /// Ids of updates whose acceptance was answered 200.
    pub accepted: Vec<i64>,
    /// Ids submitted and not yet reviewed, for the reviewers.
    pub queue: Vec<i64>,
}

/// Sixteen clients over the API: twelve submit (every seventh submission
/// deliberately invalid), four accept what was submitted. Each stops at its
/// first transport error or when `stop` is set; an answer is recorded only
/// once it has arrived.
pub fn writers(
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

pub async fn kz_tracks(db: &Path) -> Vec<i64> {
    let conn = open_connection(db).unwrap();
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
pub fn assert_holds(db: &Path, ledger: &Ledger) {
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
    assert_counts_agree(&conn);
    let mut state = conn
        .prepare("SELECT state FROM updates WHERE id = ?1")
        .unwrap();
    for id in &ledger.accepted {
        let s: String = state.query_row([id], |r| r.get(0)).unwrap();
        assert_eq!(s, "accepted", "acknowledged acceptance of {id}");
    }
}
