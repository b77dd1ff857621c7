//! The stylesheet is named by its content and cached for a year; pages are
//! never cached.

use reqwest::header::CACHE_CONTROL;

use crate::helpers::{Client, TestApp};

#[tokio::test]
async fn the_stylesheet_is_named_by_its_content_and_cached_for_a_year() {
    let app = TestApp::spawn().await;
    let c = Client::new(&app);
    let (_, html) = c.get_text("/login").await;
    let css = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let hash = css
        .strip_prefix("/assets/style.")
        .and_then(|s| s.strip_suffix(".css"))
        .unwrap_or_else(|| panic!("unexpected stylesheet address {css}"));
    assert!(
        hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{css} is not named by a hash"
    );
    let resp = c.get(&css).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    // Any other name is not the stylesheet of this release.
    assert_eq!(c.get("/assets/style.000000000000.css").await.status(), 404);
    // Pages themselves are never cached.
    assert_eq!(c.get("/login").await.headers()[CACHE_CONTROL], "no-store");
}
