//! Sessions end: after an idle hour, at their absolute end, with sign-out
//! and with their account, also when the server kept them between requests.

use crate::helpers::{TestApp, location};

#[tokio::test]
async fn a_session_ends_after_an_idle_hour_or_at_its_absolute_end_and_use_keeps_it_alive() {
    let app = TestApp::with_standard_users().await;
    let kz = app.login_as("kz@example.org").await;
    let rev = app.login_as("rev@example.org").await;
    let donor = app.login_as("donor@example.org").await;
    let token = app.token_for("admin@example.org").await;
    let conn = app.conn();
    let set = |sql: &str, email: &str| {
        conn.execute(
            &format!(
                "UPDATE sessions SET {sql}
                 WHERE user_id = (SELECT id FROM users WHERE email = ?1)"
            ),
            [email],
        )
        .unwrap();
    };

    // 59 minutes idle: still signed in, and the visit restarts the idle time.
    set(
        "last_seen_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-59 minutes')",
        "kz@example.org",
    );
    assert_eq!(kz.get("/").await.status(), 200);
    let fresh: i64 = conn
        .query_row(
            "SELECT count(*) FROM sessions
             WHERE last_seen_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 minute')
               AND user_id = (SELECT id FROM users WHERE email = 'kz@example.org')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fresh, 1, "the visit was recorded");
    // 61 minutes idle: signed out, sent to the sign-in page.
    set(
        "last_seen_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-61 minutes')",
        "rev@example.org",
    );
    let r = rev.get("/review").await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/login"));
    // Busy but past its absolute end (12 hours): signed out too.
    set(
        "expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 second')",
        "donor@example.org",
    );
    assert_eq!(donor.get("/").await.status(), 303);
    // An API token lives a week without use.
    let api = |t: String| {
        let url = app.url("/api/v1/commitments");
        async move {
            reqwest::Client::new()
                .get(url)
                .bearer_auth(t)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    set(
        "last_seen_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-6 days')",
        "admin@example.org",
    );
    assert_eq!(api(token.clone()).await, 200);
    set(
        "last_seen_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')",
        "admin@example.org",
    );
    assert_eq!(api(token).await, 401);
}

#[tokio::test]
async fn a_kept_session_ends_with_sign_out_and_with_its_account() {
    let app = TestApp::with_standard_users().await;
    let donor = app.login_as("donor@example.org").await;
    let rev = app.login_as("rev@example.org").await;
    for _ in 0..2 {
        assert_eq!(donor.get("/").await.status(), 200);
        assert_eq!(rev.get("/review").await.status(), 200);
    }
    // Switched off on a connection of its own: the next request is refused.
    app.conn()
        .execute(
            "UPDATE users SET active = 0 WHERE email = 'donor@example.org'",
            [],
        )
        .unwrap();
    let r = donor.get("/").await;
    assert_eq!(r.status(), 303, "a deactivated account's session is over");
    assert!(location(&r).starts_with("/login"));
    // Signing out ends the kept session at once.
    assert_eq!(rev.post_form("/logout", &[]).await.status(), 303);
    let r = rev.get("/review").await;
    assert_eq!(r.status(), 303, "signed out");
    // A session past its idle time is over even though it was kept.
    let admin = app.login_as("admin@example.org").await;
    assert_eq!(admin.get("/").await.status(), 200);
    app.conn()
        .execute(
            "UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00.000Z'
             WHERE user_id = (SELECT id FROM users WHERE email = 'admin@example.org')",
            [],
        )
        .unwrap();
    assert_eq!(admin.get("/").await.status(), 303);
}
