//! Logging progress through the API: who may write where, the review
//! rules, and bad bodies.

use serde_json::{Value, json};

use super::{Case, setup};

/// The Kazakh track of a commitment as the API shows it.
fn kz_track_in(commitment: &Value) -> Value {
    commitment["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["country"] == "KZ")
        .unwrap()
        .clone()
}

#[tokio::test]
async fn updates_are_written_by_the_right_people_and_reviewed_once_never_by_their_author() {
    let (app, api, [kz, rev, admin, donor]) = setup().await;
    let kz_track = app.track("P1.02", "KZ").await;
    let uz_track = app.track("P1.02", "UZ").await;
    let reg_track = app.track("P1.01", "REG").await;
    let body = json!({"period": "2023", "status": "limited", "narrative_en": "Done <b>bold</b>"});

    let (kz, rev, admin, donor) = (
        Some(kz.as_str()),
        Some(rev.as_str()),
        Some(admin.as_str()),
        Some(donor.as_str()),
    );
    let accept = || json!({"decision": "accept"});

    let id = api
        .check(&[Case::log(kz, kz_track, &body)
            .is(201)
            .with(json!({"state": "submitted"}))])
        .await[0]["id"]
        .as_i64()
        .unwrap();

    let before = app.count("SELECT count(*) FROM updates").await;
    api.check(&[
        Case::log(kz, uz_track, &body).is(403),
        Case::log(kz, reg_track, &body).is(403),
        Case::log(donor, kz_track, &body).is(403),
        Case::log(donor, 999_999, &body).is(403),
        Case::log(kz, 999_999, &body).is(404),
    ])
    .await;
    assert_eq!(
        app.count("SELECT count(*) FROM updates").await,
        before,
        "refusals change nothing"
    );
    api.check(&[
        Case::log(None, kz_track, &body).is(401),
        Case::log(rev, uz_track, &body)
            .is(201)
            .because("reviewers may log on any track"),
        Case::log(admin, reg_track, &body)
            .is(201)
            .because("admins may log on any track"),
        // Review rules.
        Case::review(kz, id, accept())
            .is(403)
            .because("focal points do not review"),
        Case::review(donor, id, accept()).is(403),
        Case::review(rev, 999_999, accept()).is(404),
        Case::review(rev, id, json!({"decision": "return"}))
            .is(422)
            .with(json!({"field": "comment"}))
            .because("a return needs a comment"),
    ])
    .await;
    let rev_own = app.count("SELECT max(id) FROM updates WHERE author_id = (SELECT id FROM users WHERE email = 'rev@example.org')").await;
    api.check(&[
        Case::review(rev, rev_own, accept())
            .is(403)
            .because("nobody reviews their own update"),
        Case::review(admin, rev_own, accept()).with(json!({"state": "accepted"})),
        Case::review(rev, id, json!({"decision": "accept", "comment": "Good"}))
            .exactly(json!({"id": id, "state": "accepted"})),
        Case::review(admin, id, json!({"decision": "return", "comment": "late"}))
            .is(409)
            .because("an accepted update is final"),
    ])
    .await;

    // Status comes from the accepted update; donors see accepted updates only.
    let pending = api
        .logged(
            kz,
            kz_track,
            json!({"period": "2024", "status": "complete", "narrative_ru": "Готово"}),
        )
        .await;
    let cid = app.commitment("P1.02").await;
    let (_, v) = api.get(donor, &format!("/commitments/{cid}")).await;
    let kz_t = kz_track_in(&v);
    assert_eq!(kz_t["status"], "limited");
    assert_eq!(kz_t["last_accepted_period"], "2023");
    let ups = kz_t["updates"].as_array().unwrap();
    assert_eq!(ups.len(), 1, "the donor does not see the pending update");
    assert_eq!(ups[0]["narrative_en"], "Done <b>bold</b>");
    let (_, v) = api.get(kz, &format!("/commitments/{cid}")).await;
    let kz_t = kz_track_in(&v);
    assert!(
        kz_t["updates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == pending),
        "the author sees it"
    );
}

#[tokio::test]
async fn bad_update_bodies_get_422_with_the_field_and_change_nothing() {
    let (app, api, [kz, ..]) = setup().await;
    let track = app.track("P1.02", "KZ").await;
    let path = format!("/tracks/{track}/updates");
    let cases = [
        (json!({"period": "2021", "status": "limited"}), "period"),
        (json!({"period": "2032-H1", "status": "limited"}), "period"),
        // A period that has not begun (today is at most 2031 while this runs).
        (
            json!({"period": "2031-H2", "status": "limited", "narrative_en": "x"}),
            "period",
        ),
        (json!({"period": "2024-H3", "status": "limited"}), "period"),
        (json!({"period": 2024, "status": "limited"}), "period"),
        (json!({"status": "limited"}), "period"),
        (json!({"period": "2024", "status": "done"}), "status"),
        (
            json!({"period": "2024", "status": "no_information"}),
            "status",
        ),
        (json!({"period": "2024", "status": ["limited"]}), "status"),
        (
            json!({"period": "2024", "status": "limited", "narrative_en": "a\u{0}b"}),
            "narrative_en",
        ),
        (
            json!({"period": "2024", "status": "limited", "narrative_ru": "я".repeat(10_001)}),
            "narrative_ru",
        ),
        (
            json!({"period": "2024", "status": "limited", "evidence_url": "javascript:alert(1)"}),
            "evidence_url",
        ),
        (
            json!({"period": "2024", "status": "limited", "narrative_en": 12}),
            "narrative_en",
        ),
        (
            json!({"period": "2024", "status": "limited"}),
            "narrative_en",
        ),
        (
            json!({"period": "2024", "status": "limited", "narrative_en": " \n ", "narrative_ru": ""}),
            "narrative_en",
        ),
        (
            json!({"period": "2024", "status": "limited", "narrative_en": "x", "evidence_url": "https:///x"}),
            "evidence_url",
        ),
        (
            json!({"period": "2024", "status": "limited", "narrative_en": "x", "evidence_url": "https://a.org/\u{202e}fdp.exe"}),
            "evidence_url",
        ),
    ];
    let kz = Some(kz.as_str());
    let mut cases: Vec<Case> = cases
        .into_iter()
        .map(|(body, field)| {
            Case::post(kz, &path, body)
                .is(422)
                .with(json!({ "field": field }))
        })
        .collect();
    cases.extend([
        Case::post_raw(
            kz,
            &path,
            Some("application/json"),
            "{\"period\": \"2024\", ",
        )
        .is(400)
        .because("malformed JSON"),
        Case::post_raw(kz, &path, None, "period=2024&status=limited")
            .is(415)
            .because("not JSON"),
        Case::post(
            kz,
            &path,
            json!({"period": "2024", "status": "limited", "narrative_en": "x", "country": "UZ"}),
        )
        .is(400)
        .with(json!({"field": "country"}))
        .because("a country in the body: it comes from the account, and no field is ignored"),
        Case::post(
            kz,
            &path,
            json!({"period": "2024", "status": "limited", "narrative_en": "x".repeat(300_000)}),
        )
        .is(413),
    ]);
    api.check(&cases).await;
    assert_eq!(
        app.count("SELECT count(*) FROM updates").await,
        0,
        "nothing was written"
    );

    let text = "Обучено 45 сотрудников 🎉 <script>alert('x')</script> =HYPERLINK(\"http://x\")";
    let v = &api
        .check(&[Case::post(
            kz,
            &path,
            json!({"period": "2025-H1", "status": "substantial", "narrative_ru": text}),
        )
        .is(201)])
        .await[0];
    let stored: String = app
        .conn()
        .query_row(
            "SELECT narrative_ru FROM updates WHERE id = ?1",
            [v["id"].as_i64().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, text, "hostile and non-Latin text is kept exactly");
}
