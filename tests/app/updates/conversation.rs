//! The conversation on an update's page: its people write there, oldest
//! first, hostile text stays text, and donors never see it.

use crate::helpers::{TestApp, field_value, id_after, location};

#[tokio::test]
async fn the_people_of_an_update_talk_on_its_page_and_donors_never_see_it() {
    let app = TestApp::with_standard_users().await;
    let track = app.track("P2.05", "KZ").await;
    let kz = app.login_as("kz@example.org").await;
    let r = kz
        .post_form(
            &format!("/tracks/{track}/updates"),
            &[
                ("period", "2024"),
                ("status", "limited"),
                ("narrative_en", "Law drafted"),
            ],
        )
        .await;
    let id = id_after("/updates/", &location(&r));
    let page = format!("/updates/{id}");
    let rev = app.login_as("rev@example.org").await;
    let (_, shown) = rev.get_text(&page).await;
    assert!(shown.contains("Conversation") && shown.contains("No comments yet"));
    let form_id = field_value(&shown, "form_id").expect("the comment form's id");

    let hostile = "<script>alert(1)</script> Which law, adopted when?";
    let r = rev
        .post_form(
            &format!("{page}/comments"),
            &[("body", hostile), ("form_id", &form_id)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with(&format!("{page}?done=commented#comment-")));

    let (_, thread) = kz.get_text(&page).await;
    assert!(thread.contains("&lt;script&gt;alert(1)&lt;/script&gt; Which law"));
    assert!(!thread.contains("<script>alert(1)"), "escaped");
    assert!(thread.contains("Test rev@example.org"));

    // Refused: the page again, with the text as typed and why.
    for (body, why) in [(" ", "is required"), (&*"я".repeat(5001), "at most 5000")] {
        let r = kz
            .post_form(&format!("{page}/comments"), &[("body", body)])
            .await;
        assert_eq!(r.status(), 422);
        let text = r.text().await.unwrap();
        assert!(text.contains(why), "{why}: {text}");
        assert_eq!(field_value(&text, "body").as_deref(), Some(body));
    }
    let r = kz
        .post_form(
            &format!("{page}/comments"),
            &[("body", "The 2024 law, adopted in May")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, thread) = rev.get_text(&page).await;
    let (first, second) = (
        thread.find("Which law").unwrap(),
        thread.find("adopted in May").unwrap(),
    );
    assert!(first < second, "oldest first");

    let r = rev
        .post_form(&format!("{page}/review"), &[("decision", "accept")])
        .await;
    assert_eq!(r.status(), 303);
    let donor = app.login_as("donor@example.org").await;
    let (status, seen) = donor.get_text(&page).await;
    assert_eq!(status, 200);
    assert!(seen.contains("Law drafted"));
    assert!(!seen.contains("Conversation") && !seen.contains("adopted in May"));
    let r = donor
        .post_form(&format!("{page}/comments"), &[("body", "May I?")])
        .await;
    assert_eq!(r.status(), 403);
    assert_eq!(app.count("SELECT count(*) FROM update_comments").await, 2);
}
