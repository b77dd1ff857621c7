//! What every site has: an icon, a robots.txt asking a private tracker not
//! to be indexed, a description; and labels that point at what exists.

use crate::helpers::TestApp;

#[tokio::test]
async fn the_icon_robots_txt_and_description_are_there() {
    let app = TestApp::with_standard_users().await;
    let r = reqwest::get(app.url("/favicon.ico")).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    assert!(r.text().await.unwrap().starts_with("<svg"));
    let r = reqwest::get(app.url("/robots.txt")).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Disallow: /"));
    let (_, page) = crate::helpers::Client::new(&app).get_text("/login").await;
    assert!(page.contains("<meta name=\"description\" content=\"JPoA Tracker: the commitments"));
    assert!(page.contains("<link rel=\"icon\" href=\"/favicon.ico\""));
    assert!(page.contains("noindex"));
}

#[tokio::test]
async fn every_aria_labelledby_on_the_home_pages_names_an_element_that_exists() {
    let app = TestApp::with_standard_users().await;
    for who in [
        "donor@example.org",
        "kz@example.org",
        "rev@example.org",
        "admin@example.org",
    ] {
        let (_, page) = app.login_as(who).await.get_text("/").await;
        for part in page.split("aria-labelledby=\"").skip(1) {
            let ids = &part[..part.find('"').unwrap()];
            for id in ids.split_whitespace() {
                assert!(page.contains(&format!("id=\"{id}\"")), "{who}: no #{id}");
            }
        }
    }
}
