//! Signing in and out through the form: a fresh HTTP-only session, the same
//! answer for an unknown address and a wrong password, errors tied to their
//! fields.

use crate::helpers::{Client, PASSWORD, Role, TestApp, location};

#[tokio::test]
async fn sign_in_gives_a_fresh_http_only_session_and_sign_out_ends_it() {
    let app = TestApp::spawn().await;
    app.add_user("d@example.org", Role::Donor, None).await;
    let c = Client::new(&app);
    let r = c
        .post_form(
            "/login",
            &[
                ("email", "d@example.org"),
                ("password", "wrong password!!"),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(r.status(), 401);
    let wrong_pw = r.text().await.unwrap();
    let r = c.sign_in("nobody@example.org", "wrong password!!").await;
    assert_eq!(r.status(), 401);
    let unknown = r.text().await.unwrap();
    assert!(wrong_pw.contains("The email or password is not right."));
    assert!(unknown.contains("The email or password is not right."));

    let r = c
        .post_form(
            "/login",
            &[
                ("email", "D@Example.org"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/", "no open redirect through next");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let r = c.get("/reports").await;
    assert_eq!(r.status(), 200);
    let r = c.post_form("/logout", &[]).await;
    assert_eq!(r.status(), 303);
    let r = c.get("/reports").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login?next=%2Freports");
    let sessions = app.count("SELECT count(*) FROM sessions").await;
    assert_eq!(sessions, 0, "sign-out deletes the session on the server");
}

#[tokio::test]
async fn sign_in_and_password_link_errors_are_tied_to_their_fields() {
    let app = TestApp::with_standard_users().await;
    let c = Client::new(&app);
    let r = c.sign_in("kz@example.org", "not it at all").await;
    assert_eq!(r.status(), 401);
    let page = r.text().await.unwrap();
    assert!(page.contains(r#"id="form-error""#), "{page}");
    assert_eq!(
        page.matches(r#"aria-describedby="form-error""#).count(),
        2,
        "both fields point at the message"
    );

    let invited = app.add_user("new@example.org", Role::Reviewer, None).await;
    let token = app
        .password_link(Some(invited), chrono::Duration::days(1))
        .await;
    let (status, page) = c.get_text(&format!("/setup/{token}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains("aria-invalid"), "nothing is invalid yet");
    let r = c
        .post_form(
            &format!("/setup/{token}"),
            &[("password", "short"), ("password2", "short")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(r#"aria-invalid="true" aria-describedby="form-error password-hint""#),
        "{page}"
    );
    assert_eq!(page.matches("aria-invalid").count(), 1, "only the password");
}
