//! The real binary killed with SIGKILL or stopped with SIGTERM in the middle
//! of concurrent writes: what was acknowledged is on disk; what was refused
//! is not.

use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::writers::{Ledger, Server, assert_holds, kz_tracks, prepare, writers};
use crate::helpers::{bin, parse_csv, query_value};

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
    let demo = bin()
        .args(["demo-data", "--updates", "30000", "--db"])
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(demo.success());
    let accepted: i64 = query_value(&db, "SELECT count(*) FROM updates WHERE state = 'accepted'");
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
    let (_, rows) = parse_csv(&body);
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
