//! Drafts through the pages: "Save draft" beside "Submit", the author's
//! edit form, and a draft that counts nowhere and shows to nobody else
//! until it is submitted.

use crate::helpers::{Country, Role, TestApp, field_value, id_after, location};

/// Words that only the draft says.
const MARK: &str = "DRAFT-ONLY-7731";

/// What anyone but the author reads of the record: pages, lists, counts,
/// charts, as-of views and every report.
async fn what_others_read(app: &TestApp, cid: i64) -> Vec<(String, String)> {
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let mut seen = Vec::new();
    for email in [
        "rev@example.org",
        "admin@example.org",
        "donor@example.org",
        "kz2@example.org",
    ] {
        let c = app.login_as(email).await;
        for path in [
            "/".to_owned(),
            format!("/?as_of={today}"),
            "/review".to_owned(),
            "/due".to_owned(),
            "/my-updates".to_owned(),
            format!("/commitments/{cid}"),
            format!("/commitments/{cid}?as_of={today}"),
            "/commitments?country=KZ&status=complete".to_owned(),
            "/reports/progress.csv".to_owned(),
            "/reports/commitments.csv".to_owned(),
            "/reports/status-matrix.csv".to_owned(),
            "/reports/timeline.csv".to_owned(),
            "/api/v1/commitments?country=KZ".to_owned(),
            format!("/api/v1/commitments/{cid}"),
        ] {
            let (_, body) = c.get_text(&path).await;
            seen.push((format!("{email} {path}"), body));
        }
    }
    seen
}

#[tokio::test]
async fn a_draft_counts_nowhere_and_shows_to_nobody_else_until_submitted() {
    let app = TestApp::with_standard_users().await;
    app.add_user("kz2@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    let track = app.track("P1.02", "KZ").await;
    let cid = app.commitment("P1.02").await;
    let before = what_others_read(&app, cid).await;

    let kz = app.login_as("kz@example.org").await;
    let (_, form) = kz.get_text(&format!("/tracks/{track}/updates/new")).await;
    assert!(form.contains("Save draft") && form.contains("Submit for review"));
    let form_id = field_value(&form, "form_id").expect("a form id");
    let r = kz
        .post_form(
            &format!("/tracks/{track}/updates"),
            &[
                ("period", "2024"),
                ("status", "complete"),
                ("narrative_en", MARK),
                ("form_id", &form_id),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let to = location(&r);
    assert!(to.ends_with("/edit?done=draft-saved"), "{to}");
    let id = id_after("/updates/", &to.replace("/edit", ""));
    let (_, edit) = kz.get_text(&to).await;
    assert!(edit.contains("Your draft was saved") && edit.contains(MARK));
    let (_, mine) = kz.get_text("/my-updates").await;
    assert!(
        mine.contains(&format!("/updates/{id}/edit")),
        "drafts first, with their edit link"
    );

    // Saved again, still incomplete: a draft may have no narrative yet.
    let save = |narrative: &'static str, action: &'static str| {
        let kz = &kz;
        async move {
            kz.post_form(
                &format!("/updates/{id}/edit"),
                &[
                    ("period", "2024"),
                    ("status", "complete"),
                    ("narrative_en", narrative),
                    ("action", action),
                ],
            )
            .await
        }
    };
    assert_eq!(save("", "draft").await.status(), 303);
    let refused = save("", "submit").await;
    assert_eq!(refused.status(), 422, "a submission needs a narrative");
    assert_eq!(save(MARK, "draft").await.status(), 303);

    let after = what_others_read(&app, cid).await;
    for ((what, was), (_, now)) in before.iter().zip(&after) {
        assert!(!now.contains(MARK), "{what} shows the draft");
        assert_eq!(was, now, "{what} changed with a draft");
    }
    for email in ["rev@example.org", "admin@example.org", "kz2@example.org"] {
        let c = app.login_as(email).await;
        for path in [format!("/updates/{id}"), format!("/updates/{id}/edit")] {
            assert_eq!(c.get(&path).await.status(), 404, "{email} {path}");
        }
        let r = c
            .post_form(
                &format!("/updates/{id}/edit"),
                &[
                    ("period", "2024"),
                    ("status", "limited"),
                    ("narrative_en", "x"),
                ],
            )
            .await;
        assert_eq!(r.status(), 404, "{email} edits");
    }
    assert_eq!(
        app.count("SELECT count(*) FROM updates WHERE state = 'draft'")
            .await,
        1
    );

    // Submitted from its form: now in the queue, in review like any other.
    let r = save(MARK, "submit").await;
    assert_eq!(location(&r), format!("/updates/{id}?done=submitted"));
    let (_, queue) = app
        .login_as("rev@example.org")
        .await
        .get_text("/review")
        .await;
    assert!(queue.contains(&format!("/updates/{id}\"")));
    assert_eq!(kz.get(&format!("/updates/{id}/edit")).await.status(), 409);
    // The same form sent once more changes nothing and says so.
    let again = save(MARK, "submit").await;
    assert_eq!(location(&again), format!("/updates/{id}?done=already-sent"));
    assert_eq!(app.count("SELECT count(*) FROM updates").await, 1);
}
