//! `POST /api/v1/login` with `otp`: a token only past the second factor.

use serde_json::{Value, json};

use super::{enrol, settings_app, signed_in, staff_app};
use crate::helpers::{Mfa, PASSWORD, Settings, TestApp};

async fn api_login(app: &TestApp, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/login"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn an_account_with_a_factor_gets_a_token_for_a_current_unused_code() {
    let app = staff_app().await;
    let c = signed_in(&app, "rev@example.org").await;
    let (mut phone, codes) = enrol(&c).await;
    let email = "rev@example.org";

    let (status, body) = api_login(&app, json!({"email": email, "password": PASSWORD})).await;
    assert_eq!((status, &body["field"]), (401, &json!("otp")), "{body}");
    assert!(body["error"].as_str().unwrap().contains("code"));
    let (status, body) = api_login(
        &app,
        json!({"email": email, "password": PASSWORD, "otp": "000000"}),
    )
    .await;
    assert_eq!((status, &body["field"]), (401, &json!("otp")));
    // A right code with a wrong password gets nothing, and says nothing of
    // the code.
    let code = phone.code().await;
    let (status, body) = api_login(
        &app,
        json!({"email": email, "password": "not the password!", "otp": code}),
    )
    .await;
    assert_eq!((status, &body["field"]), (401, &Value::Null));

    let (status, body) = api_login(
        &app,
        json!({"email": email, "password": PASSWORD, "otp": code}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let token = body["token"].as_str().unwrap().to_owned();
    let r = app.get_with_token(&token, "/api/v1/commitments").await;
    assert_eq!(r.status(), 200);
    let (status, body) = api_login(
        &app,
        json!({"email": email, "password": PASSWORD, "otp": code}),
    )
    .await;
    assert_eq!(
        (status, &body["field"]),
        (401, &json!("otp")),
        "a code is accepted once"
    );

    let (status, _) = api_login(
        &app,
        json!({"email": email, "password": PASSWORD, "otp": codes[0]}),
    )
    .await;
    assert_eq!(status, 200, "a recovery code serves too");
    let (status, _) = api_login(
        &app,
        json!({"email": email, "password": PASSWORD, "otp": codes[0]}),
    )
    .await;
    assert_eq!(status, 401, "once");
}

#[tokio::test]
async fn staff_who_must_enrol_get_403_otp_and_no_token() {
    let app = staff_app().await;
    for email in ["rev@example.org", "admin@example.org"] {
        let (status, body) = api_login(&app, json!({"email": email, "password": PASSWORD})).await;
        assert_eq!(
            (status, &body["field"]),
            (403, &json!("otp")),
            "{email}: {body}"
        );
    }
    assert_eq!(
        app.count("SELECT count(*) FROM sessions WHERE kind = 'api'")
            .await,
        0
    );
    // A browser session of someone who must enrol does not open the API either.
    let c = signed_in(&app, "rev@example.org").await;
    let r = c.get("/api/v1/commitments").await;
    assert_eq!(r.status(), 403);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["field"], json!("otp"));
    // Focal points and donors are not covered by `staff`.
    for email in ["kz@example.org", "donor@example.org"] {
        let (status, body) = api_login(&app, json!({"email": email, "password": PASSWORD})).await;
        assert_eq!(status, 200, "{email}: {body}");
    }
}

#[tokio::test]
async fn jpoa_mfa_all_covers_everyone_and_off_nobody() {
    let all = settings_app(Settings {
        mfa: Mfa::All,
        ..Settings::defaults()
    })
    .await;
    for email in ["kz@example.org", "donor@example.org", "rev@example.org"] {
        let (status, body) = api_login(&all, json!({"email": email, "password": PASSWORD})).await;
        assert_eq!((status, &body["field"]), (403, &json!("otp")), "{email}");
    }
    let off = settings_app(Settings {
        mfa: Mfa::Off,
        ..Settings::defaults()
    })
    .await;
    let (status, _) = api_login(
        &off,
        json!({"email": "admin@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn wrong_codes_through_the_api_are_throttled() {
    let app = staff_app().await;
    let c = signed_in(&app, "rev@example.org").await;
    enrol(&c).await;
    let mut statuses = Vec::new();
    for i in 0..13 {
        let otp = format!("{:06}", 200_000 + i);
        let body = json!({"email": "rev@example.org", "password": PASSWORD, "otp": otp});
        statuses.push(api_login(&app, body).await.0);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        11,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        2,
        "{statuses:?}"
    );
}
