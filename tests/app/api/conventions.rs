//! The API's conventions, as a new integrator meets them with an ordinary
//! HTTP client: the description, the status codes of requests that cannot
//! be read, the one error shape, `null` for absent values, timestamps.

use reqwest::Method;
use serde_json::{Value, json};

use super::{Case, setup};
use crate::helpers::{TestApp, route_table};

#[tokio::test]
async fn the_description_is_public_openapi_3_1_and_names_every_route_of_the_api() {
    let app = TestApp::spawn().await;
    let r = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let doc: Value = r.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["type"],
        "http"
    );
    let mut described: Vec<String> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            described.push(format!("{} {path}", method.to_uppercase()));
            let id = op["operationId"].as_str().unwrap_or_default();
            assert!(!id.is_empty(), "{method} {path} has no operationId");
            assert!(
                op["responses"]["400"]["content"]["application/json"].is_object(),
                "{method} {path} does not describe its 400"
            );
        }
    }
    let mut served: Vec<String> = route_table()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v1/"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    described.sort();
    served.sort();
    assert_eq!(
        described, served,
        "every API route described, and only those"
    );
}

#[tokio::test]
async fn requests_that_cannot_be_read_get_400_415_and_405_in_the_one_error_shape() {
    let (app, api, [kz, ..]) = setup().await;
    let kz = Some(kz.as_str());
    let track = app.track("P1.02", "KZ").await;
    let log = format!("/tracks/{track}/updates");
    let good = json!({"period": "2024", "status": "limited", "narrative_en": "x"});
    api.check(&[
        Case::post_raw(kz, &log, Some("application/json"), "{\"period\": ")
            .is(400)
            .with(json!({"field": null}))
            .because("malformed JSON"),
        Case::post_raw(kz, &log, Some("application/json"), "[]")
            .is(400)
            .because("not an object"),
        Case::post_raw(kz, &log, Some("text/plain"), good.to_string())
            .is(415)
            .because("JSON sent as text"),
        Case::post_raw(kz, &log, None, good.to_string())
            .is(415)
            .because("no content type"),
        Case::post(
            kz,
            &log,
            json!({"period": "2024", "status": "limited", "narative_en": "x"}),
        )
        .is(400)
        .with(json!({"field": "narative_en"}))
        .because("a misspelt field is refused, not dropped"),
        Case::get(kz, "/commitments?page=2")
            .is(400)
            .with(json!({"field": "page"}))
            .because("an unknown parameter"),
        Case::get(kz, "/me?x=1")
            .is(400)
            .with(json!({"field": "x"}))
            .because("a parameter where none is taken"),
        Case::get(kz, "/commitments?pillar=1&pillar=2")
            .is(400)
            .with(json!({"field": "pillar"}))
            .because("a repeated parameter"),
        Case::post(kz, &log, json!({"status": "limited", "narrative_en": "x"}))
            .is(422)
            .with(json!({"field": "period", "error": "period is required"}))
            .because("a missing field, named in words"),
        Case::post(kz, &log, json!({"period": 2024, "status": "limited"}))
            .is(422)
            .with(json!({"field": "period", "error": "period must be a string"}))
            .because("a wrong type, named in words"),
    ])
    .await;
    assert_eq!(app.count("SELECT count(*) FROM updates").await, 0);

    // A method the path does not take: 405, its Allow, and a JSON body.
    let r = reqwest::Client::new()
        .request(Method::DELETE, app.url(&format!("/api/v1{log}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "POST");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["field"], Value::Null);
    assert!(
        v["error"].as_str().unwrap().contains("POST"),
        "the message names what the address takes: {v}"
    );
}

#[tokio::test]
async fn sign_in_and_tokens_answer_in_words_and_the_scheme_is_case_insensitive() {
    let (app, api, [kz, ..]) = setup().await;
    let answers = api
        .check(&[
            Case::post(
                None,
                "/login",
                json!({"email": "kz@example.org", "password": "not it at all"}),
            )
            .is(401)
            .with(json!({"error": "Wrong email or password.", "field": null})),
            Case::get(None, "/me").is(401),
            Case::get(Some("no-such-token"), "/me").is(401),
        ])
        .await;
    assert!(answers[1]["error"].as_str().unwrap().contains("Bearer"));
    assert!(answers[2]["error"].as_str().unwrap().contains("not valid"));
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let r = reqwest::Client::new()
            .get(app.url("/api/v1/me"))
            .header("authorization", format!("{scheme} {kz}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{scheme}");
        let me: Value = r.json().await.unwrap();
        assert_eq!(
            me,
            json!({
                "id": app.user_id("kz@example.org").await, "name": "Test kz@example.org",
                "email": "kz@example.org", "role": "focal-point", "country": "KZ",
                "language": null, "second_factor": false, "second_factor_required": false,
            })
        );
    }
    // Logging out with a lower-case scheme revokes the token.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/logout"))
        .header("authorization", format!("bearer {kz}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(app.get_with_token(&kz, "/api/v1/me").await.status(), 401);
}

#[tokio::test]
async fn created_things_have_a_location_and_absent_values_are_null() {
    let (app, api, [kz, rev, ..]) = setup().await;
    let track = app.track("P1.02", "KZ").await;
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/tracks/{track}/updates")))
        .bearer_auth(&kz)
        .json(&json!({"period": "2024", "status": "limited", "narrative_en": "Adopted"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/updates/{id}"));
    let (status, update) = api
        .get(Some(&kz), location.trim_start_matches("/api/v1"))
        .await;
    assert_eq!(status, 200);
    for absent in [
        "narrative_ru",
        "evidence_url",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
        "revises_id",
        "revised_by_id",
    ] {
        assert_eq!(update[absent], Value::Null, "{absent} in {update}");
    }
    let at = update["submitted_at"].as_str().unwrap();
    assert!(
        at.len() == 24 && at.ends_with('Z') && at.as_bytes()[19] == b'.',
        "RFC 3339, UTC, milliseconds: {at}"
    );
    assert_eq!(update["comments"], json!([]));

    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/updates/{id}/comments")))
        .bearer_auth(&rev)
        .json(&json!({"body": "Which decree?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let (status, comment) = api
        .get(Some(&kz), location.trim_start_matches("/api/v1"))
        .await;
    assert_eq!(status, 200, "{location}");
    assert_eq!(comment["body"], "Which decree?");
    assert_eq!(comment["author"], "Test rev@example.org");
}
