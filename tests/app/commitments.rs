//! A commitment's page and the list: the record as it stood at the end of a
//! day, and a long track history.

use crate::helpers::{TestApp, accepted};

/// The text of the track section of one country on a commitment page.
fn track_section(page: &str, track: i64) -> &str {
    let start = page
        .find(&format!("id=\"track-{track}\""))
        .expect("track section");
    let rest = &page[start..];
    &rest[..rest[1..].find("<section").map_or(rest.len(), |i| i + 1)]
}

#[tokio::test]
async fn pages_show_the_record_as_it_stood_at_the_end_of_the_day() {
    let app = TestApp::with_standard_users().await;
    let donor = app.login_as("donor@example.org").await;
    let track = app.track("P1.01", "KZ").await;
    let cid = app.commitment("P1.01").await;
    accepted(
        &app,
        track,
        "2023",
        "limited",
        "2024-01-15T09:00:00.000Z",
        "first",
    );
    // A correction of the same period, accepted later, counts from its date.
    accepted(
        &app,
        track,
        "2023",
        "substantial",
        "2024-06-01T09:00:00.000Z",
        "corrected",
    );

    let status_on = |day: &'static str| {
        let donor = &donor;
        async move {
            let (code, page) = donor
                .get_text(&format!("/commitments/{cid}?as_of={day}"))
                .await;
            assert_eq!(code, 200);
            let section = track_section(&page, track).to_owned();
            (page, section)
        }
    };
    let (page, s) = status_on("2024-01-14").await;
    assert!(s.contains("No information") && !s.contains("first"), "{s}");
    assert!(page.contains("the end of 2024-01-14"), "the as-of banner");
    let (_, s) = status_on("2024-01-15").await;
    assert!(
        s.contains("Limited progress") && s.contains("first") && !s.contains("corrected"),
        "{s}"
    );
    let (_, s) = status_on("2024-05-31").await;
    assert!(s.contains("Limited progress"), "{s}");
    let (_, s) = status_on("2024-06-01").await;
    assert!(
        s.contains("Substantial progress") && s.contains("corrected"),
        "{s}"
    );
    let (code, today) = donor.get_text(&format!("/commitments/{cid}")).await;
    assert_eq!(code, 200);
    assert!(!today.contains("as-of-banner"));

    // The dashboard and the list agree with the commitment page.
    let (_, dash) = donor.get_text("/?as_of=2024-01-14").await;
    assert!(dash.contains("as-of-banner"));
    assert!(
        dash.contains("aria-label=\"Pillar I, Kazakhstan: 5 tracks: 5 no information\""),
        "dashboard before"
    );
    let (_, dash) = donor.get_text("/?as_of=2024-06-01").await;
    assert!(
        dash.contains("Pillar I, Kazakhstan: 5 tracks: 4 no information, 1 substantial progress"),
        "dashboard after"
    );
    // Its links keep the day.
    assert!(dash.contains("/commitments?pillar=1&amp;country=KZ&amp;as_of=2024-06-01"));
    let (_, list) = donor
        .get_text("/commitments?country=KZ&pillar=1&as_of=2024-01-15")
        .await;
    assert!(list.contains("status s-limited"));
    let (_, list) = donor
        .get_text("/commitments?country=KZ&pillar=1&as_of=2024-01-14")
        .await;
    assert!(!list.contains("status s-limited"));
    // Year-end quick choices.
    for year in 2022..=2025 {
        assert!(
            dash.contains(&format!("href=\"/?as_of={year}-12-31\"")),
            "{year}"
        );
    }
    assert_eq!(donor.get("/?as_of=31.12.2024").await.status(), 422);
}

#[tokio::test]
async fn a_review_decided_later_shows_as_pending_on_the_day_before() {
    let app = TestApp::with_standard_users().await;
    let rev = app.login_as("rev@example.org").await;
    let donor = app.login_as("donor@example.org").await;
    let track = app.track("P1.02", "KZ").await;
    let cid = app.commitment("P1.02").await;
    // Submitted long ago (as history would have it), accepted today.
    app.conn()
        .execute(
            "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, state, author_id, created_at, submitted_at)
             SELECT ?1, '2024', 20242, 'limited', 'in review then', 'submitted', id,
                    '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z'
             FROM users WHERE email = 'kz@example.org'",
            [track],
        )
        .unwrap();
    let id = app.count("SELECT max(id) FROM updates").await;
    let r = rev
        .post_form(&format!("/updates/{id}/review"), &[("decision", "accept")])
        .await;
    assert_eq!(r.status(), 303);
    let day = "2025-06-30";
    let (_, page) = rev
        .get_text(&format!("/commitments/{cid}?as_of={day}"))
        .await;
    let s = track_section(&page, track);
    assert!(
        s.contains("in review then") && s.contains("Awaiting review") && !s.contains("Accepted by"),
        "{s}"
    );
    // A donor saw nothing of it on that day.
    let (_, page) = donor
        .get_text(&format!("/commitments/{cid}?as_of={day}"))
        .await;
    assert!(!track_section(&page, track).contains("in review then"));
    let (_, page) = donor.get_text(&format!("/commitments/{cid}")).await;
    assert!(track_section(&page, track).contains("in review then"));
}

#[tokio::test]
async fn a_long_track_history_shows_the_newest_and_links_to_all() {
    let app = TestApp::with_standard_users().await;
    let donor = app.login_as("donor@example.org").await;
    let track = app.track("P2.03", "UZ").await;
    for i in 0..25 {
        let year = 2022 + i / 3;
        let period = match i % 3 {
            0 => format!("{year}-H1"),
            1 => format!("{year}-H2"),
            _ => year.to_string(),
        };
        accepted(
            &app,
            track,
            &period,
            "limited",
            &format!("2031-01-{:02}T00:00:00Z", i + 1),
            &format!("entry number {i}"),
        );
    }
    let cid = app.commitment("P2.03").await;
    let (status, page) = donor.get_text(&format!("/commitments/{cid}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Showing the latest 20 updates."));
    assert!(page.contains("entry number 24"), "newest first");
    assert!(!page.contains("entry number 0<"), "the oldest is not shown");
    let (_, all) = donor
        .get_text(&format!("/commitments/{cid}?all={track}"))
        .await;
    assert!(all.contains("entry number 0<") && !all.contains("Showing the latest"));
    let (status, _) = donor.get_text(&format!("/commitments/{cid}?all=abc")).await;
    assert_eq!(status, 200, "a bad 'all' is ignored");
}
