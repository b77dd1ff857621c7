//! A refusal comes before the body is read, and odd addresses get a clear
//! 4xx.

use crate::helpers::{Client, Country, PASSWORD, Role, TestApp, location};

#[tokio::test]
async fn refusals_come_before_the_body_is_read_and_odd_addresses_get_clear_4xx() {
    let app = TestApp::spawn().await;
    app.add_user("kz@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    app.add_user("donor@example.org", Role::Donor, None).await;
    let kz = app.login_as("kz@example.org").await;
    let donor = app.login_as("donor@example.org").await;
    let uz = app.track("P1.02", "UZ").await;
    let big = "я".repeat(200_000);
    let r = kz
        .post_form(&format!("/tracks/{uz}/updates"), &[("narrative_ru", &big)])
        .await;
    assert_eq!(
        r.status(),
        403,
        "another country's track is refused whatever the body"
    );
    let r = donor
        .http
        .post(app.url("/updates/1/review"))
        .body("decision=accept&decision=return")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A form within the limits in characters passes the body limit (Cyrillic is 6 bytes encoded).
    let kz_track = app.track("P1.02", "KZ").await;
    let (en, ru) = ("я".repeat(9_000), "я".repeat(9_000));
    let r = kz
        .post_form(
            &format!("/tracks/{kz_track}/updates"),
            &[
                ("period", "2024"),
                ("status", "limited"),
                ("narrative_en", &en),
                ("narrative_ru", &ru),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);

    for (path, expected) in [
        ("/commitments?pillar=1&pillar=2", 422),
        ("/reports/progress.csv?country=KZ&country=KG", 422),
        ("/commitments/%FF", 404),
        ("/updates/99999999999999999999999", 404),
        ("/updates/-1", 404),
    ] {
        assert_eq!(kz.get(path).await.status().as_u16(), expected, "{path}");
    }
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/commitments?pillar=1&pillar=2"))
        .bearer_auth(app.token_for("kz@example.org").await)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "a repeated parameter cannot be read");
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["field"], "pillar", "the API answers in JSON: {v}");

    // No way out of the site through the sign-in page.
    for next in [
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "/\u{1}x",
    ] {
        let c = Client::new(&app);
        let r = c
            .post_form(
                "/login",
                &[
                    ("email", "kz@example.org"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(r.status(), 303, "{next:?}");
        assert_eq!(location(&r), "/", "{next:?}");
    }
}
