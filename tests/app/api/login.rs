//! Signing in and out of the API.

use serde_json::json;

use super::{Case, setup};
use crate::helpers::PASSWORD;

#[tokio::test]
async fn login_logout_and_the_same_401_for_unknown_email_and_wrong_password() {
    let (_app, api, [kz, ..]) = setup().await;
    let kz = Some(kz.as_str());
    let answers = api
        .check(&[
            Case::post(
                None,
                "/login",
                json!({"email": "kz@example.org", "password": PASSWORD}),
            )
            .with(json!({"role": "focal-point", "country": "KZ"})),
            Case::post(
                None,
                "/login",
                json!({"email": "kz@example.org", "password": "not the password"}),
            )
            .is(401),
            Case::post(
                None,
                "/login",
                json!({"email": "nobody@example.org", "password": "not the password"}),
            )
            .is(401),
            Case::post(None, "/login", json!({"email": 5, "password": []})).is(422),
            Case::get(kz, "/commitments"),
            Case::post(kz, "/logout", json!({})).is(204),
            Case::get(kz, "/commitments")
                .is(401)
                .because("a revoked token no longer works"),
            Case::get(Some("garbage"), "/commitments").is(401),
            Case::get(None, "/commitments").is(401),
        ])
        .await;
    assert_eq!(answers[1], answers[2], "no account enumeration");
}
