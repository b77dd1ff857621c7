//! Sign-in throttling, session timeouts and optimistic versions of accounts.

use jpoa_tracker::domain::Role;
use serde_json::json;

use crate::helpers::{Client, PASSWORD, TestApp, location};

async fn form_sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    Client::new(app)
        .post_form("/login", &[("email", email), ("password", password)])
        .await
}

#[tokio::test]
async fn sign_ins_are_throttled_per_account_then_per_address_with_a_clear_answer() {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    let audited_before = app.count("SELECT count(*) FROM audit_log").await;

    // Signing in right costs nothing.
    for _ in 0..12 {
        let r = form_sign_in(&app, "kz@example.org", PASSWORD).await;
        assert_eq!(r.status(), 303);
    }
    // Eleven failures for one account are judged (401)...
    for _ in 0..11 {
        let r = form_sign_in(&app, "kz@example.org", "wrong password").await;
        assert_eq!(r.status(), 401);
    }
    // ...then it is refused before the password is looked at, even the right one.
    let r = form_sign_in(&app, "KZ@example.org", PASSWORD).await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&wait), "Retry-After {wait}");
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Too many sign-in attempts") && page.contains(r#"value="KZ@example.org""#),
        "the sign-in form again, with the reason"
    );
    let r = Client::speaking(&app, "ru")
        .post_form(
            "/login",
            &[("email", "kz@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), 429);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Слишком много попыток входа")
    );
    // The API counts against the same account, and says so in JSON.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/login"))
        .json(&json!({"email": "kz@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    let v: serde_json::Value = r.json().await.unwrap();
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("Too many sign-in attempts")
    );
    // An unknown account is counted just the same: no way to tell which exist.
    for _ in 0..11 {
        let r = form_sign_in(&app, "nobody@example.org", "wrong password").await;
        assert_eq!(r.status(), 401);
    }
    assert_eq!(
        form_sign_in(&app, "nobody@example.org", "wrong password")
            .await
            .status(),
        429
    );
    // Other accounts still sign in from here.
    let r = form_sign_in(&app, "rev@example.org", PASSWORD).await;
    assert_eq!(r.status(), 303);
    // Only the attempts that were judged are in the audit log: 13 sign-ins
    // and 22 failures, none of the refusals.
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log").await - audited_before,
        35
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE action LIKE 'session.sign_in%'
             AND json_extract(after, '$.address') = '127.0.0.1'"
        )
        .await,
        35,
        "each sign-in and failure names the client's address"
    );

    // The address has an allowance of its own across accounts (50 failures).
    let mut refused = 0;
    for i in 0..60 {
        let r = form_sign_in(&app, &format!("guess{i}@example.org"), "x").await;
        if r.status() == 429 {
            refused += 1;
        } else {
            assert_eq!(r.status(), 401);
        }
    }
    assert!(
        refused >= 10,
        "attempts past the address's budget are refused ({refused})"
    );
}

#[tokio::test]
async fn a_session_ends_after_an_idle_hour_or_at_its_absolute_end_and_use_keeps_it_alive() {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    let kz = app.browser_as("kz@example.org").await;
    let rev = app.browser_as("rev@example.org").await;
    let donor = app.browser_as("donor@example.org").await;
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
async fn an_account_edit_carries_its_version_and_a_stale_form_changes_nothing() {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    let admin = app.browser_as("admin@example.org").await;
    let other_admin_id = app.add_user("admin2@example.org", Role::Admin, None).await;
    let kz_id = app
        .count("SELECT id FROM users WHERE email = 'kz@example.org'")
        .await;
    let kz = app.browser_as("kz@example.org").await;

    let (status, page) = admin.get_text(&format!("/admin/users/{kz_id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"name="version" value="1""#), "{page}");
    let edit = |name: &'static str, country: &'static str, version: &'static str| {
        vec![
            ("email", "kz@example.org"),
            ("name", name),
            ("role", "focal-point"),
            ("country", country),
            ("version", version),
        ]
    };
    let path = format!("/admin/users/{kz_id}");
    // Moving the focal point to Kyrgyzstan: saved, audited, effective at once.
    let r = admin.post_form(&path, &edit("Айгерим 🇰🇿", "KG", "1")).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/users?done=saved");
    assert_eq!(
        app.count("SELECT version FROM users WHERE email = 'kz@example.org'")
            .await,
        2
    );
    let kz_track = app.track("P1.02", "KZ").await;
    assert_eq!(
        kz.get(&format!("/tracks/{kz_track}/updates/new"))
            .await
            .status(),
        403,
        "the old country is closed from the next request"
    );
    let (_, after) = admin.get_text("/admin/audit?action=user.update").await;
    assert!(after.contains("Айгерим"), "the change is in the audit log");

    // A second admin's form, read at version 1, comes back 409 with the saved values.
    let r = admin
        .post_form(&path, &edit("Someone Else", "TJ", "1"))
        .await;
    assert_eq!(r.status(), 409);
    let page = r.text().await.unwrap();
    assert!(page.contains("Someone else changed this account"));
    assert!(page.contains("Айгерим") && page.contains(r#"name="version" value="2""#));
    let (name, country): (String, String) = app
        .conn()
        .query_row(
            "SELECT name, country FROM users WHERE id = ?1",
            [kz_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((name.as_str(), country.as_str()), ("Айгерим 🇰🇿", "KG"));

    // Deactivation from a stale list is refused too; the current version works.
    let deactivate = format!("/admin/users/{kz_id}/deactivate");
    let r = admin.post_form(&deactivate, &[("version", "1")]).await;
    assert_eq!(r.status(), 409);
    assert_eq!(kz.get("/").await.status(), 200, "still signed in");
    let r = admin.post_form(&deactivate, &[("version", "2")]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(kz.get("/").await.status(), 303);

    // Bad values: 422 naming the problem, nothing saved.
    for (form, says) in [
        (edit("K", "", "3"), "country"),
        (edit("K", "REG", "3"), "regional"),
        (edit("", "KZ", "3"), "name"),
        (edit("K", "KZ", "three"), "version"),
    ] {
        let r = admin.post_form(&path, &form).await;
        assert_eq!(r.status(), 422, "{form:?}");
        let body = r.text().await.unwrap().to_lowercase();
        assert!(body.contains(says), "{form:?} should mention {says}");
    }
    let r = admin
        .post_form(
            &path,
            &[
                ("email", "ADMIN2@example.org"),
                ("name", "K"),
                ("role", "focal-point"),
                ("country", "KZ"),
                ("version", "3"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422, "another account's email, in any case");
    assert_eq!(
        app.count("SELECT version FROM users WHERE email = 'kz@example.org'")
            .await,
        3
    );

    // An administrator cannot take the role from themselves, but from another.
    let me = app
        .count("SELECT id FROM users WHERE email = 'admin@example.org'")
        .await;
    let r = admin
        .post_form(
            &format!("/admin/users/{me}"),
            &[
                ("email", "admin@example.org"),
                ("name", "Admin"),
                ("role", "reviewer"),
                ("country", ""),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 409);
    let r = admin
        .post_form(
            &format!("/admin/users/{other_admin_id}"),
            &[
                ("email", "admin2@example.org"),
                ("name", "Admin Two"),
                ("role", "reviewer"),
                ("country", ""),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE role = 'admin'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_request_whose_body_never_finishes_gets_408_and_changes_nothing() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let db = jpoa_tracker::db::Db::open(&dir.path().join("slow.db")).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = jpoa_tracker::AppState::new(db.clone())
        .with_request_timeout(std::time::Duration::from_millis(500));
    let router = jpoa_tracker::app(state);
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    // A sign-in form that promises 100 bytes and sends 10.
    s.write_all(
        b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
          Content-Length: 100\r\n\r\nemail=a%40b",
    )
    .await
    .unwrap();
    let mut answer = vec![0; 64];
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), s.read(&mut answer))
        .await
        .expect("an answer within the limit")
        .unwrap();
    let head = String::from_utf8_lossy(&answer[..n]).into_owned();
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    let audited: i64 = db
        .read(|c| Ok(c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert_eq!(audited, 0);
}

#[tokio::test]
async fn a_server_error_shows_a_reference_for_the_log_and_never_the_detail() {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    let donor = app.browser_as("donor@example.org").await;
    let token = app.token_for("donor@example.org").await;
    // A fault the app cannot answer for: a table gone from under it.
    app.conn()
        .execute_batch("ALTER TABLE tracks RENAME TO tracks_gone")
        .unwrap();
    let (status, page) = donor.get_text("/").await;
    assert_eq!(status, 500);
    assert!(page.contains("reference"), "{page}");
    assert!(
        !page.contains("pillars") && !page.contains("no such"),
        "{page}"
    );
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/commitments"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    let v: serde_json::Value = r.json().await.unwrap();
    let said = v["error"].as_str().unwrap();
    assert!(said.starts_with("internal error; reference "), "{v}");
    assert!(!said.contains("no such") && !said.contains("SELECT"), "{v}");
}
