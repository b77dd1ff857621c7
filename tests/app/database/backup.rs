//! A backup taken while writes go on holds everything acknowledged before it
//! began.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::writers::{Ledger, assert_holds, kz_tracks, writers};
use crate::helpers::{TestApp, bin, query_value};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_during_writes_holds_everything_acknowledged_before_it_began() {
    let app = TestApp::with_standard_users().await;
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
        bin()
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
    let in_copy: i64 = query_value(
        &copy,
        "SELECT count(*) FROM updates WHERE narrative_en LIKE 'crash-test %'",
    );
    assert!(in_copy as usize >= before.submitted.len() && in_copy as usize <= all);
}
