//! Figures the server keeps between requests (the dashboard's, a
//! commitment page's) are never stale: any commit to the file, by the
//! server or by another process, shows on the next request; and a page kept
//! for one viewer is never shown to another.

use serde_json::json;

use crate::helpers::{TestApp, accepted};

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
