//! The language switch: remembered on the account, never leaving the site,
//! and coming back to the page it was on.

use crate::helpers::{Client, PASSWORD, TestApp, location};

#[tokio::test]
async fn the_choice_is_remembered_on_the_account_and_beats_cookie_and_browser() {
    let app = TestApp::with_standard_users().await;
    let first = app.login_as("kz@example.org").await;
    let (_, page) = first.get_text("/").await;
    assert!(page.contains("<html lang=\"en\">"), "English by default");
    let r = first
        .post_form("/language", &[("lang", "ru"), ("next", "/")])
        .await;
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("lang=ru;")
            && cookie.contains("Max-Age=31536000")
            && cookie.contains("Path=/")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE email = 'kz@example.org' AND lang = 'ru'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'user.language'")
            .await,
        1
    );
    let r = first.post_form("/logout", &[]).await;
    assert_eq!(r.status(), 303);

    // Another browser that asks for English, with an English cookie too.
    let other = Client::speaking(&app, "en");
    let r = other
        .post_form("/language", &[("lang", "en"), ("next", "/login")])
        .await;
    assert_eq!(location(&r), "/login");
    let (_, page) = other.get_text("/login").await;
    assert!(page.contains("<html lang=\"en\">"));
    let r = other
        .post_form(
            "/login",
            &[
                ("email", "kz@example.org"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, page) = other.get_text("/").await;
    assert!(
        page.contains("<html lang=\"ru\">") && page.contains("Выйти"),
        "the account's choice wins"
    );

    // Someone else in the same kind of browser still gets English.
    let rev = app.login_speaking("en", "rev@example.org").await;
    let (_, page) = rev.get_text("/").await;
    assert!(page.contains("<html lang=\"en\">"));

    // Without an account, the cookie beats the browser's Accept-Language.
    let anon = Client::speaking(&app, "ru");
    let (_, page) = anon.get_text("/login").await;
    assert!(page.contains("<html lang=\"ru\">"));
    anon.post_form("/language", &[("lang", "en"), ("next", "/login")])
        .await;
    let (_, page) = anon.get_text("/login").await;
    assert!(page.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn the_language_switch_never_leaves_the_site() {
    let app = TestApp::spawn().await;
    let c = Client::new(&app);
    for next in [
        "//evil.example",
        "https://evil.example",
        "/\t/evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "",
    ] {
        let r = c
            .post_form("/language", &[("lang", "ru"), ("next", next)])
            .await;
        assert_eq!(r.status(), 303, "{next:?}");
        assert_eq!(location(&r), "/", "{next:?}");
    }
    let r = c.post_form("/language", &[("lang", "ru")]).await;
    assert_eq!(location(&r), "/");
    let r = c
        .post_form(
            "/language",
            &[("lang", "en"), ("next", "/commitments?pillar=2&q=x")],
        )
        .await;
    assert_eq!(location(&r), "/commitments?pillar=2&q=x");

    // A cross-site form cannot switch it either.
    let r = c
        .http
        .post(app.url("/language"))
        .header("origin", "http://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[("lang", "ru"), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn every_page_offers_the_switch_back_to_where_it_was() {
    let app = TestApp::with_standard_users().await;
    let c = app.login_as("donor@example.org").await;
    let (_, page) = c.get_text("/commitments?pillar=2&country=TJ").await;
    assert!(page.contains("action=\"/language\""));
    assert!(
        page.contains("name=\"next\" value=\"/commitments?pillar=2&amp;country=TJ\""),
        "comes back to the same filters"
    );
    assert!(page.contains("value=\"ru\"") && page.contains("Русский"));
    let anon = Client::new(&app);
    let (_, page) = anon.get_text("/login?next=/reports").await;
    assert!(page.contains("name=\"next\" value=\"/login?next=/reports\""));

    // A form sent back with errors: the switch returns to the page the form was on.
    let kz = app.login_as("kz@example.org").await;
    let track = app.track("P1.02", "KZ").await;
    let form_page = format!("/tracks/{track}/updates/new");
    let r = kz
        .http
        .post(app.url(&format!("/tracks/{track}/updates")))
        .header("referer", app.url(&form_page))
        .form(&[("period", "2021")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(&format!("name=\"next\" value=\"{form_page}\"")),
        "{page}"
    );
    let r = kz
        .http
        .post(app.url(&format!("/tracks/{track}/updates")))
        .header("referer", format!("http://evil.example{form_page}"))
        .form(&[("period", "2021")])
        .send()
        .await
        .unwrap();
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("name=\"next\" value=\"/\"")
    );
}
