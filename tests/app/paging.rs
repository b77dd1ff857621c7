//! Long lists come in pages that say what they show and keep their filters:
//! one's updates, a track's history, the audit log, the due list, accounts.

use crate::helpers::{Role, TestApp, accepted, rel_link, submitted};

#[tokio::test]
async fn every_long_list_pages_and_says_what_it_shows() {
    let app = TestApp::with_standard_users().await;
    let ids = submitted(&app, "KZ", 60);
    let kz = app.login_as("kz@example.org").await;
    let admin = app.login_as("admin@example.org").await;

    // My updates, newest first.
    let (_, mine) = kz.get_text("/my-updates?page=2").await;
    assert!(mine.contains("Showing 51–60 of 60"), "{mine}");
    assert!(mine.contains(&format!(">#{}<", ids[0])));
    assert!(!mine.contains(&format!(">#{}<", ids[59])));
    assert_eq!(kz.get_text("/my-updates?page=0").await.0, 422);
    // However far past the end, an empty page that links back to the last.
    for far in ["3", "1000001", "99999999999999999999"] {
        let (status, page) = kz.get_text(&format!("/my-updates?page={far}")).await;
        assert_eq!(status, 200, "page {far}");
        assert!(
            page.contains(r#"href="/my-updates?page=2""#),
            "page {far}: {page}"
        );
    }

    // One track's whole history, a page at a time, at the same as-of day.
    let track = app.track("P1.01", "REG").await;
    let cid = app.commitment("P1.01").await;
    for i in 0..70 {
        accepted(
            &app,
            track,
            "2024",
            "limited",
            &format!("2025-01-01T00:{:02}:{:02}.000Z", i / 60, i % 60),
            &format!("history entry {i}."),
        );
    }
    let (_, latest) = admin.get_text(&format!("/commitments/{cid}")).await;
    assert!(latest.contains("Showing the latest 20 updates."));
    let (_, whole) = admin
        .get_text(&format!("/commitments/{cid}?all={track}"))
        .await;
    assert!(whole.contains("history entry 69."));
    assert!(!whole.contains("history entry 19."), "50 on the first page");
    let next = rel_link(&whole, "next").expect("a second page of history");
    assert_eq!(
        next,
        format!("/commitments/{cid}?all={track}&page=2#track-{track}")
    );
    let (_, second) = admin.get_text(&next).await;
    assert!(second.contains("history entry 0."));
    assert!(!second.contains("history entry 20."));
    let (_, dated) = admin
        .get_text(&format!(
            "/commitments/{cid}?as_of=2025-06-30&all={track}&page=1"
        ))
        .await;
    assert!(
        rel_link(&dated, "next").unwrap().starts_with(&format!(
            "/commitments/{cid}?as_of=2025-06-30&all={track}&page=2"
        )),
        "the as-of day is kept"
    );
    assert_eq!(
        admin
            .get_text(&format!("/commitments/{cid}?all={track}&page=abc"))
            .await
            .0,
        422
    );

    // The audit log, filtered.
    {
        let conn = app.conn();
        for i in 0..75 {
            conn.execute(
                "INSERT INTO audit_log (at, actor, action, subject)
                 VALUES ('2030-01-01T00:00:00Z', 'system', 'test.paging', ?1)",
                [format!("subject {i}")],
            )
            .unwrap();
        }
    }
    let (_, log) = admin.get_text("/admin/audit?action=test.paging").await;
    assert!(log.contains("75 matching entries"), "{log}");
    assert!(log.contains("Showing 1–50 of 75"));
    assert!(log.contains("subject 74<") && !log.contains("subject 24<"));
    assert_eq!(
        rel_link(&log, "next").as_deref(),
        Some("/admin/audit?action=test.paging&page=2")
    );
    let (_, log2) = admin
        .get_text("/admin/audit?action=test.paging&page=2")
        .await;
    assert!(log2.contains("subject 0<") && !log2.contains("subject 25<"));
    assert_eq!(admin.get_text("/admin/audit?page=").await.0, 200);
    assert_eq!(admin.get_text("/admin/audit?page=-3").await.0, 422);

    // Short lists have one page; asking past it leads back.
    let (_, list) = admin.get_text("/commitments?pillar=1&page=2").await;
    assert!(list.contains("There is nothing on page 2"), "{list}");
    assert!(list.contains(r#"href="/commitments?pillar=1""#));
    for path in ["/due", "/admin/users", "/commitments"] {
        let (status, _) = admin.get_text(&format!("{path}?page=nope")).await;
        assert_eq!(status, 422, "{path}");
        let (status, page) = admin.get_text(&format!("{path}?page=1")).await;
        assert_eq!(status, 200, "{path}");
        assert!(!page.contains("There is nothing"), "{path}");
    }
}

#[tokio::test]
async fn the_due_list_and_accounts_come_in_pages() {
    let app = TestApp::with_standard_users().await;
    for i in 0..60 {
        app.add_user(&format!("person{i:02}@example.org"), Role::Donor, None)
            .await;
    }
    let admin = app.login_as("admin@example.org").await;
    let (_, users) = admin.get_text("/admin/users").await;
    assert!(users.contains("64 accounts."), "{users}");
    assert!(users.contains("Showing 1–50 of 64"));
    let (_, users2) = admin.get_text("/admin/users?page=2").await;
    assert!(users2.contains("Showing 51–64 of 64"));
    assert_eq!(
        users.matches("<tr>").count() + users2.matches("<tr>").count(),
        64 + 2
    );

    // Every track of the seed owes its first report: far more than a page.
    let (_, due) = admin.get_text("/due?pillar=2").await;
    let shown = due.matches("class=\"status overdue\"").count()
        + due.matches("class=\"status s-due\"").count();
    assert!(shown <= 50, "{shown} on one page");
    if let Some(next) = rel_link(&due, "next") {
        assert_eq!(next, "/due?pillar=2&page=2");
        let (status, _) = admin.get_text(&next).await;
        assert_eq!(status, 200);
    }
}
