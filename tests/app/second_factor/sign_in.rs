//! Signing in once a factor is on: the password alone opens nothing, a code
//! is accepted once, a recovery code once, guesses are throttled, and a new
//! password link does not go round the factor.

use super::{enrol, sign_in_with_code, signed_in, staff_app};
use crate::helpers::{Client, PASSWORD, location};

#[tokio::test]
async fn the_password_alone_opens_nothing_and_a_code_is_accepted_once() {
    let app = staff_app().await;
    let first = signed_in(&app, "rev@example.org").await;
    let (mut phone, _) = enrol(&first).await;

    let c = Client::new(&app);
    let r = c
        .post_form(
            "/login",
            &[
                ("email", "rev@example.org"),
                ("password", PASSWORD),
                ("next", "/review"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login/code");
    let pending = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        pending.contains("HttpOnly") && pending.contains("Path=/login"),
        "{pending}"
    );
    // No session yet: every page asks to sign in.
    let r = c.get("/review").await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/login?next="));
    let (status, page) = c.get_text("/login/code").await;
    assert_eq!(status, 200);
    assert!(page.contains("name=\"code\""));

    let r = c.post_form("/login/code", &[("code", "123456")]).await;
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("missing, wrong or used"));
    let code = phone.code().await;
    let r = c.post_form("/login/code", &[("code", &code)]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        location(&r),
        "/review",
        "on to the page the sign-in was for"
    );
    let (status, _) = c.get_text("/review").await;
    assert_eq!(status, 200);

    // The same code again, from another browser: refused.
    let (_, r) = sign_in_with_code(&app, "rev@example.org", &phone.used_code()).await;
    assert_eq!(r.status(), 401);
    let failed = app
        .count("SELECT count(*) FROM audit_log WHERE action = 'second_factor.code_failed'")
        .await;
    assert_eq!(failed, 2);
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = staff_app().await;
    let first = signed_in(&app, "admin@example.org").await;
    let (_, codes) = enrol(&first).await;
    // Typed loosely: capitals, spaces for dashes.
    let typed = codes[3].to_uppercase().replace('-', " ");
    let (c, r) = sign_in_with_code(&app, "admin@example.org", &typed).await;
    assert_eq!(r.status(), 303);
    let (status, _) = c.get_text("/admin/users").await;
    assert_eq!(status, 200);
    let (_, r) = sign_in_with_code(&app, "admin@example.org", &codes[3]).await;
    assert_eq!(r.status(), 401, "a recovery code works once");
    let left = app
        .count("SELECT count(*) FROM recovery_codes WHERE used_at IS NULL")
        .await;
    assert_eq!(left, 9);
    let (_, page) = c.get_text("/account/second-factor").await;
    assert!(page.contains("9 unused recovery codes"));
}

#[tokio::test]
async fn code_guesses_are_throttled_like_passwords() {
    let app = staff_app().await;
    let first = signed_in(&app, "rev@example.org").await;
    let (mut phone, _) = enrol(&first).await;
    let c = Client::new(&app);
    let r = c.sign_in("rev@example.org", PASSWORD).await;
    assert_eq!(location(&r), "/login/code");
    let mut statuses = Vec::new();
    for i in 0..14 {
        let guess = format!("{:06}", 100_000 + i);
        let r = c.post_form("/login/code", &[("code", &guess)]).await;
        statuses.push(r.status().as_u16());
    }
    // The account's burst of ten failures, the one that trips the limit,
    // then 429 with the time to wait.
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        11,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        3,
        "{statuses:?}"
    );
    // The right code waits too: the account is throttled, not the guess.
    let code = phone.code().await;
    let r = c.post_form("/login/code", &[("code", &code)]).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_new_password_link_does_not_go_round_the_factor() {
    let app = staff_app().await;
    let first = signed_in(&app, "rev@example.org").await;
    let (mut phone, _) = enrol(&first).await;
    let id = app.user_id("rev@example.org").await;
    let token = app
        .password_link(Some(id), chrono::Duration::hours(1))
        .await;
    let c = Client::new(&app);
    let new = "a brand new passphrase for review";
    let r = c
        .post_form(
            &format!("/setup/{token}"),
            &[("password", new), ("password2", new)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login/code", "the code is still asked for");
    let r = c.get("/").await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/login"));
    let code = phone.code().await;
    let r = c.post_form("/login/code", &[("code", &code)]).await;
    assert_eq!(r.status(), 303);
    let (status, _) = c.get_text("/review").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_code_page_without_a_password_first_goes_back_to_sign_in() {
    let app = staff_app().await;
    let c = Client::new(&app);
    let r = c.get("/login/code").await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/login".to_owned())
    );
    let r = c.post_form("/login/code", &[("code", "123456")]).await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/login".to_owned())
    );
    assert_eq!(app.count("SELECT count(*) FROM sessions").await, 0);
}
