//! Reviews through the API decided at the same time.

use serde_json::json;

use super::{Case, setup};

#[tokio::test]
async fn two_reviewers_deciding_at_once_exactly_one_wins() {
    let (app, api, [kz, rev, admin, _]) = setup().await;
    let track = app.track("P3.01", "KZ").await;
    let id = api
        .logged(
            Some(&kz),
            track,
            json!({"period": "2024", "status": "limited", "narrative_en": "x"}),
        )
        .await;
    let path = format!("/updates/{id}/review");
    let (a, b) = tokio::join!(
        api.post(Some(&rev), &path, json!({"decision": "accept"})),
        api.post(
            Some(&admin),
            &path,
            json!({"decision": "return", "comment": "no"})
        ),
    );
    let mut codes = [a.0.as_u16(), b.0.as_u16()];
    codes.sort();
    assert_eq!(codes, [200, 409]);
}

#[tokio::test]
async fn of_two_acceptances_in_the_same_second_the_later_one_decides() {
    let (app, api, [kz, rev, _, _]) = setup().await;
    let track = app.track("P1.03", "KZ").await;
    let year = api
        .logged(
            Some(&kz),
            track,
            json!({"period": "2025", "status": "complete", "narrative_en": "y"}),
        )
        .await;
    let half = api
        .logged(
            Some(&kz),
            track,
            json!({"period": "2025-H2", "status": "limited", "narrative_en": "h"}),
        )
        .await;
    let rev = Some(rev.as_str());
    api.check(&[
        Case::review(rev, half, json!({"decision": "accept"})),
        Case::review(rev, year, json!({"decision": "accept"})),
    ])
    .await;
    let (_, v) = api.get(rev, "/commitments?country=KZ&q=P1.03").await;
    assert_eq!(
        v[0]["tracks"][0]["status"], "complete",
        "the whole-year report was accepted last"
    );

    // A reviewer's own update is refused before its body is read.
    let own = api
        .logged(
            rev,
            track,
            json!({"period": "2026", "status": "limited", "narrative_en": "r"}),
        )
        .await;
    api.check(&[
        Case::review(rev, own, json!({"decision": "maybe"})).is(403),
        Case::review(rev, 999_999, json!({"decision": "maybe"})).is(404),
    ])
    .await;
}
