//! Sign-in throttling, per account then per address, with a clear answer.

use serde_json::json;

use crate::helpers::{Client, PASSWORD, TestApp};

#[tokio::test]
async fn sign_ins_are_throttled_per_account_then_per_address_with_a_clear_answer() {
    let app = TestApp::with_standard_users().await;
    let audited_before = app.count("SELECT count(*) FROM audit_log").await;

    // Signing in right costs nothing.
    for _ in 0..12 {
        let r = app.form_sign_in("kz@example.org", PASSWORD).await;
        assert_eq!(r.status(), 303);
    }
    // Eleven failures for one account are judged (401)...
    for _ in 0..11 {
        let r = app.form_sign_in("kz@example.org", "wrong password").await;
        assert_eq!(r.status(), 401);
    }
    // ...then it is refused before the password is looked at, even the right one.
    let r = app.form_sign_in("KZ@example.org", PASSWORD).await;
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
        .sign_in("kz@example.org", PASSWORD)
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
        let r = app
            .form_sign_in("nobody@example.org", "wrong password")
            .await;
        assert_eq!(r.status(), 401);
    }
    assert_eq!(
        app.form_sign_in("nobody@example.org", "wrong password")
            .await
            .status(),
        429
    );
    // Other accounts still sign in from here.
    let r = app.form_sign_in("rev@example.org", PASSWORD).await;
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
        let r = app
            .form_sign_in(&format!("guess{i}@example.org"), "x")
            .await;
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
