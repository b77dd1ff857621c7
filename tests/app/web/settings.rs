//! The settings reach the running app: the same request is let through or
//! refused as they say.

use crate::helpers::{AppState, Db, Settings, serve};

/// A sign-in form padded to `bytes`, posted to an app with `settings`.
async fn padded_sign_in(settings: Settings, bytes: usize) -> u16 {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("t.db")).unwrap();
    let addr = serve(AppState::with_settings(db, settings)).await;
    let pad = "x".repeat(bytes);
    reqwest::Client::new()
        .post(format!("http://{addr}/login"))
        .form(&[
            ("email", "a@example.org"),
            ("password", "p"),
            ("pad", pad.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_body_limit_is_the_settings_one() {
    let small = Settings {
        body_limit: 16 * 1024,
        ..Settings::defaults()
    };
    assert_eq!(padded_sign_in(small, 20 * 1024).await, 413);
    assert_eq!(
        padded_sign_in(Settings::defaults(), 20 * 1024).await,
        401,
        "within the default 256 KiB the sign-in is read, and fails"
    );
}

#[tokio::test]
async fn the_sign_in_allowance_is_the_settings_one() {
    let strict = Settings {
        account_burst: 1,
        ..Settings::defaults()
    };
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("t.db")).unwrap();
    let addr = serve(AppState::with_settings(db, strict)).await;
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let r = client
            .post(format!("http://{addr}/login"))
            .form(&[("email", "a@example.org"), ("password", "wrong one")])
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(
        statuses,
        [401, 401, 429],
        "one failure, one past it, then refused"
    );
}
