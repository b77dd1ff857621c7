//! The review queue comes in pages that keep the filter.

use crate::helpers::{TestApp, rel_link, submitted};

#[tokio::test]
async fn the_review_queue_comes_in_pages_that_keep_the_filter() {
    let app = TestApp::with_standard_users().await;
    let ids = submitted(&app, "KZ", 120);
    submitted(&app, "UZ", 3);
    let rev = app.login_as("rev@example.org").await;

    let (status, first) = rev.get_text("/review?country=KZ").await;
    assert_eq!(status, 200);
    assert!(first.contains("Showing 1–50 of 120"), "{first}");
    assert!(first.contains(&format!(">#{}<", ids[0])));
    assert!(!first.contains(&format!(">#{}<", ids[50])));
    assert_eq!(rel_link(&first, "prev"), None);
    let next = rel_link(&first, "next").expect("a link to page 2");
    assert_eq!(next, "/review?country=KZ&page=2");

    let (status, second) = rev.get_text(&next).await;
    assert_eq!(status, 200);
    assert!(second.contains("Showing 51–100 of 120"), "{second}");
    assert!(second.contains(&format!(">#{}<", ids[50])));
    assert!(second.contains(&format!(">#{}<", ids[99])));
    assert!(!second.contains(&format!(">#{}<", ids[49])));
    assert!(!second.contains(&format!(">#{}<", ids[100])));
    assert_eq!(
        rel_link(&second, "prev").as_deref(),
        Some("/review?country=KZ")
    );
    assert_eq!(
        rel_link(&second, "next").as_deref(),
        Some("/review?country=KZ&page=3")
    );

    let (_, third) = rev.get_text("/review?country=KZ&page=3").await;
    assert!(third.contains("Showing 101–120 of 120"));
    assert_eq!(rel_link(&third, "next"), None);

    // Past the end: an empty page that says so and leads back.
    let (status, past) = rev.get_text("/review?country=KZ&page=9").await;
    assert_eq!(status, 200);
    assert!(past.contains("There is nothing on page 9"), "{past}");
    assert!(past.contains(r#"href="/review?country=KZ&amp;page=3""#));
    assert!(!past.contains(&format!(">#{}<", ids[0])));

    // However far past the end: the same empty page (the README's promise).
    let (status, far) = rev.get_text("/review?country=KZ&page=99999999999").await;
    assert_eq!(status, 200);
    assert!(
        far.contains(r#"href="/review?country=KZ&amp;page=3""#),
        "{far}"
    );

    for bad in ["0", "-1", "x", "1.5", "2&page=3"] {
        let (status, body) = rev.get_text(&format!("/review?page={bad}")).await;
        assert_eq!(status, 422, "page={bad}");
        assert!(body.contains("<html lang=\"en\""), "an error page: {body}");
    }
}
