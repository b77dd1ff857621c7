//! Drafts through the API: kept by their author alone, edited, submitted
//! once, and refused to everyone else as if they did not exist.

use serde_json::{Value, json};

use super::{Case, setup};
use crate::helpers::{Country, Role};

#[tokio::test]
async fn a_draft_is_its_authors_alone_until_submitted_then_never_changes() {
    let (app, api, [kz, rev, admin, donor]) = setup().await;
    app.add_user("kz2@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    let kz2 = app.token_for("kz2@example.org").await;
    let track = app.track("P1.02", "KZ").await;
    let cid = app.commitment("P1.02").await;
    let (kz, rev, admin, donor, kz2) = (
        Some(kz.as_str()),
        Some(rev.as_str()),
        Some(admin.as_str()),
        Some(donor.as_str()),
        Some(kz2.as_str()),
    );
    let audit_rows = "SELECT count(*) FROM audit_log WHERE action LIKE 'update.%'";

    // Saved without a narrative: a draft may be incomplete.
    let half = json!({"period": "2024", "status": "limited", "draft": true});
    let id = api
        .check(&[Case::log(kz, track, &half)
            .is(201)
            .with(json!({"state": "draft"}))])
        .await[0]["id"]
        .as_i64()
        .unwrap();
    let path = format!("/updates/{id}");
    let submit = format!("/updates/{id}/submit");
    let body =
        json!({"period": "2024-H2", "status": "substantial", "narrative_ru": "Закон принят"});
    api.check(&[
        Case::get(kz, &path).with(json!({"id": id, "state": "draft", "period": "2024"})),
        // Everyone else, reviewers and admins included, finds nothing, by every route.
        Case::get(rev, &path).is(404),
        Case::get(admin, &path).is(404),
        Case::get(donor, &path).is(404),
        Case::get(kz2, &path)
            .is(404)
            .because("another focal point of the country"),
        Case::put(rev, &path, body.clone()).is(404),
        Case::put(kz2, &path, body.clone()).is(404),
        Case::put(donor, &path, body.clone()).is(403),
        Case::post(rev, &submit, json!({})).is(404),
        Case::post(admin, &submit, json!({})).is(404),
        Case::review(rev, id, json!({"decision": "accept"})).is(404),
        Case::review(admin, id, json!({"decision": "return", "comment": "x"})).is(404),
        Case::post(rev, format!("{path}/comments"), json!({"body": "hello"})).is(404),
        Case::post(
            kz,
            format!("{path}/comments"),
            json!({"body": "note to self"}),
        )
        .is(409)
        .because("a draft has no conversation"),
        // Bad drafts are refused as bad submissions are.
        Case::put(kz, &path, json!({"period": "2099", "status": "limited"}))
            .is(422)
            .with(json!({"field": "period"})),
        Case::put(kz, &path, json!({"period": "2024", "status": "done"}))
            .is(422)
            .with(json!({"field": "status"})),
        Case::put(kz, &path, json!({"status": "limited"}))
            .is(422)
            .with(json!({"field": "period"})),
        Case::log(
            kz,
            track,
            &json!({"period": "2024", "status": "limited", "draft": "yes"}),
        )
        .is(422)
        .with(json!({"field": "draft"})),
        // Submitting it as it stands needs what any submission needs.
        Case::post(kz, &submit, json!({}))
            .is(422)
            .with(json!({"field": "narrative_en"})),
        Case::put(kz, &path, body.clone()).exactly(json!({"id": id, "state": "draft"})),
    ])
    .await;
    assert_eq!(
        app.count(audit_rows).await,
        0,
        "a draft is not in the log admins read"
    );
    let commitment = format!("/commitments/{cid}");
    let listed = |v: &Value| v.to_string().contains(&format!("\"id\":{id},"));
    let seen = api
        .check(&[Case::get(kz, &commitment), Case::get(rev, &commitment)])
        .await;
    assert!(listed(&seen[0]), "its author sees the draft on its track");
    assert!(!listed(&seen[1]), "a reviewer does not: {}", seen[1]);
    let (_, queue_page) = app
        .login_as("rev@example.org")
        .await
        .get_text("/review")
        .await;
    assert!(!queue_page.contains(&format!("/updates/{id}\"")));

    api.check(&[
        Case::post(kz, &submit, json!({})).exactly(json!({"id": id, "state": "submitted"})),
        Case::post(kz, &submit, json!({}))
            .is(409)
            .because("submitted once"),
        Case::put(kz, &path, body.clone())
            .is(409)
            .because("never edited once submitted"),
        Case::put(rev, &path, body).is(409),
        Case::get(rev, &path).with(json!({
            "state": "submitted", "period": "2024-H2", "status": "substantial",
            "narrative_ru": "Закон принят", "comments": [],
        })),
        Case::get(kz2, &path).with(json!({"state": "submitted"})),
        Case::get(donor, &path).is(404),
        Case::review(rev, id, json!({"decision": "accept"})).with(json!({"state": "accepted"})),
        Case::get(donor, &path).with(json!({"state": "accepted"})),
    ])
    .await;
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'update.submit'")
            .await,
        1,
        "submitted: in the log once, as any submission"
    );
    let conn = app.conn();
    assert!(
        conn.execute("UPDATE updates SET narrative_ru = 'x' WHERE id = ?1", [id])
            .is_err(),
        "the schema refuses to change it"
    );
    crate::helpers::assert_counts_agree(&conn);
}
