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
    assert!(
        r.headers().contains_key("x-request-id"),
        "traceable in the log"
    );
    assert!(r.headers().contains_key("content-security-policy"));
    let page = r.text().await.unwrap();
    assert!(page.contains("sent from another site"), "says why: {page}");
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

#[tokio::test]
async fn pages_forbid_browser_features_and_https_sites_ask_for_https_only() {
    let app = TestApp::spawn().await;
    let r = reqwest::get(app.url("/login")).await.unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers();
    assert_eq!(h["cross-origin-resource-policy"], "same-origin");
    assert!(
        h["permissions-policy"]
            .to_str()
            .unwrap()
            .contains("camera=()")
    );
    assert!(
        !h.contains_key("strict-transport-security"),
        "plain HTTP on loopback makes no HTTPS promise"
    );
    let https = TestApp::spawn_with(Some("https://tracker.example.org")).await;
    for path in ["/login", "/no-such-page", "/guide"] {
        let r = reqwest::get(https.url(path)).await.unwrap();
        assert_eq!(
            r.headers()["strict-transport-security"],
            "max-age=31536000",
            "{path}"
        );
    }
}

/// The headers every answer must carry, refusals included.
fn assert_protected(r: &reqwest::Response, what: &str) {
    let h = r.headers();
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "x-frame-options",
        "referrer-policy",
        "cross-origin-resource-policy",
        "permissions-policy",
        "x-request-id",
    ] {
        assert!(h.contains_key(name), "{what}: no {name} in {h:?}");
    }
}

#[tokio::test]
async fn an_address_or_headers_too_long_get_414_or_431_with_the_usual_headers() {
    use crate::helpers::{MAX_HEADER_BYTES, MAX_HEADERS, MAX_URI};
    let app = TestApp::spawn().await;
    let http = reqwest::Client::new();
    let long = format!("/commitments?q={}", "a".repeat(MAX_URI));
    let r = http.get(app.url(&long)).send().await.unwrap();
    assert_eq!(r.status(), 414);
    assert_protected(&r, "414");
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("The address of this request is too long.")
    );
    let r = http
        .get(app.url(&format!("/api/v1/commitments?q={}", "a".repeat(MAX_URI))))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 414);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("too long"));

    let r = http
        .get(app.url("/login"))
        .header("x-filler", "b".repeat(MAX_HEADER_BYTES))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 431);
    assert_protected(&r, "431 (bytes)");
    let mut many = reqwest::header::HeaderMap::new();
    for i in 0..=MAX_HEADERS {
        let name = reqwest::header::HeaderName::from_bytes(format!("x-h{i}").as_bytes()).unwrap();
        many.insert(name, "1".parse().unwrap());
    }
    let r = http
        .get(app.url("/login"))
        .headers(many)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 431);
    assert_protected(&r, "431 (count)");
    // Just under the limits is served.
    let r = http
        .get(app.url(&format!("/login?next=/{}", "c".repeat(MAX_URI - 100))))
        .header("x-filler", "b".repeat(MAX_HEADER_BYTES - 1000))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}
