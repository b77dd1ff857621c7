//! Cross-site form posts are refused; pages escape hostile text and send
//! protective headers.

use crate::helpers::{Client, Country, Role, TestApp, location};

/// An app whose one account is a focal point for Kazakhstan, signed in, and
/// the id of Kazakhstan's track of P1.02.
async fn focal_point_on_p102() -> (TestApp, Client, i64) {
    let app = TestApp::spawn().await;
    app.add_user("kz@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    let c = app.login_as("kz@example.org").await;
    let kz = app.track("P1.02", "KZ").await;
    (app, c, kz)
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    let (app, c, kz) = focal_point_on_p102().await;
    // The same form, sent from another site and from this one.
    let send_from = |origin: String, site: &'static str| {
        c.http
            .post(app.url(&format!("/tracks/{kz}/updates")))
            .header("origin", origin)
            .header("sec-fetch-site", site)
            .form(&[
                ("period", "2024"),
                ("status", "complete"),
                ("narrative_en", "x"),
            ])
            .send()
    };
    let r = send_from("http://evil.example".into(), "cross-site")
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.count("SELECT count(*) FROM updates").await, 0);
    let r = send_from(app.url(""), "same-origin").await.unwrap();
    assert_eq!(r.status(), 303, "the same site's own form still works");
}

#[tokio::test]
async fn pages_escape_hostile_text_and_send_protective_headers() {
    let (app, c, kz) = focal_point_on_p102().await;
    let r = c
        .post_form(
            &format!("/tracks/{kz}/updates"),
            &[
                ("period", "2024"),
                ("status", "limited"),
                ("narrative_en", "<script>alert('x')</script>"),
            ],
        )
        .await;
    let page = c.get(&location(&r)).await;
    let h = page.headers().clone();
    let body = page.text().await.unwrap();
    assert!(!body.contains("<script>alert"));
    assert!(body.contains("&lt;script&gt;alert"));
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["cache-control"], "no-store");

    let r = c
        .post_form(
            &format!("/tracks/{kz}/updates"),
            &[
                ("period", "2024"),
                ("status", "limited"),
                ("narrative_en", "a\u{0}b"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("control character"));
    let big = "x".repeat(300_000);
    let r = c
        .post_form(
            &format!("/tracks/{kz}/updates"),
            &[
                ("period", "2024"),
                ("status", "limited"),
                ("narrative_en", &big),
            ],
        )
        .await;
    assert_eq!(r.status(), 413);
    assert_eq!(app.count("SELECT count(*) FROM updates").await, 1);
}
