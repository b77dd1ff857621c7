//! Figures the server keeps between requests (the dashboard's, a
//! commitment page's) are never stale: any change to the record, by the
//! server or by another process, shows on the next request; and a page kept
//! for one viewer is never shown to another. What is not the record (a
//! sign-in, a session's last-seen time, a notification, a mail, an audit
//! row) leaves them kept.

use serde_json::json;

use crate::helpers::{TestApp, accepted, accepted_on};

/// Tables that are not the record: writing them leaves kept figures in
/// place. Every other table draws a new `record_version` at any change.
/// (`users` is not the record but for people's names, which histories show.)
const NOT_THE_RECORD: &[&str] = &[
    "audit_log",
    "kept_forms",
    "notifications",
    "outbox",
    "password_tokens",
    "pending_sign_ins",
    "record_version",
    "recovery_codes",
    "reminders_sent",
    "scheduled_runs",
    "second_factors",
    "sessions",
    "snapshot_files",
    "snapshot_reports",
    "snapshots",
    "update_comments",
    "update_counts",
    "users",
];

/// Writes an accepted update and puts the record's version back as it was,
/// in one transaction: a change of the record the server is not told of.
/// While a page does not show it, the server serves what it kept.
fn accepted_unseen(app: &TestApp, track: i64, text: &str) {
    let mut conn = app.conn();
    let tx = conn.transaction().unwrap();
    let v: i64 = tx
        .query_row("SELECT v FROM record_version", [], |r| r.get(0))
        .unwrap();
    accepted_on(
        &tx,
        track,
        ("2023", "complete"),
        "2024-01-20T10:00:00Z",
        text,
    );
    tx.execute("UPDATE record_version SET v = ?1", [v]).unwrap();
    tx.commit().unwrap();
}

/// The dashboard's cell for pillar I and Kazakhstan, in words.
fn kz_cell(body: &str) -> String {
    let start = body
        .find("aria-label=\"Pillar I, Kazakhstan")
        .expect("the dashboard has the cell");
    body[start..].split('>').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_commit_by_another_connection_shows_on_the_next_request() {
    let app = TestApp::with_standard_users().await;
    let donor = app.login_as("donor@example.org").await;
    let track = app.track("P1.01", "KZ").await;
    let commitment = app.commitment("P1.01").await;
    let page = format!("/commitments/{commitment}");

    let (s, before) = donor.get_text("/").await;
    assert_eq!(s, 200);
    assert!(
        !kz_cell(&before).contains("complete"),
        "{}",
        kz_cell(&before)
    );
    let (s, page_before) = donor.get_text(&page).await;
    assert_eq!(s, 200);
    assert!(!page_before.contains("kept-figures-check"));
    let list = "/commitments?pillar=1&country=KZ";
    let (s, list_before) = donor.get_text(list).await;
    assert_eq!(s, 200);
    // The same again: now from what the server kept.
    assert_eq!(donor.get_text("/").await.1, before);
    assert_eq!(donor.get_text(list).await.1, list_before);

    // Written on a connection of its own, as a command-line tool would.
    accepted(
        &app,
        track,
        "2023",
        "complete",
        "2024-01-20T10:00:00Z",
        "kept-figures-check",
    );
    let (_, after) = donor.get_text("/").await;
    assert!(
        kz_cell(&after).contains("1 complete"),
        "the dashboard shows the acceptance at once: {}",
        kz_cell(&after)
    );
    let (_, list_after) = donor.get_text(list).await;
    assert_eq!(
        list_after.matches("Complete").count(),
        list_before.matches("Complete").count() + 1,
        "the filtered list shows the new status"
    );
    let (_, page_after) = donor.get_text(&page).await;
    assert!(page_after.contains("kept-figures-check"));
    // As of a day before it was accepted, it is not there.
    let (_, earlier) = donor.get_text("/?as_of=2024-01-19").await;
    assert!(
        !kz_cell(&earlier).contains("complete"),
        "{}",
        kz_cell(&earlier)
    );
}

#[tokio::test]
async fn another_process_writing_the_file_is_seen_at_once() {
    let app = TestApp::with_standard_users().await;
    let donor = app.login_as("donor@example.org").await;
    let (_, before) = donor.get_text("/commitments/1").await;
    assert!(before.contains("No progress reported yet."));
    let (ok, _, err) = app.run(&["demo-data", "--updates", "2000", "--seed", "5"]);
    assert!(ok, "{err}");
    let (s, after) = donor.get_text("/commitments/1").await;
    assert_eq!(s, 200);
    assert!(
        !after.contains("No progress reported yet."),
        "the synthetic updates show on the kept page"
    );
    let (_, dashboard) = donor.get_text("/").await;
    assert!(
        kz_cell(&dashboard).contains("complete"),
        "{}",
        kz_cell(&dashboard)
    );
}

#[tokio::test]
async fn a_page_kept_for_one_viewer_is_not_shown_to_another() {
    let app = TestApp::with_standard_users().await;
    let track = app.track("P1.02", "KZ").await;
    let commitment = app.commitment("P1.02").await;
    let page = format!("/commitments/{commitment}");
    let token = app.token_for("kz@example.org").await;
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/tracks/{track}/updates")))
        .bearer_auth(&token)
        .json(&json!({"period": "2023", "status": "limited", "narrative_en": "in-review-only-for-kz"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);

    let kz = app.login_as("kz@example.org").await;
    let donor = app.login_as("donor@example.org").await;
    for _ in 0..2 {
        let (s, mine) = kz.get_text(&page).await;
        assert_eq!(s, 200);
        assert!(mine.contains("in-review-only-for-kz"), "its author sees it");
        let (s, theirs) = donor.get_text(&page).await;
        assert_eq!(s, 200);
        assert!(
            !theirs.contains("in-review-only-for-kz"),
            "a donor sees the accepted record only"
        );
    }
    // The focal point's home page lists what is owed by their country alone.
    let (_, home) = kz.get_text("/").await;
    assert!(
        !home.contains("Uzbekistan</td>"),
        "only Kazakhstan's reports are listed"
    );
}

#[tokio::test]
async fn sign_ins_session_touches_and_notifications_leave_the_kept_figures_in_place() {
    let app = TestApp::with_standard_users().await;
    let donor = app.login_as("donor@example.org").await;
    let page = format!("/commitments/{}", app.commitment("P1.01").await);
    let list = "/commitments?pillar=1&country=KZ";
    let (_, before) = donor.get_text("/").await;
    assert!(!kz_cell(&before).contains("complete"));
    let (_, list_before) = donor.get_text(list).await;
    donor.get_text(&page).await;

    accepted_unseen(&app, app.track("P1.01", "KZ").await, "unseen-change");
    // A sign-in (its session, its audit row), then a session's last use
    // written down, then a notification and a mail, none of them the record.
    let rev = app.login_as("rev@example.org").await;
    let conn = app.conn();
    let long_ago = (chrono::Utc::now() - chrono::Duration::minutes(5))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string();
    conn.execute(
        "UPDATE sessions SET last_seen_at = ?1
         WHERE user_id = (SELECT id FROM users WHERE email = 'donor@example.org')",
        [&long_ago],
    )
    .unwrap();
    let (s, _) = donor.get_text("/account").await;
    assert_eq!(s, 200);
    let touched: String = conn
        .query_row(
            "SELECT max(last_seen_at) FROM sessions
             WHERE user_id = (SELECT id FROM users WHERE email = 'donor@example.org')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        touched > long_ago,
        "the server wrote the session's last use"
    );
    conn.execute(
        "INSERT INTO notifications (user_id, created_at, kind, subject, body)
         SELECT id, '2024-01-21T00:00:00.000Z', 'test', 'A notice', 'Body'
         FROM users WHERE email = 'donor@example.org'",
        [],
    )
    .unwrap();
    let r = rev.post_form("/notifications/read", &[]).await;
    assert!(r.status().is_redirection(), "{}", r.status());

    let (_, kept) = donor.get_text("/").await;
    assert_eq!(kz_cell(&kept), kz_cell(&before), "the figures were kept");
    assert!(
        kept.contains("Notifications (1 new)"),
        "what is kept per person moved with the notification"
    );
    let complete = |page: &str| page.matches("Complete").count();
    assert_eq!(
        complete(&donor.get_text(list).await.1),
        complete(&list_before)
    );
    assert!(!donor.get_text(&page).await.1.contains("unseen-change"));

    // A change to the record through the front door: everything is read again.
    let token = app.token_for("kz@example.org").await;
    let track = app.track("P1.02", "KZ").await;
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/tracks/{track}/updates")))
        .bearer_auth(&token)
        .json(&json!({"period": "2023", "status": "complete", "narrative_en": "through the api"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/updates/{id}/review")))
        .bearer_auth(app.token_for("rev@example.org").await)
        .json(&json!({"decision": "accept"}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let (_, after) = donor.get_text("/").await;
    assert!(
        kz_cell(&after).contains("2 complete"),
        "the accepted update and the change made unseen before: {}",
        kz_cell(&after)
    );
    assert!(donor.get_text(&page).await.1.contains("unseen-change"));
    assert_eq!(
        complete(&donor.get_text(list).await.1),
        complete(&list_before) + 2
    );
}

#[tokio::test]
async fn a_rename_or_a_schedule_written_by_another_process_shows_at_once() {
    let app = TestApp::with_standard_users().await;
    let donor = app.login_as("donor@example.org").await;
    let track = app.track("P1.01", "KZ").await;
    let page = format!("/commitments/{}", app.commitment("P1.01").await);
    accepted(
        &app,
        track,
        "2023",
        "limited",
        "2024-01-20T10:00:00Z",
        "named-author",
    );
    let (_, before) = donor.get_text(&page).await;
    assert!(
        before.contains("Test kz@example.org"),
        "the author's name shows"
    );
    // A write that is not the record, then a rename, which is.
    let conn = app.conn();
    conn.execute(
        "UPDATE users SET lang = 'en' WHERE email = 'kz@example.org'",
        [],
    )
    .unwrap();
    assert_eq!(donor.get_text(&page).await.1, before);
    conn.execute(
        "UPDATE users SET name = 'Renamed Focal Point' WHERE email = 'kz@example.org'",
        [],
    )
    .unwrap();
    let (_, after) = donor.get_text(&page).await;
    assert!(
        after.contains("Renamed Focal Point"),
        "the new name shows at once"
    );
    // Any connection (the sqlite3 shell…): a reporting cycle changes what is owed.
    let kz = app.login_as("kz@example.org").await;
    let (_, home) = kz.get_text("/").await;
    conn.execute(
        "INSERT INTO reporting_cycles (document_id, cycle, due_days, version, updated_at)
         SELECT id, 'semiannual', 1, 1, '2024-01-01T00:00:00.000Z' FROM documents",
        [],
    )
    .unwrap();
    // Half-years are owed only on a half-yearly cycle.
    let half_years = |page: &str| page.contains("-H1</td>") || page.contains("-H2</td>");
    assert!(!half_years(&home));
    let (_, moved) = kz.get_text("/").await;
    assert!(half_years(&moved), "what is owed moved with the schedule");
}

#[test]
fn every_table_is_the_record_or_said_not_to_be() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    drop(crate::helpers::Db::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master
             WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for not in NOT_THE_RECORD {
        assert!(tables.iter().any(|t| t == not), "{not} is no table");
    }
    for table in tables
        .iter()
        .filter(|t| !NOT_THE_RECORD.contains(&t.as_str()))
    {
        for event in ["insert", "update", "delete"] {
            let sql: String = conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                    [format!("record_version_{table}_{event}")],
                    |r| r.get(0),
                )
                .unwrap_or_else(|_| {
                    panic!(
                        "{table} has no {event} trigger on record_version: \
                         add one, or list it among what is not the record"
                    )
                });
            assert!(
                sql.contains(&format!("AFTER {} ON {table}", event.to_uppercase()))
                    && sql.contains("UPDATE record_version SET v = random()"),
                "{sql}"
            );
        }
    }
}
