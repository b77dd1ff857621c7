//! Rules that used to be checked twice with different words: revising a
//! returned update, reviewing one's own, and the API naming a bad field.
//! Each has one home now, and every route gives its one answer.

use serde_json::{Value, json};

use crate::helpers::{Client, TestApp, id_after, location};

/// A progress update logged through the form by `who`; its id.
async fn logged(app: &TestApp, who: &str, track: i64) -> i64 {
    let c = app.login_as(who).await;
    let r = c
        .post_form(
            &format!("/tracks/{track}/updates"),
            &[
                ("period", "2024"),
                ("status", "limited"),
                ("narrative_en", "Work has begun."),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    id_after("/updates/", &location(&r))
}

/// The revision form and its write both refuse with `status`, saying `why`.
async fn refused_alike(c: &Client, path: &str, form: &[(&str, &str)], status: u16, why: &str) {
    let (s, page) = c.get_text(path).await;
    assert_eq!(s, status, "GET {path}");
    assert!(page.contains(why), "GET {path}: {page}");
    let r = c.post_form(path, form).await;
    assert_eq!(r.status(), status, "POST {path}");
    let page = r.text().await.unwrap();
    assert!(page.contains(why), "POST {path}: {page}");
}

/// `POST path` with a bearer token and a JSON body: status and body.
async fn api_post(app: &TestApp, token: &str, path: &str, body: &Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1{path}")))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn a_returned_update_is_revised_by_its_author_once_and_every_route_says_why_not() {
    let app = TestApp::with_standard_users().await;
    let track = app.track("P2.05", "KZ").await;
    let id = logged(&app, "kz@example.org", track).await;
    let fp = app.login_as("kz@example.org").await;
    let fp_ru = app.login_speaking("ru", "kz@example.org").await;
    let form = [
        ("period", "2024"),
        ("status", "substantial"),
        ("narrative_en", "Revised."),
    ];
    let revise = format!("/updates/{id}/revise");

    // Still in review: the form and the write refuse alike, in the page's language.
    let in_review = "Only a returned update can be revised.";
    refused_alike(&fp, &revise, &form, 409, in_review).await;
    let in_review_ru = "Дорабатывать можно только отчёт, возвращённый на доработку.";
    refused_alike(&fp_ru, &revise, &form, 409, in_review_ru).await;

    let rev = app.login_as("rev@example.org").await;
    let r = rev
        .post_form(
            &format!("/updates/{id}/review"),
            &[("decision", "return"), ("comment", "Say which law.")],
        )
        .await;
    assert_eq!(r.status(), 303);
    // Someone else, even a reviewer, does not revise it.
    let (s, page) = rev.get_text(&revise).await;
    assert_eq!(s, 403);
    assert!(page.contains("Only the author of an update can revise it."));

    let r = fp.post_form(&revise, &form).await;
    assert_eq!(r.status(), 303, "the author revises a returned update");
    let before = app.count("SELECT count(*) FROM updates").await;
    let revised = "This update has already been revised.";
    refused_alike(&fp, &revise, &form, 409, revised).await;
    refused_alike(&fp_ru, &revise, &form, 409, "Этот отчёт уже доработан.").await;
    assert_eq!(
        app.count("SELECT count(*) FROM updates").await,
        before,
        "nothing written"
    );
}

#[tokio::test]
async fn nobody_decides_on_their_own_update_and_the_page_and_the_api_say_so_alike() {
    let app = TestApp::with_standard_users().await;
    let track = app.track("P2.05", "KZ").await;
    let own = logged(&app, "rev@example.org", track).await;
    let words = "You cannot review an update you wrote; another reviewer must decide on it.";

    let rev = app.login_as("rev@example.org").await;
    let r = rev
        .post_form(
            &format!("/updates/{own}/review"),
            &[("decision", "accept"), ("comment", "")],
        )
        .await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains(words));
    let rev_ru = app.login_speaking("ru", "rev@example.org").await;
    let r = rev_ru
        .post_form(
            &format!("/updates/{own}/review"),
            &[("decision", "accept"), ("comment", "")],
        )
        .await;
    assert_eq!(r.status(), 403);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Нельзя рассматривать собственный отчёт")
    );

    let token = app.token_for("rev@example.org").await;
    let path = format!("/updates/{own}/review");
    let (s, body) = api_post(&app, &token, &path, &json!({"decision": "accept"})).await;
    assert_eq!(s, 403);
    assert_eq!(body["error"], words);
    // Refused before the body is read: a bad body changes nothing of the answer.
    let (s, body) = api_post(&app, &token, &path, &json!({"decision": 7})).await;
    assert_eq!((s, body["error"].as_str()), (403, Some(words)));
    assert_eq!(
        app.count("SELECT count(*) FROM updates WHERE state = 'submitted'")
            .await,
        1,
        "still awaiting another reviewer"
    );
}

#[tokio::test]
async fn the_api_names_a_missing_or_mistyped_field_in_words() {
    let app = TestApp::with_standard_users().await;
    let track = app.track("P2.05", "KZ").await;
    let token = app.token_for("kz@example.org").await;
    let path = format!("/tracks/{track}/updates");
    let cases = [
        (
            json!({"status": "limited", "narrative_en": "x"}),
            "period is required",
            "period",
        ),
        (
            json!({"period": 2024, "status": "limited", "narrative_en": "x"}),
            "period must be a string",
            "period",
        ),
        (
            json!({"period": "2024", "narrative_en": "x"}),
            "status is required",
            "status",
        ),
        (
            json!({"period": "2024", "status": "limited", "narrative_en": ["x"]}),
            "narrative_en must be a string",
            "narrative_en",
        ),
    ];
    for (body, error, field) in cases {
        let (s, answer) = api_post(&app, &token, &path, &body).await;
        assert_eq!(s, 422, "{body}");
        assert_eq!(answer, json!({"error": error, "field": field}), "{body}");
    }
    assert_eq!(app.count("SELECT count(*) FROM updates").await, 0);
}

#[tokio::test]
async fn bytes_that_are_not_utf8_are_refused_in_forms_as_in_the_api_and_no_answer_names_a_type() {
    let app = TestApp::with_standard_users().await;
    let track = app.track("P2.05", "KZ").await;
    let fp = app.login_as("kz@example.org").await;
    let r = fp
        .http
        .post(app.url(&format!("/tracks/{track}/updates")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("period=2024&status=limited&narrative_en=Law%FF%FEadopted")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("could not be read"));
    assert_eq!(app.count("SELECT count(*) FROM updates").await, 0);

    let token = app.token_for("kz@example.org").await;
    for body in ["[1, 2, 3, 4, 5]", "{\"period\": {}}", "\"2024\""] {
        let r = reqwest::Client::new()
            .post(app.url(&format!("/api/v1/tracks/{track}/updates")))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        // Not an object: unreadable as this request (400); an object with
        // a field of the wrong type: invalid (422).
        let want = if body.starts_with('{') { 422 } else { 400 };
        assert_eq!(r.status(), want, "{body}");
        let text = r.text().await.unwrap();
        for inner in ["struct", "UpdateBody", "Option<", "serde"] {
            assert!(!text.contains(inner), "{body}: {text}");
        }
    }
}
