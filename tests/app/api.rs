//! The JSON API of CONTRACT.md, its status codes and its bad-input answers.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;

struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    fn new(app: &TestApp) -> Api {
        Api {
            http: reqwest::Client::new(),
            base: app.url("/api/v1"),
        }
    }

    async fn post(&self, token: Option<&str>, path: &str, body: Value) -> (StatusCode, Value) {
        let mut req = self.http.post(format!("{}{path}", self.base)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, token: Option<&str>, path: &str) -> (StatusCode, Value) {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

async fn setup() -> (TestApp, Api, [String; 4]) {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    let tokens = [
        app.token_for("kz@example.org").await,
        app.token_for("rev@example.org").await,
        app.token_for("admin@example.org").await,
        app.token_for("donor@example.org").await,
    ];
    let api = Api::new(&app);
    (app, api, tokens)
}

#[tokio::test]
async fn login_logout_and_the_same_401_for_unknown_email_and_wrong_password() {
    let (_app, api, [kz, ..]) = setup().await;
    let (s, v) = api
        .post(
            None,
            "/login",
            json!({"email": "kz@example.org", "password": crate::helpers::PASSWORD}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(v["role"], "focal-point");
    assert_eq!(v["country"], "KZ");
    let (s1, v1) = api
        .post(
            None,
            "/login",
            json!({"email": "kz@example.org", "password": "not the password"}),
        )
        .await;
    let (s2, v2) = api
        .post(
            None,
            "/login",
            json!({"email": "nobody@example.org", "password": "not the password"}),
        )
        .await;
    assert_eq!(
        (s1, s2),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(v1, v2, "no account enumeration");
    let (s, _) = api
        .post(None, "/login", json!({"email": 5, "password": []}))
        .await;
    assert_eq!(s, 422);

    let (s, _) = api.get(Some(&kz), "/commitments").await;
    assert_eq!(s, 200);
    let (s, _) = api.post(Some(&kz), "/logout", json!({})).await;
    assert_eq!(s, 204);
    let (s, _) = api.get(Some(&kz), "/commitments").await;
    assert_eq!(s, 401, "a revoked token no longer works");
    let (s, _) = api.get(Some("garbage"), "/commitments").await;
    assert_eq!(s, 401);
    let (s, _) = api.get(None, "/commitments").await;
    assert_eq!(s, 401);
}

#[tokio::test]
async fn commitments_list_filters_and_shapes() {
    let (app, api, [_, _, _, donor]) = setup().await;
    let (s, v) = api.get(Some(&donor), "/commitments").await;
    assert_eq!(s, 200);
    let all = v.as_array().unwrap();
    assert!(all.len() >= 40, "the seeded commitments are listed");
    let c = &all[0];
    for key in [
        "id",
        "code",
        "title",
        "pillar",
        "theme",
        "target_year",
        "tracks",
    ] {
        assert!(c.get(key).is_some(), "missing {key}");
    }
    let t = &c["tracks"][0];
    for key in ["id", "country", "status", "last_accepted_period"] {
        assert!(t.get(key).is_some(), "missing track {key}");
    }
    assert_eq!(t["status"], "no_information");

    let (_, v) = api
        .get(Some(&donor), "/commitments?pillar=4&country=UZ")
        .await;
    let items = v.as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|c| c["pillar"] == 4));
    assert!(items.iter().all(|c| {
        c["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["country"] == "UZ")
    }));

    let (_, v) = api
        .get(
            Some(&donor),
            "/commitments?q=%D0%A0%D0%95%D0%9F%D0%90%D0%A2%D0%A0%D0%98%D0%90%D0%A6",
        )
        .await;
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|c| c["theme"] == "repatriation"),
        "search is case-insensitive in Cyrillic too"
    );
    let (_, v) = api.get(Some(&donor), "/commitments?theme=youth").await;
    assert!(v.as_array().unwrap().iter().all(|c| c["theme"] == "youth"));
    let (_, v) = api.get(Some(&donor), "/commitments?status=complete").await;
    assert_eq!(v.as_array().unwrap().len(), 0);

    for bad in [
        "pillar=5",
        "country=RU",
        "status=done",
        "theme=%3Cscript%3E",
        "from=2021",
        "to=2032-H1",
        "as_of=2024-13-01",
        "from=2025&to=2024",
    ] {
        let (s, v) = api.get(Some(&donor), &format!("/commitments?{bad}")).await;
        assert_eq!(s, 422, "{bad}");
        assert!(
            v["error"].is_string() && v["field"].is_string(),
            "{bad}: {v}"
        );
    }
    let (s, _) = api.get(Some(&donor), "/commitments/999999").await;
    assert_eq!(s, 404);
    let (s, _) = api.get(Some(&donor), "/commitments/x1").await;
    assert_eq!(s, 404);
    let id = app
        .count("SELECT id FROM commitments WHERE code = 'P1.01'")
        .await;
    let (s, v) = api.get(Some(&donor), &format!("/commitments/{id}")).await;
    assert_eq!(s, 200);
    assert_eq!(
        v["tracks"].as_array().unwrap().len(),
        6,
        "five states and the regional track"
    );
}

#[tokio::test]
async fn updates_are_written_by_the_right_people_and_reviewed_once_never_by_their_author() {
    let (app, api, [kz, rev, admin, donor]) = setup().await;
    let kz_track = app.track("P1.02", "KZ").await;
    let uz_track = app.track("P1.02", "UZ").await;
    let reg_track = app.track("P1.01", "REG").await;
    let body = json!({"period": "2023", "status": "limited", "narrative_en": "Done <b>bold</b>", "country": "KZ"});

    let (s, v) = api
        .post(
            Some(&kz),
            &format!("/tracks/{kz_track}/updates"),
            body.clone(),
        )
        .await;
    assert_eq!(s, 201);
    assert_eq!(v["state"], "submitted");
    let id = v["id"].as_i64().unwrap();

    let before = app.count("SELECT count(*) FROM updates").await;
    for (token, track, expected) in [
        (&kz, uz_track, 403),
        (&kz, reg_track, 403),
        (&donor, kz_track, 403),
        (&donor, 999_999, 403),
        (&kz, 999_999, 404),
    ] {
        let (s, _) = api
            .post(
                Some(token),
                &format!("/tracks/{track}/updates"),
                body.clone(),
            )
            .await;
        assert_eq!(s.as_u16(), expected, "track {track}");
    }
    assert_eq!(
        app.count("SELECT count(*) FROM updates").await,
        before,
        "refusals change nothing"
    );
    let (s, _) = api
        .post(None, &format!("/tracks/{kz_track}/updates"), body.clone())
        .await;
    assert_eq!(s, 401);
    let (s, _) = api
        .post(
            Some(&rev),
            &format!("/tracks/{uz_track}/updates"),
            body.clone(),
        )
        .await;
    assert_eq!(s, 201, "reviewers may log on any track");
    let (s, _) = api
        .post(
            Some(&admin),
            &format!("/tracks/{reg_track}/updates"),
            body.clone(),
        )
        .await;
    assert_eq!(s, 201, "admins may log on any track");

    // Review rules.
    let (s, _) = api
        .post(
            Some(&kz),
            &format!("/updates/{id}/review"),
            json!({"decision": "accept"}),
        )
        .await;
    assert_eq!(s, 403, "focal points do not review");
    let (s, _) = api
        .post(
            Some(&donor),
            &format!("/updates/{id}/review"),
            json!({"decision": "accept"}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, _) = api
        .post(
            Some(&rev),
            "/updates/999999/review",
            json!({"decision": "accept"}),
        )
        .await;
    assert_eq!(s, 404);
    let (s, v) = api
        .post(
            Some(&rev),
            &format!("/updates/{id}/review"),
            json!({"decision": "return"}),
        )
        .await;
    assert_eq!(s, 422, "a return needs a comment");
    assert_eq!(v["field"], "comment");
    let rev_own = app.count("SELECT max(id) FROM updates WHERE author_id = (SELECT id FROM users WHERE email = 'rev@example.org')").await;
    let (s, _) = api
        .post(
            Some(&rev),
            &format!("/updates/{rev_own}/review"),
            json!({"decision": "accept"}),
        )
        .await;
    assert_eq!(s, 403, "nobody reviews their own update");
    let (s, v) = api
        .post(
            Some(&admin),
            &format!("/updates/{rev_own}/review"),
            json!({"decision": "accept"}),
        )
        .await;
    assert_eq!((s.as_u16(), v["state"].as_str()), (200, Some("accepted")));

    let (s, v) = api
        .post(
            Some(&rev),
            &format!("/updates/{id}/review"),
            json!({"decision": "accept", "comment": "Good"}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(v, json!({"id": id, "state": "accepted"}));
    let (s, _) = api
        .post(
            Some(&admin),
            &format!("/updates/{id}/review"),
            json!({"decision": "return", "comment": "late"}),
        )
        .await;
    assert_eq!(s, 409, "an accepted update is final");

    // Status comes from the accepted update; donors see accepted updates only.
    let pending = api
        .post(
            Some(&kz),
            &format!("/tracks/{kz_track}/updates"),
            json!({"period": "2024", "status": "complete", "narrative_ru": "Готово"}),
        )
        .await
        .1["id"]
        .as_i64()
        .unwrap();
    let cid = app
        .count("SELECT id FROM commitments WHERE code = 'P1.02'")
        .await;
    let (_, v) = api.get(Some(&donor), &format!("/commitments/{cid}")).await;
    let kz_t = v["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["country"] == "KZ")
        .unwrap()
        .clone();
    assert_eq!(kz_t["status"], "limited");
    assert_eq!(kz_t["last_accepted_period"], "2023");
    let ups = kz_t["updates"].as_array().unwrap();
    assert_eq!(ups.len(), 1, "the donor does not see the pending update");
    assert_eq!(ups[0]["narrative_en"], "Done <b>bold</b>");
    let (_, v) = api.get(Some(&kz), &format!("/commitments/{cid}")).await;
    let kz_t = v["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["country"] == "KZ")
        .unwrap()
        .clone();
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
    for (body, field) in cases {
        let (s, v) = api.post(Some(&kz), &path, body.clone()).await;
        assert_eq!(s, 422, "{body}");
        assert_eq!(v["field"], field, "{body}: {v}");
    }
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1{path}")))
        .bearer_auth(&kz)
        .header("content-type", "application/json")
        .body("{\"period\": \"2024\", ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "malformed JSON");
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1{path}")))
        .bearer_auth(&kz)
        .body("period=2024&status=limited")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "not JSON");
    let huge = json!({"period": "2024", "status": "limited", "narrative_en": "x".repeat(300_000)});
    let (s, _) = api.post(Some(&kz), &path, huge).await;
    assert_eq!(s, 413);
    assert_eq!(
        app.count("SELECT count(*) FROM updates").await,
        0,
        "nothing was written"
    );

    let text = "Обучено 45 сотрудников 🎉 <script>alert('x')</script> =HYPERLINK(\"http://x\")";
    let (s, v) = api
        .post(
            Some(&kz),
            &path,
            json!({"period": "2025-H1", "status": "substantial", "narrative_ru": text}),
        )
        .await;
    assert_eq!(s, 201);
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

#[tokio::test]
async fn two_reviewers_deciding_at_once_exactly_one_wins() {
    let (app, api, [kz, rev, admin, _]) = setup().await;
    let track = app.track("P3.01", "KZ").await;
    let (_, v) = api
        .post(
            Some(&kz),
            &format!("/tracks/{track}/updates"),
            json!({"period": "2024", "status": "limited", "narrative_en": "x"}),
        )
        .await;
    let id = v["id"].as_i64().unwrap();
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
    let path = format!("/tracks/{track}/updates");
    let year = api
        .post(
            Some(&kz),
            &path,
            json!({"period": "2025", "status": "complete", "narrative_en": "y"}),
        )
        .await
        .1["id"]
        .as_i64()
        .unwrap();
    let half = api
        .post(
            Some(&kz),
            &path,
            json!({"period": "2025-H2", "status": "limited", "narrative_en": "h"}),
        )
        .await
        .1["id"]
        .as_i64()
        .unwrap();
    for id in [half, year] {
        let (s, _) = api
            .post(
                Some(&rev),
                &format!("/updates/{id}/review"),
                json!({"decision": "accept"}),
            )
            .await;
        assert_eq!(s, 200);
    }
    let (_, v) = api.get(Some(&rev), "/commitments?country=KZ&q=P1.03").await;
    assert_eq!(
        v[0]["tracks"][0]["status"], "complete",
        "the whole-year report was accepted last"
    );

    // A reviewer's own update is refused before its body is read.
    let own = api
        .post(
            Some(&rev),
            &path,
            json!({"period": "2026", "status": "limited", "narrative_en": "r"}),
        )
        .await
        .1["id"]
        .as_i64()
        .unwrap();
    let (s, _) = api
        .post(
            Some(&rev),
            &format!("/updates/{own}/review"),
            json!({"decision": "maybe"}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, _) = api
        .post(
            Some(&rev),
            "/updates/999999/review",
            json!({"decision": "maybe"}),
        )
        .await;
    assert_eq!(s, 404);
}
