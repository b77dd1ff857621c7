//! One-time links to set a password: the first administrator's, and those
//! an administrator sends with a new account, at the site's base URL.

use crate::helpers::{Client, PASSWORD, Role, TestApp, location};

#[tokio::test]
async fn first_administrator_comes_from_the_setup_link_and_invites_the_others() {
    let app = TestApp::spawn().await;
    let token = app.password_link(None, chrono::Duration::hours(24)).await;
    let admin = Client::new(&app);
    let (status, page) = admin.get_text(&format!("/setup/{token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Create the first administrator"));
    let r = admin
        .post_form(
            &format!("/setup/{token}"),
            &[
                ("name", "Aigerim"),
                ("email", "admin@example.org"),
                ("password", "short"),
                ("password2", "short"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422, "passwords under 12 characters are refused");
    for common in ["password1234", "aigerim@example.org"] {
        let r = admin
            .post_form(
                &format!("/setup/{token}"),
                &[
                    ("name", "Aigerim"),
                    ("email", "aigerim@example.org"),
                    ("password", common),
                    ("password2", common),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "{common}: a guessable password is refused");
        assert!(r.text().await.unwrap().contains("too easy to guess"));
    }
    let pw = "a long enough admin pass";
    let r = admin
        .post_form(
            &format!("/setup/{token}"),
            &[
                ("name", "Aigerim"),
                ("email", "admin@example.org"),
                ("password", pw),
                ("password2", pw),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/users?done=setup");
    let (status, _) = Client::new(&app).get_text(&format!("/setup/{token}")).await;
    assert_eq!(status, 403, "the setup link works once");

    // The admin creates a focal point for Kazakhstan, who sets a password by link.
    let r = admin
        .post_form(
            "/admin/users",
            &[
                ("name", "Focal KZ"),
                ("email", "kz@example.org"),
                ("role", "focal-point"),
                ("country", "KZ"),
            ],
        )
        .await;
    assert_eq!(r.status(), 201);
    let page = r.text().await.unwrap();
    let link = page
        .split("id=\"invite-link\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    let path = &link[link.find("/setup/").unwrap()..];
    let r = admin
        .post_form(
            "/admin/users",
            &[
                ("name", "No country"),
                ("email", "x@example.org"),
                ("role", "focal-point"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422, "a focal point needs a country");
    let r = admin
        .post_form(
            "/admin/users",
            &[
                ("name", "Dup"),
                ("email", "KZ@example.org"),
                ("role", "donor"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422, "emails are unique whatever their case");

    let kz = Client::new(&app);
    let (status, page) = kz.get_text(path).await;
    assert_eq!(status, 200);
    assert!(page.contains("Choose your password"));
    let kpw = "kazakhstan focal point pw";
    let r = kz
        .post_form(path, &[("password", kpw), ("password2", kpw)])
        .await;
    assert_eq!(r.status(), 303);
    let (status, home) = kz.get_text("/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Log progress for Kazakhstan"));

    // Deactivation ends the browser session and the API token at once.
    let token = app.token_with("kz@example.org", kpw).await;
    let kz_id = app.user_id("kz@example.org").await;
    let r = admin
        .post_form(
            &format!("/admin/users/{kz_id}/deactivate"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = kz.get("/").await;
    assert_eq!(
        r.status(),
        303,
        "the deactivated account's session has ended"
    );
    assert!(location(&r).starts_with("/login"));
    let r = app.get_with_token(&token, "/api/v1/commitments").await;
    assert_eq!(r.status(), 401, "and so has its token");
    let r = kz.sign_in("kz@example.org", kpw).await;
    assert_eq!(r.status(), 401, "a deactivated account cannot sign in");
}

#[tokio::test]
async fn behind_a_proxy_links_use_the_base_url_and_cookies_are_secure() {
    let app = TestApp::spawn_with(Some("https://tracker.example.org")).await;
    app.add_user("admin@example.org", Role::Admin, None).await;
    let r = app.form_sign_in("admin@example.org", PASSWORD).await;
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
    let token = app.token_for("admin@example.org").await;
    let r = reqwest::Client::new()
        .post(app.url("/admin/users"))
        .bearer_auth(&token)
        .header("host", "evil.example")
        .form(&[
            ("name", "Donor"),
            ("email", "d@example.org"),
            ("role", "donor"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("https://tracker.example.org/setup/"),
        "the link uses the base URL"
    );
    assert!(!page.contains("evil.example"), "never the Host header");
}

#[tokio::test]
async fn without_a_base_url_a_host_header_with_more_than_a_host_makes_no_link_elsewhere() {
    let app = TestApp::spawn().await;
    app.add_user("admin@example.org", Role::Admin, None).await;
    let token = app.token_for("admin@example.org").await;
    let invite = |host: &str, email: &str| {
        reqwest::Client::new()
            .post(app.url("/admin/users"))
            .bearer_auth(&token)
            .header("host", host)
            .form(&[("name", "Donor"), ("email", email), ("role", "donor")])
            .send()
    };
    let page = invite("evil.example/x?", "d1@example.org")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("evil.example"), "{page}");
    assert!(page.contains(">/setup/"), "a link relative to the site");
    // What a browser sends: the address it was given.
    let local = app.addr.to_string();
    let r = invite(&local, "d2@example.org").await.unwrap();
    assert_eq!(r.status(), 201);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(&format!("http://{local}/setup/")),
        "the address the browser used, when it is a plain host and port"
    );
}
