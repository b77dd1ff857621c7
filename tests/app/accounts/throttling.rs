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

/// `n` wrong sign-ins sent at once, for `email(i)`; how many were judged
/// (401) and how many refused (429).
async fn guesses_at_once(
    app: &TestApp,
    n: usize,
    email: impl Fn(usize) -> String,
) -> (usize, usize) {
    let sent = (0..n).map(|i| {
        let c = Client::new(app);
        let email = email(i);
        async move { c.sign_in(&email, "wrong password").await.status().as_u16() }
    });
    let statuses = futures_join_all(sent).await;
    let judged = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(judged + refused, n, "{statuses:?}");
    (judged, refused)
}

/// Runs the futures at the same time on this runtime.
async fn futures_join_all<F: std::future::Future<Output = u16> + Send + 'static>(
    fs: impl Iterator<Item = F>,
) -> Vec<u16> {
    let handles: Vec<_> = fs.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn guesses_sent_at_once_get_no_more_than_guesses_one_after_another() {
    let app = TestApp::with_standard_users().await;
    // One account: the burst of 10 and the one that trips the refusal.
    let (judged, refused) = guesses_at_once(&app, 35, |_| "kz@example.org".into()).await;
    assert_eq!((judged, refused), (11, 24));
    // One address, every guess for another account: 50 and the one past it,
    // the 11 above included.
    let (judged, refused) = guesses_at_once(&app, 90, |i| format!("p{i}@example.org")).await;
    assert_eq!((judged, refused), (51 - 11, 50));
    let judged_in_log = app
        .count("SELECT count(*) FROM audit_log WHERE action = 'session.sign_in_failed'")
        .await;
    assert_eq!(judged_in_log, 51, "only judged guesses are logged");
}
