//! Reminders on a controllable clock: a report due within 30 days, within 7
//! days, and overdue the day after its deadline, each told once to the
//! country's focal points, whatever restarts come; reviewers get the week's
//! overdue reports.

use std::time::{Duration, Instant};

use chrono::TimeZone;
use serde_json::json;

use super::WAIT;
use crate::helpers::{AppState, TestApp, serve};

/// Moves the app's clock to 09:00 UTC of this day.
fn move_to(app: &TestApp, y: i32, m: u32, d: u32) {
    let target = chrono::Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap();
    app.clock.advance(target - app.clock.now());
}

async fn reminders(app: &TestApp, kind: &'static str) -> i64 {
    let conn = app.conn();
    conn.query_row(
        "SELECT count(*) FROM reminders_sent WHERE kind = ?1",
        [kind],
        |r| r.get(0),
    )
    .unwrap()
}

/// Waits until the reminders of `kind` are at least `n`; their number.
async fn wait_reminders(app: &TestApp, kind: &'static str, n: i64) -> i64 {
    let deadline = Instant::now() + WAIT;
    loop {
        let got = reminders(app, kind).await;
        if got >= n || Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn reminders_come_at_30_and_7_days_and_when_overdue_once_each_across_restarts() {
    let Some((sink, app)) = super::mailing().await else {
        return;
    };
    // Kazakhstan reported 2025 on P1.01, so its next report (2026, due on
    // 31 January 2027) is the one to remind of there.
    let token = app.token_for("kz@example.org").await;
    let track = app.track("P1.01", "KZ").await;
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/tracks/{track}/updates")))
        .bearer_auth(&token)
        .json(&json!({"period": "2025", "status": "limited", "narrative_en": "Started"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let mails_before = sink.wait_for(1, WAIT).await.len();

    move_to(&app, 2027, 1, 5);
    assert_eq!(
        wait_reminders(&app, "due30", 1).await,
        1,
        "P1.01 in Kazakhstan only"
    );
    let overdue = wait_reminders(&app, "overdue", 1).await;
    assert!(
        overdue > 100,
        "every other track still owes 2025: {overdue}"
    );
    let got = sink.wait_for(mails_before + 2, WAIT).await;
    let to_kz: Vec<_> = got
        .iter()
        .filter(|m| m.to == vec!["kz@example.org".to_owned()])
        .collect();
    assert_eq!(to_kz.len(), 1, "one mail for the day, however many reports");
    let body = to_kz[0].body();
    assert!(
        body.contains("P1.01")
            && body.contains("update for 2026 due by 2027-01-31 (within 30 days)"),
        "{body}"
    );
    assert!(!body.contains(" TJ ") && body.contains("overdue"));
    let weekly: Vec<_> = got
        .iter()
        .filter(|m| m.to == vec!["rev@example.org".to_owned()])
        .collect();
    assert!(
        weekly
            .iter()
            .any(|m| m.header("Subject").unwrap().contains("updates are overdue"))
    );

    // A second server on the same file, the same morning: nothing again.
    let notes = app.count("SELECT count(*) FROM notifications").await;
    let settings = super::settings_for(&sink);
    let again = AppState::with_settings(app.db.clone(), settings);
    again.clock.advance(app.clock.now() - again.clock.now());
    serve(again).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(app.count("SELECT count(*) FROM notifications").await, notes);
    assert_eq!(reminders(&app, "due30").await, 1);

    move_to(&app, 2027, 1, 26);
    assert_eq!(wait_reminders(&app, "due7", 1).await, 1);
    move_to(&app, 2027, 2, 1);
    let deadline = Instant::now() + WAIT;
    while app
        .count("SELECT count(*) FROM reminders_sent WHERE period = '2026' AND kind = 'overdue'")
        .await
        == 0
    {
        assert!(
            Instant::now() < deadline,
            "no overdue reminder the day after the deadline"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let dup = app
        .count("SELECT count(*) FROM (SELECT track_id, period, kind FROM reminders_sent GROUP BY 1, 2, 3 HAVING count(*) > 1)")
        .await;
    assert_eq!(dup, 0);
}
