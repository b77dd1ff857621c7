//! The lists of the API, walked page by page, and the things people do
//! that only pages did before: the review queue, one's own updates, what
//! is due, snapshots, reporting cycles, and an update's history.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Case, setup};
use crate::helpers::submitted;

/// Every item of a list, following `Next-Cursor` page by page; the pages' sizes.
async fn walk(app_url: &str, token: &str, path: &str) -> (Vec<Value>, Vec<usize>) {
    let http = reqwest::Client::new();
    let (mut all, mut sizes) = (Vec::new(), Vec::new());
    let mut url = format!("{app_url}{path}");
    loop {
        let r = http.get(&url).bearer_auth(token).send().await.unwrap();
        assert_eq!(r.status(), 200, "{url}");
        let next = r
            .headers()
            .get("next-cursor")
            .map(|v| v.to_str().unwrap().to_owned());
        let link = r
            .headers()
            .get("link")
            .map(|v| v.to_str().unwrap().to_owned());
        let page: Vec<Value> = r.json().await.unwrap();
        sizes.push(page.len());
        all.extend(page);
        match (next, link) {
            (Some(cursor), Some(link)) => {
                let (target, rel) = link.split_once("; ").unwrap();
                assert_eq!(rel, "rel=\"next\"");
                assert!(target.contains(&format!("cursor={cursor}")), "{link}");
                url = format!("{app_url}{}", target.trim_matches(['<', '>']));
            }
            (None, None) => return (all, sizes),
            other => panic!("Next-Cursor and Link come together: {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_review_queue_is_walked_page_by_page_oldest_first_without_gaps() {
    let (app, api, [kz, rev, _, donor]) = setup().await;
    let ids = submitted(&app, "KZ", 7);
    let base = app.url("");
    let (all, sizes) = walk(&base, &rev, "/api/v1/review-queue?limit=3").await;
    assert_eq!(sizes, vec![3, 3, 1]);
    let got: Vec<i64> = all.iter().map(|u| u["id"].as_i64().unwrap()).collect();
    assert_eq!(got, ids, "oldest first, each once");

    // An update decided between two pages does not shift the next one.
    let first = reqwest::Client::new()
        .get(app.url("/api/v1/review-queue?limit=3"))
        .bearer_auth(&rev)
        .send()
        .await
        .unwrap();
    let cursor = first.headers()["next-cursor"].to_str().unwrap().to_owned();
    api.check(&[Case::review(
        Some(&rev),
        ids[1],
        json!({"decision": "accept"}),
    )])
    .await;
    let (_, next) = api
        .get(
            Some(&rev),
            &format!("/review-queue?limit=3&cursor={cursor}"),
        )
        .await;
    let next: Vec<i64> = next
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect();
    assert_eq!(next, ids[3..6].to_vec());

    api.check(&[
        Case::get(Some(&rev), "/review-queue?country=UZ").exactly(json!([])),
        Case::get(Some(&rev), "/review-queue?limit=0")
            .is(422)
            .with(json!({"field": "limit"})),
        Case::get(Some(&rev), "/review-queue?limit=501")
            .is(422)
            .with(json!({"field": "limit"})),
        Case::get(Some(&rev), "/review-queue?cursor=not-one-of-ours")
            .is(422)
            .with(json!({"field": "cursor"})),
        Case::get(Some(&kz), "/review-queue").is(403),
        Case::get(Some(&donor), "/review-queue").is(403),
    ])
    .await;
}

#[tokio::test]
async fn my_updates_and_drafts_what_is_due_and_the_commitments_come_in_pages() {
    let (app, api, [kz, rev, _, donor]) = setup().await;
    let track = app.track("P1.02", "KZ").await;
    let body = json!({"period": "2024", "status": "limited", "draft": true});
    let draft = api.logged(Some(&kz), track, body).await;
    let ids = submitted(&app, "KZ", 4);
    let (mine, _) = walk(&app.url(""), &kz, "/api/v1/me/updates?limit=2").await;
    let got: Vec<i64> = mine.iter().map(|u| u["id"].as_i64().unwrap()).collect();
    let mut want = ids.clone();
    want.push(draft);
    want.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(got, want, "newest first");
    let (_, drafts) = api.get(Some(&kz), "/me/updates?state=draft").await;
    assert_eq!(drafts.as_array().unwrap().len(), 1);
    assert_eq!(drafts[0]["id"], draft);
    assert_eq!(drafts[0]["submitted_at"], Value::Null);
    api.check(&[
        Case::get(Some(&rev), "/me/updates").exactly(json!([])),
        Case::get(Some(&donor), "/me/updates").is(403),
        Case::get(Some(&kz), "/me/updates?state=lost")
            .is(422)
            .with(json!({"field": "state"})),
    ])
    .await;

    // A focal point's due list is their own country's, whatever is asked.
    let (due, _) = walk(&app.url(""), &kz, "/api/v1/due?country=UZ&limit=7").await;
    assert!(!due.is_empty());
    assert!(due.iter().all(|d| d["country"] == "KZ"), "{due:?}");
    let (all_due, _) = walk(&app.url(""), &rev, "/api/v1/due?limit=50").await;
    assert!(all_due.iter().any(|d| d["country"] == "UZ"));
    let overdue_first = all_due
        .iter()
        .map(|d| d["owed"].as_str().unwrap())
        .collect::<Vec<_>>()
        .windows(2)
        .all(|w| !(w[0] == "due" && w[1] == "overdue"));
    assert!(overdue_first);

    let (commitments, sizes) = walk(&app.url(""), &donor, "/api/v1/commitments?limit=7").await;
    let (_, whole) = api.get(Some(&donor), "/commitments?limit=500").await;
    assert_eq!(&Value::Array(commitments), &whole);
    assert!(sizes.len() > 1 && sizes.iter().all(|n| *n <= 7));
}

#[tokio::test]
async fn an_update_shows_every_version_of_its_report_and_a_revision_points_back() {
    let (app, api, [kz, rev, _, donor]) = setup().await;
    let track = app.track("P1.02", "KZ").await;
    let first = api
        .logged(
            Some(&kz),
            track,
            json!({"period": "2024", "status": "limited", "narrative_en": "Drafted"}),
        )
        .await;
    api.check(&[Case::review(
        Some(&rev),
        first,
        json!({"decision": "return", "comment": "Which law?"}),
    )
    .with(json!({"state": "returned"}))])
        .await;
    let revised = api
        .check(&[
            Case::post(
                Some(&donor),
                format!("/updates/{first}/revise"),
                json!({"period": "2024", "status": "limited", "narrative_en": "Law 12"}),
            )
            .is(403),
            Case::post(
                Some(&kz),
                format!("/updates/{first}/revise"),
                json!({"period": "2024", "status": "limited", "narrative_en": "Law 12"}),
            )
            .is(201)
            .with(json!({"state": "submitted"})),
            Case::post(
                Some(&kz),
                format!("/updates/{first}/revise"),
                json!({"period": "2024", "status": "limited", "narrative_en": "Again"}),
            )
            .is(409)
            .because("revised once only"),
        ])
        .await[1]["id"]
        .as_i64()
        .unwrap();
    let (_, v) = api.get(Some(&kz), &format!("/updates/{revised}")).await;
    assert_eq!(v["revises_id"], first);
    let history: Vec<(i64, String, Value)> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["id"].as_i64().unwrap(),
                h["state"].as_str().unwrap().to_owned(),
                h["review_comment"].clone(),
            )
        })
        .collect();
    assert_eq!(
        history,
        vec![
            (first, "returned".to_owned(), json!("Which law?")),
            (revised, "submitted".to_owned(), Value::Null),
        ]
    );
    let (_, old) = api.get(Some(&rev), &format!("/updates/{first}")).await;
    assert_eq!(old["revised_by_id"], revised);
    assert_eq!(old["history"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn snapshots_are_frozen_listed_and_downloaded_as_their_checksum_says() {
    let (app, api, [kz, _, admin, donor]) = setup().await;
    let freeze = json!({"name": "Mid-term review", "as_of": "2024-12-31", "country": "KZ"});
    let made = api
        .check(&[
            Case::post(Some(&kz), "/snapshots", freeze.clone()).is(403),
            Case::post(Some(&admin), "/snapshots", freeze.clone())
                .is(201)
                .with(json!({"name": "Mid-term review", "as_of": "2024-12-31", "filters": {"country": "KZ"}})),
            Case::post(Some(&admin), "/snapshots", freeze)
                .is(409)
                .because("names are unique"),
        ])
        .await;
    let id = made[1]["id"].as_i64().unwrap();
    let (_, list) = api.get(Some(&donor), "/snapshots").await;
    assert_eq!(list[0]["id"], id);
    let (_, snap) = api.get(Some(&donor), &format!("/snapshots/{id}")).await;
    let files = snap["files"].as_array().unwrap();
    assert!(files.len() >= 8, "{snap}");
    for f in files.iter().filter(|f| f["format"] != "xlsx") {
        let url = f["url"].as_str().unwrap();
        let bytes = app.get_with_token(&donor, url).await.bytes().await.unwrap();
        let sum: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sum, f["sha256"].as_str().unwrap(), "{url}");
        assert_eq!(bytes.len() as i64, f["size"].as_i64().unwrap(), "{url}");
    }
}

#[tokio::test]
async fn an_administrator_sets_a_reporting_cycle_and_a_stale_version_changes_nothing() {
    let (_app, api, [kz, _, admin, _]) = setup().await;
    let admin = Some(admin.as_str());
    let (_, cycles) = api.get(admin, "/cycles").await;
    let doc = cycles[0]["document_id"].as_i64().unwrap();
    let path = format!("/cycles/{doc}");
    api.check(&[
        Case::put(
            Some(&kz),
            &path,
            json!({"cycle": "semiannual", "due_days": 45, "version": 0}),
        )
        .is(403),
        Case::put(
            admin,
            &path,
            json!({"cycle": "semiannual", "due_days": 45, "version": 0}),
        )
        .with(json!({"cycle": "semiannual", "due_days": 45, "version": 1})),
        Case::put(
            admin,
            &path,
            json!({"cycle": "annual", "due_days": 10, "version": 0}),
        )
        .is(409)
        .because("read before the change"),
        Case::put(
            admin,
            &path,
            json!({"cycle": "annual", "due_days": 366, "version": 1}),
        )
        .is(422)
        .with(json!({"field": "due_days"})),
        Case::put(
            admin,
            &path,
            json!({"cycle": "annual", "due_days": "10", "version": 1}),
        )
        .is(422)
        .with(json!({"field": "due_days"})),
    ])
    .await;
    let (_, after) = api.get(admin, "/cycles").await;
    assert_eq!(after[0]["cycle"], "semiannual");
    assert_eq!(after[0]["due_days"], 45);
}
