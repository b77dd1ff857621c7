//! The conversation on an update through the API: who takes part, what
//! donors and other countries see (nothing of it), and bad comments.

use serde_json::json;

use super::{Case, setup};
use crate::helpers::{Country, Role};

#[tokio::test]
async fn the_conversation_is_for_the_author_the_country_and_reviewers_never_donors() {
    let (app, api, [kz, rev, admin, donor]) = setup().await;
    app.add_user("kz2@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    app.add_user("uz@example.org", Role::FocalPoint, Some(Country::UZ))
        .await;
    let (kz2, uz) = (
        app.token_for("kz2@example.org").await,
        app.token_for("uz@example.org").await,
    );
    let (kz, rev, admin, donor, kz2, uz) = (
        Some(kz.as_str()),
        Some(rev.as_str()),
        Some(admin.as_str()),
        Some(donor.as_str()),
        Some(kz2.as_str()),
        Some(uz.as_str()),
    );
    let track = app.track("P1.02", "KZ").await;
    let id = api
        .logged(
            kz,
            track,
            json!({"period": "2024", "status": "limited", "narrative_en": "Law drafted"}),
        )
        .await;
    let path = format!("/updates/{id}");
    let comments = format!("/updates/{id}/comments");
    let said = |body: &str| json!({ "body": body });
    let answers = api
        .check(&[
            Case::post(rev, &comments, said("Which law, adopted when?")).is(201),
            Case::post(kz, &comments, said("The 2024 law on <b>financing</b>")).is(201),
            Case::post(kz2, &comments, said("Its number is 123-VII")).is(201),
            Case::post(admin, &comments, said("Noted")).is(201),
            Case::post(donor, &comments, said("May I?")).is(403),
            Case::post(uz, &comments, said("And ours?"))
                .is(404)
                .because("an update in review elsewhere is not found"),
            Case::post(None, &comments, said("anyone?")).is(401),
            Case::post(kz, "/updates/999999/comments", said("x")).is(404),
        ])
        .await;
    let first = answers[0]["id"].as_i64().unwrap();
    let thread = api.check(&[Case::get(rev, &path)]).await.remove(0);
    let bodies: Vec<&str> = thread["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            "Which law, adopted when?",
            "The 2024 law on <b>financing</b>",
            "Its number is 123-VII",
            "Noted"
        ],
        "oldest first, as written"
    );
    let c = &thread["comments"][0];
    assert_eq!(c["id"], first);
    assert_eq!(c["author"], "Test rev@example.org");
    assert!(c["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'update.comment'")
            .await,
        4
    );

    // Accepted, the update is everyone's to read; its conversation is not.
    api.check(&[Case::review(rev, id, json!({"decision": "accept"}))])
        .await;
    let seen = api
        .check(&[
            Case::get(donor, &path).with(json!({"state": "accepted"})),
            Case::get(uz, &path).with(json!({"state": "accepted"})),
            Case::get(kz2, &path),
            Case::post(donor, &comments, said("Now?")).is(403),
            Case::post(uz, &comments, said("Now?")).is(403),
            Case::post(kz, &comments, said("Thank you")).is(201),
        ])
        .await;
    assert!(
        seen[0]["comments"].is_null(),
        "donors get no comments: {}",
        seen[0]
    );
    assert!(
        seen[1]["comments"].is_null(),
        "nor another country's focal point"
    );
    assert_eq!(seen[2]["comments"].as_array().unwrap().len(), 4);
    let donor_views = [
        api.get(
            donor,
            &format!("/commitments/{}", app.commitment("P1.02").await),
        )
        .await
        .1
        .to_string(),
        String::from_utf8(
            app.login_as("donor@example.org")
                .await
                .get_bytes("/reports/progress.csv")
                .await,
        )
        .unwrap(),
        app.login_as("donor@example.org")
            .await
            .get_text(&path)
            .await
            .1,
    ];
    for view in donor_views {
        assert!(view.contains("Law drafted"), "the update itself is there");
        assert!(!view.contains("123-VII"), "no comment is");
    }

    // Append-only, in the schema too.
    let conn = app.conn();
    assert!(
        conn.execute("UPDATE update_comments SET body = 'x'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM update_comments", []).is_err());
    assert_eq!(app.count("SELECT count(*) FROM update_comments").await, 5);
}

#[tokio::test]
async fn bad_comments_get_422_naming_the_body_and_change_nothing() {
    let (app, api, [kz, rev, ..]) = setup().await;
    let (kz, rev) = (Some(kz.as_str()), Some(rev.as_str()));
    let track = app.track("P1.02", "KZ").await;
    let id = api
        .logged(
            kz,
            track,
            json!({"period": "2024", "status": "limited", "narrative_en": "x"}),
        )
        .await;
    let comments = format!("/updates/{id}/comments");
    let bad = |body: serde_json::Value, why: &'static str| {
        Case::post(rev, &comments, body)
            .is(422)
            .with(json!({"field": "body"}))
            .because(why)
    };
    api.check(&[
        bad(json!({}), "missing"),
        bad(json!({"body": ""}), "empty"),
        bad(json!({"body": " \n\t "}), "blank"),
        bad(json!({"body": 42}), "not text"),
        bad(json!({"body": "я".repeat(5001)}), "too long"),
        bad(
            json!({"body": "Name\u{202E}the law"}),
            "a right-to-left override",
        ),
        bad(json!({"body": "a\u{0}b"}), "NUL"),
        bad(json!({"body": "zero\u{200B}width"}), "a zero-width space"),
        Case::post_raw(rev, &comments, Some("application/json"), "{\"body\": ")
            .is(400)
            .because("not JSON"),
    ])
    .await;
    assert_eq!(app.count("SELECT count(*) FROM update_comments").await, 0);
    api.check(&[Case::post(rev, &comments, json!({"body": "я".repeat(5000)})).is(201)])
        .await;
}
