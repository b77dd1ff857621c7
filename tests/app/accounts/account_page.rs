//! A person changes their own password: the current one is asked for, a
//! guessable one is refused, and the change ends every other session and
//! every API token of the account.

use crate::helpers::{Client, PASSWORD, TestApp, location};

#[tokio::test]
async fn changing_ones_password_ends_every_other_session_and_token() {
    let app = TestApp::with_standard_users().await;
    let (here, elsewhere, token) = app.signed_in_twice_with_a_token("kz@example.org").await;
    let other_user = app.login_as("rev@example.org").await;
    let (code, page) = here.get_text("/account").await;
    assert_eq!(code, 200);
    assert!(page.contains("Change your password"));
    let hash_before: String = app
        .conn()
        .query_row(
            "SELECT password_hash FROM users WHERE email = 'kz@example.org'",
            [],
            |r| r.get(0),
        )
        .unwrap();

    let new = "seven quiet rivers of Almaty";
    for (form, why) in [
        (
            vec![
                ("current", "wrong password here"),
                ("password", new),
                ("password2", new),
            ],
            "current password",
        ),
        (
            vec![
                ("current", PASSWORD),
                ("password", "password1234"),
                ("password2", "password1234"),
            ],
            "too easy to guess",
        ),
        (
            vec![
                ("current", PASSWORD),
                ("password", "kz@example.org"),
                ("password2", "kz@example.org"),
            ],
            "too easy to guess",
        ),
        (
            vec![
                ("current", PASSWORD),
                ("password", new),
                ("password2", "something else"),
            ],
            "not the same",
        ),
        (
            vec![
                ("current", PASSWORD),
                ("password", "short"),
                ("password2", "short"),
            ],
            "at least 12",
        ),
    ] {
        let r = here.post_form("/account", &form).await;
        assert_eq!(r.status(), 422, "{why}");
        let body = r.text().await.unwrap();
        assert!(body.to_lowercase().contains(why), "{why}: {body}");
    }
    let hash_now: String = app
        .conn()
        .query_row(
            "SELECT password_hash FROM users WHERE email = 'kz@example.org'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hash_now, hash_before, "a refused change changes nothing");
    assert_eq!(elsewhere.get("/").await.status(), 200);

    let r = here
        .post_form(
            "/account",
            &[("current", PASSWORD), ("password", new), ("password2", new)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account?done=1");
    // This browser carries on with a new session; every other one has ended.
    let (code, page) = here.get_text("/account?done=1").await;
    assert_eq!(code, 200);
    assert!(page.contains("Your password was changed"));
    assert_eq!(elsewhere.get("/").await.status(), 303);
    let api = app.get_with_token(&token, "/api/v1/commitments").await;
    assert_eq!(api.status(), 401, "API tokens end too");
    assert_eq!(
        other_user.get("/").await.status(),
        200,
        "other people are not affected"
    );
    // The old password no longer signs in; the new one does.
    let c = Client::new(&app);
    let r = c.sign_in("kz@example.org", PASSWORD).await;
    assert_eq!(r.status(), 401);
    let r = c.sign_in("kz@example.org", new).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'user.password_set'")
            .await,
        1
    );
}
