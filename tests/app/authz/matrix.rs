//! Every route against every role: the status each one gets. The routes
//! come from the app's own table, so a route added without a rule here
//! fails the test.

use std::collections::BTreeSet;

use serde_json::json;

use crate::helpers::{Client, Route, TestApp, css_path, route_table};

const ROLES: [&str; 5] = ["anonymous", "focal point KZ", "reviewer", "admin", "donor"];

/// What a write sends.
enum Body<'a> {
    Form(Vec<(&'a str, &'a str)>),
    Json(serde_json::Value),
}

/// A route, its body, and the status each role gets, in ROLES order.
type PostCase<'a> = (String, Body<'a>, [u16; 5]);

/// Whether a concrete path (query string ignored) is served by a route
/// pattern such as `/updates/{id}/review`.
fn matches(pattern: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let (p, q): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == q.len()
        && p.iter()
            .zip(&q)
            .all(|(a, b)| a == b || (a.starts_with('{') && !b.is_empty()))
}

/// Every route of the app has at least one case in the table, and every
/// case but the deliberately unrouted ones reaches a route.
fn assert_every_route_has_a_rule(cases: &[(&'static str, String)], unrouted: &[&str]) {
    let table = route_table();
    let mut uncovered: BTreeSet<String> = BTreeSet::new();
    for Route { method, path } in &table {
        if !cases.iter().any(|(m, p)| m == method && matches(path, p)) {
            uncovered.insert(format!("{method} {path}"));
        }
    }
    assert!(
        uncovered.is_empty(),
        "routes without a rule in the authorization matrix: {uncovered:?}"
    );
    for (m, p) in cases {
        let routed = table.iter().any(|r| r.method == *m && matches(&r.path, p));
        assert!(
            routed || unrouted.contains(&p.as_str()),
            "{m} {p} reaches no route: a stale rule?"
        );
    }
}

#[tokio::test]
async fn every_page_route_answers_each_role_as_expected() {
    let app = TestApp::with_standard_users().await;
    let clients = [
        Client::new(&app),
        app.login_as("kz@example.org").await,
        app.login_as("rev@example.org").await,
        app.login_as("admin@example.org").await,
        app.login_as("donor@example.org").await,
    ];
    let kz = app.track("P1.02", "KZ").await;
    let uz = app.track("P1.02", "UZ").await;
    let cid = app.commitment("P1.02").await;
    let kz_id = app.user_id("kz@example.org").await;
    let update_form = [
        ("period", "2024"),
        ("status", "limited"),
        ("narrative_en", "x"),
    ];

    // An accepted KZ update, a pending UZ update by the admin, a returned KZ update by the focal point.
    let r = clients[1]
        .post_form(&format!("/tracks/{kz}/updates"), &update_form)
        .await;
    assert_eq!(r.status(), 303);
    let accepted = app.count("SELECT max(id) FROM updates").await;
    let r = clients[2]
        .post_form(
            &format!("/updates/{accepted}/review"),
            &[("decision", "accept")],
        )
        .await;
    assert_eq!(r.status(), 303);
    clients[3]
        .post_form(&format!("/tracks/{uz}/updates"), &update_form)
        .await;
    let pending_uz = app.count("SELECT max(id) FROM updates").await;
    clients[1]
        .post_form(&format!("/tracks/{kz}/updates"), &update_form)
        .await;
    let returned = app.count("SELECT max(id) FROM updates").await;
    let r = clients[2]
        .post_form(
            &format!("/updates/{returned}/review"),
            &[("decision", "return"), ("comment", "more")],
        )
        .await;
    assert_eq!(r.status(), 303);

    // A draft of the focal point's, with no narrative yet (so it cannot be submitted).
    let r = clients[1]
        .post_form(
            &format!("/tracks/{kz}/updates"),
            &[
                ("period", "2024"),
                ("status", "limited"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let draft = app.count("SELECT max(id) FROM updates").await;

    let r = clients[3]
        .post_form(
            "/snapshots",
            &[("name", "Baseline"), ("as_of", "2024-12-31")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let snapshot = app.count("SELECT max(id) FROM snapshots").await;
    // The donor's API token, as the donor's account page names it.
    app.token_for("donor@example.org").await;
    let donor_token: String = app
        .conn()
        .query_row(
            "SELECT substr(token_hash, 1, 16) FROM sessions WHERE kind = 'api'",
            [],
            |r| r.get(0),
        )
        .unwrap();

    //                                                 anon  kz   rev  admin donor
    let gets: Vec<(String, [u16; 5])> = vec![
        ("/?as_of=2024-12-31".into(), [303, 200, 200, 200, 200]),
        ("/?as_of=2024-13-01".into(), [303, 422, 422, 422, 422]),
        (
            format!("/commitments/{cid}?as_of=2024-06-30"),
            [303, 200, 200, 200, 200],
        ),
        (
            "/commitments?as_of=2023-12-31".into(),
            [303, 200, 200, 200, 200],
        ),
        ("/due".into(), [303, 200, 200, 200, 403]),
        (
            "/due?country=UZ&as_of=2025-02-01".into(),
            [303, 200, 200, 200, 403],
        ),
        ("/snapshots".into(), [303, 200, 200, 200, 200]),
        (format!("/snapshots/{snapshot}"), [303, 200, 200, 200, 200]),
        ("/snapshots/999999".into(), [303, 404, 404, 404, 404]),
        (
            format!("/snapshots/{snapshot}/progress.csv"),
            [303, 200, 200, 200, 200],
        ),
        (
            format!("/snapshots/{snapshot}/timeline.xlsx?lang=ru"),
            [303, 200, 200, 200, 200],
        ),
        (
            format!("/snapshots/{snapshot}/secrets.csv"),
            [303, 404, 404, 404, 404],
        ),
        (
            "/snapshots/999999/progress.csv".into(),
            [303, 404, 404, 404, 404],
        ),
        ("/admin/reporting".into(), [303, 403, 403, 200, 403]),
        ("/account".into(), [303, 200, 200, 200, 200]),
        ("/reports/progress.xlsx".into(), [303, 200, 200, 200, 200]),
        (
            "/reports/status-matrix.csv?sep=semicolon&lang=ru".into(),
            [303, 200, 200, 200, 200],
        ),
        ("/healthz".into(), [200, 200, 200, 200, 200]),
        // For loopback clients whoever they are, and the tests connect from
        // 127.0.0.1 (a proxied client or a wrong token: web::metrics).
        ("/metrics".into(), [200, 200, 200, 200, 200]),
        ("/login".into(), [200, 200, 200, 200, 200]),
        ("/".into(), [303, 200, 200, 200, 200]),
        ("/commitments".into(), [303, 200, 200, 200, 200]),
        (
            "/commitments?pillar=2&country=TJ".into(),
            [303, 200, 200, 200, 200],
        ),
        (format!("/commitments/{cid}"), [303, 200, 200, 200, 200]),
        ("/commitments/999999".into(), [303, 404, 404, 404, 404]),
        (
            format!("/tracks/{kz}/updates/new"),
            [303, 200, 200, 200, 403],
        ),
        (
            format!("/tracks/{uz}/updates/new"),
            [303, 403, 200, 200, 403],
        ),
        (
            "/tracks/999999/updates/new".into(),
            [303, 404, 404, 404, 403],
        ),
        (format!("/updates/{accepted}"), [303, 200, 200, 200, 200]),
        (format!("/updates/{pending_uz}"), [303, 404, 200, 200, 404]),
        (format!("/updates/{returned}"), [303, 200, 200, 200, 404]),
        // A draft is its author's alone.
        (format!("/updates/{draft}"), [303, 200, 404, 404, 404]),
        (format!("/updates/{draft}/edit"), [303, 200, 404, 404, 403]),
        (
            format!("/updates/{accepted}/edit"),
            [303, 409, 409, 409, 403],
        ),
        ("/updates/999999/edit".into(), [303, 404, 404, 404, 403]),
        (
            format!("/api/v1/updates/{draft}"),
            [401, 200, 404, 404, 404],
        ),
        (
            format!("/api/v1/updates/{accepted}"),
            [401, 200, 200, 200, 200],
        ),
        (
            format!("/api/v1/updates/{pending_uz}"),
            [401, 404, 200, 200, 404],
        ),
        ("/api/v1/updates/999999".into(), [401, 404, 404, 404, 404]),
        (
            format!("/updates/{returned}/revise"),
            [303, 200, 403, 403, 403],
        ),
        (
            format!("/updates/{accepted}/revise"),
            [303, 409, 403, 403, 403],
        ),
        ("/review".into(), [303, 403, 200, 200, 403]),
        ("/my-updates".into(), [303, 200, 200, 200, 403]),
        ("/reports".into(), [303, 200, 200, 200, 200]),
        ("/reports/progress.csv".into(), [303, 200, 200, 200, 200]),
        ("/reports/commitments.csv".into(), [303, 200, 200, 200, 200]),
        (
            "/reports/status-matrix.csv".into(),
            [303, 200, 200, 200, 200],
        ),
        ("/reports/timeline.csv".into(), [303, 200, 200, 200, 200]),
        ("/reports/secrets.csv".into(), [303, 404, 404, 404, 404]),
        ("/admin/users".into(), [303, 403, 403, 200, 403]),
        ("/admin/audit".into(), [303, 403, 403, 200, 403]),
        ("/admin/audit.csv".into(), [303, 403, 403, 200, 403]),
        ("/admin/import".into(), [303, 403, 403, 200, 403]),
        // The guides hold no part of the record: readable signed in or not.
        ("/guide".into(), [200, 200, 200, 200, 200]),
        ("/guide/focal-point".into(), [200, 200, 200, 200, 200]),
        ("/guide/reviewer".into(), [200, 200, 200, 200, 200]),
        ("/guide/donor".into(), [200, 200, 200, 200, 200]),
        ("/guide/admin".into(), [200, 200, 200, 200, 200]),
        ("/guide/nobody".into(), [404, 404, 404, 404, 404]),
        ("/setup/not-a-token".into(), [403, 403, 403, 403, 403]),
        ("/no/such/page".into(), [404, 404, 404, 404, 404]),
        (format!("/admin/users/{kz_id}"), [303, 403, 403, 200, 403]),
        ("/admin/users/999999".into(), [303, 403, 403, 404, 403]),
        (css_path().into(), [200, 200, 200, 200, 200]),
        ("/assets/style.0.css".into(), [404, 404, 404, 404, 404]),
        ("/api/v1/commitments".into(), [401, 200, 200, 200, 200]),
        (
            "/api/v1/commitments?country=UZ&as_of=2024-12-31".into(),
            [401, 200, 200, 200, 200],
        ),
        (
            format!("/api/v1/commitments/{cid}"),
            [401, 200, 200, 200, 200],
        ),
        (
            "/api/v1/commitments/999999".into(),
            [401, 404, 404, 404, 404],
        ),
        ("/api/v1/no/such".into(), [404, 404, 404, 404, 404]),
        // The API's description is for anyone to read.
        ("/api/v1/openapi.json".into(), [200, 200, 200, 200, 200]),
        ("/api/v1/me".into(), [401, 200, 200, 200, 200]),
        ("/api/v1/me/updates".into(), [401, 200, 200, 200, 403]),
        ("/api/v1/review-queue".into(), [401, 403, 200, 200, 403]),
        ("/api/v1/due".into(), [401, 200, 200, 200, 403]),
        ("/api/v1/snapshots".into(), [401, 200, 200, 200, 200]),
        (
            format!("/api/v1/snapshots/{snapshot}"),
            [401, 200, 200, 200, 200],
        ),
        (
            format!("/api/v1/snapshots/{snapshot}/files/progress.csv"),
            [401, 200, 200, 200, 200],
        ),
        (
            "/api/v1/snapshots/999999/files/progress.csv".into(),
            [401, 404, 404, 404, 404],
        ),
        ("/api/v1/snapshots/999999".into(), [401, 404, 404, 404, 404]),
        // The conversation: its people only; an update one may not see is not found.
        (
            format!("/api/v1/updates/{accepted}/comments"),
            [401, 200, 200, 200, 403],
        ),
        (
            format!("/api/v1/updates/{pending_uz}/comments"),
            [401, 404, 200, 200, 404],
        ),
        (
            format!("/api/v1/updates/{accepted}/comments/999999"),
            [401, 404, 404, 404, 403],
        ),
        ("/api/v1/cycles".into(), [401, 403, 403, 200, 403]),
        // Without a sign-in waiting for its code, back to the password.
        ("/login/code".into(), [303, 303, 303, 303, 303]),
        ("/admin/outbox".into(), [303, 403, 403, 200, 403]),
        ("/favicon.ico".into(), [200, 200, 200, 200, 200]),
        ("/robots.txt".into(), [200, 200, 200, 200, 200]),
        ("/notifications".into(), [303, 200, 200, 200, 200]),
        ("/password/forgot".into(), [200, 200, 200, 200, 200]),
        // With `JPOA_MFA=off` nobody must enrol; anyone signed in may.
        ("/account/second-factor".into(), [303, 200, 200, 200, 200]),
        // The public portal is closed by default: not found, for everyone
        // (`public.rs` checks it open).
        ("/public".into(), [404, 404, 404, 404, 404]),
        ("/public/commitments".into(), [404, 404, 404, 404, 404]),
        (
            format!("/public/commitments/{cid}"),
            [404, 404, 404, 404, 404],
        ),
        (
            "/public/reports/progress.csv".into(),
            [404, 404, 404, 404, 404],
        ),
    ];
    for (path, expected) in &gets {
        for (i, c) in clients.iter().enumerate() {
            let got = c.get(path).await.status().as_u16();
            assert_eq!(got, expected[i], "GET {path} as {}", ROLES[i]);
        }
    }

    // Writes: each body passes authorization only to fail validation (422)
    // where it is allowed, so the table can run in any order.
    let bad_update = [("period", "2021"), ("status", "limited")];
    let bad_json = json!({"period": "2021", "status": "limited", "narrative_en": "x"});
    let posts: Vec<PostCase> = vec![
        (
            format!("/tracks/{kz}/updates"),
            Body::Form(bad_update.to_vec()),
            [303, 422, 422, 422, 403],
        ),
        (
            format!("/tracks/{uz}/updates"),
            Body::Form(bad_update.to_vec()),
            [303, 403, 422, 422, 403],
        ),
        (
            "/tracks/999999/updates".into(),
            Body::Form(bad_update.to_vec()),
            [303, 404, 404, 404, 403],
        ),
        (
            format!("/updates/{pending_uz}/review"),
            Body::Form(vec![("decision", "return")]),
            [303, 403, 422, 403, 403],
        ),
        (
            format!("/updates/{accepted}/review"),
            Body::Form(vec![("decision", "accept")]),
            [303, 403, 409, 409, 403],
        ),
        (
            "/updates/999999/review".into(),
            Body::Form(vec![("decision", "accept")]),
            [303, 403, 404, 404, 403],
        ),
        (
            format!("/updates/{returned}/revise"),
            Body::Form(bad_update.to_vec()),
            [303, 422, 403, 403, 403],
        ),
        (
            format!("/updates/{draft}/review"),
            Body::Form(vec![("decision", "accept")]),
            [303, 403, 404, 404, 403],
        ),
        (
            format!("/updates/{draft}/edit"),
            Body::Form(bad_update.to_vec()),
            [303, 422, 404, 404, 403],
        ),
        (
            format!("/updates/{accepted}/edit"),
            Body::Form(vec![
                ("period", "2024"),
                ("status", "limited"),
                ("action", "draft"),
            ]),
            // Its author sent it long ago: answered as a form sent again.
            [303, 303, 409, 409, 403],
        ),
        // The conversation: never on a draft, never for donors.
        (
            format!("/updates/{accepted}/comments"),
            Body::Form(vec![("body", " ")]),
            [303, 422, 422, 422, 403],
        ),
        (
            format!("/updates/{pending_uz}/comments"),
            Body::Form(vec![("body", " ")]),
            [303, 404, 422, 422, 403],
        ),
        (
            format!("/updates/{draft}/comments"),
            Body::Form(vec![("body", " ")]),
            [303, 409, 404, 404, 403],
        ),
        (
            format!("/api/v1/updates/{accepted}/comments"),
            Body::Json(json!({"body": ""})),
            [401, 422, 422, 422, 403],
        ),
        (
            format!("/api/v1/updates/{pending_uz}/comments"),
            Body::Json(json!({"body": ""})),
            [401, 404, 422, 422, 403],
        ),
        (
            format!("/api/v1/updates/{draft}/comments"),
            Body::Json(json!({"body": ""})),
            [401, 409, 404, 404, 403],
        ),
        (
            format!("/api/v1/updates/{draft}/review"),
            Body::Json(json!({"decision": "accept"})),
            [401, 403, 404, 404, 403],
        ),
        // Submitted only by its author, and only whole (this one has no narrative).
        (
            format!("/api/v1/updates/{draft}/submit"),
            Body::Json(json!({})),
            [401, 422, 404, 404, 403],
        ),
        (
            format!("/api/v1/updates/{accepted}/submit"),
            Body::Json(json!({})),
            [401, 409, 409, 409, 403],
        ),
        (
            "/api/v1/updates/999999/submit".into(),
            Body::Json(json!({})),
            [401, 404, 404, 404, 403],
        ),
        (
            "/admin/users".into(),
            Body::Form(vec![("email", "bad")]),
            [303, 403, 403, 422, 403],
        ),
        (
            "/admin/users/999999/deactivate".into(),
            Body::Form(vec![("version", "1")]),
            [303, 403, 403, 404, 403],
        ),
        (
            "/admin/users/999999/activate".into(),
            Body::Form(vec![("version", "1")]),
            [303, 403, 403, 404, 403],
        ),
        (
            "/admin/users/999999/invite".into(),
            Body::Form(vec![]),
            [303, 403, 403, 404, 403],
        ),
        // Not multipart/form-data: an administrator gets 422.
        (
            "/admin/import".into(),
            Body::Form(vec![("file", "document,code")]),
            [303, 403, 403, 422, 403],
        ),
        (
            "/snapshots".into(),
            Body::Form(vec![("name", ""), ("as_of", "2024-12-31")]),
            [303, 403, 403, 422, 403],
        ),
        (
            "/admin/reporting/1".into(),
            Body::Form(vec![
                ("cycle", "weekly"),
                ("due_days", "31"),
                ("version", "0"),
            ]),
            [303, 403, 403, 422, 403],
        ),
        (
            "/admin/reporting/999999".into(),
            Body::Form(vec![
                ("cycle", "annual"),
                ("due_days", "31"),
                ("version", "0"),
            ]),
            [303, 403, 403, 404, 403],
        ),
        (
            "/account".into(),
            Body::Form(vec![
                ("current", "not the password"),
                ("password", "x"),
                ("password2", "x"),
            ]),
            [303, 422, 422, 422, 422],
        ),
        // Only its owner ends a session (the donor is asked last).
        (
            format!("/account/sessions/{donor_token}/end"),
            Body::Form(vec![]),
            [303, 404, 404, 404, 303],
        ),
        (
            "/account/sessions/not-a-session/end".into(),
            Body::Form(vec![]),
            [303, 404, 404, 404, 404],
        ),
        // Anyone may switch the language, signed in or not.
        (
            "/language".into(),
            Body::Form(vec![("lang", "xx"), ("next", "/")]),
            [422, 422, 422, 422, 422],
        ),
        (
            format!("/admin/users/{kz_id}"),
            Body::Form(vec![
                ("email", "not an address"),
                ("name", "K"),
                ("role", "focal-point"),
                ("country", "KZ"),
                ("version", "1"),
            ]),
            [303, 403, 403, 422, 403],
        ),
        (
            "/admin/users/999999".into(),
            Body::Form(vec![("version", "1")]),
            [303, 403, 403, 404, 403],
        ),
        (
            "/login".into(),
            Body::Form(vec![("email", "nobody@example.org"), ("password", "wrong")]),
            [401, 401, 401, 401, 401],
        ),
        (
            "/setup/not-a-token".into(),
            Body::Form(vec![("password", "x"), ("password2", "x")]),
            [403, 403, 403, 403, 403],
        ),
        (
            "/api/v1/login".into(),
            Body::Json(json!({"email": "nobody@example.org", "password": "wrong"})),
            [401, 401, 401, 401, 401],
        ),
        (
            format!("/api/v1/tracks/{kz}/updates"),
            Body::Json(bad_json.clone()),
            [401, 422, 422, 422, 403],
        ),
        (
            format!("/api/v1/tracks/{uz}/updates"),
            Body::Json(bad_json.clone()),
            [401, 403, 422, 422, 403],
        ),
        (
            "/api/v1/tracks/999999/updates".into(),
            Body::Json(bad_json.clone()),
            [401, 404, 404, 404, 403],
        ),
        (
            format!("/api/v1/updates/{pending_uz}/review"),
            Body::Json(json!({"decision": "return"})),
            [401, 403, 422, 403, 403],
        ),
        (
            format!("/api/v1/updates/{accepted}/review"),
            Body::Json(json!({"decision": "accept"})),
            [401, 403, 409, 409, 403],
        ),
        (
            "/login/code".into(),
            Body::Form(vec![("code", "123456")]),
            [303, 303, 303, 303, 303],
        ),
        (
            "/account/second-factor".into(),
            Body::Form(vec![("code", "000000")]),
            [303, 422, 422, 422, 422],
        ),
        (
            "/account/second-factor/recovery-codes".into(),
            Body::Form(vec![("password", "not the password"), ("code", "000000")]),
            [303, 422, 422, 422, 422],
        ),
        (
            "/account/second-factor/remove".into(),
            Body::Form(vec![("password", "not the password"), ("code", "000000")]),
            [303, 422, 422, 422, 422],
        ),
        (
            "/notifications/999999/open".into(),
            Body::Form(vec![]),
            [303, 404, 404, 404, 404],
        ),
        (
            "/notifications/read".into(),
            Body::Form(vec![]),
            [303, 303, 303, 303, 303],
        ),
        (
            "/account/notifications".into(),
            Body::Form(vec![("mail_pref", "weekly")]),
            [303, 422, 422, 422, 422],
        ),
        (
            "/admin/outbox/999999/retry".into(),
            Body::Form(vec![]),
            [303, 403, 403, 404, 403],
        ),
        // An empty address is refused before anything is looked up.
        (
            "/password/forgot".into(),
            Body::Form(vec![("email", "")]),
            [422, 422, 422, 422, 422],
        ),
        (
            "/admin/users/999999/second-factor/remove".into(),
            Body::Form(vec![]),
            [303, 403, 403, 404, 403],
        ),
        // Who may read an accepted update: changed by reviewers and admins only.
        (
            format!("/updates/{accepted}/sensitivity"),
            Body::Form(vec![("sensitivity", "secret")]),
            [303, 403, 422, 422, 403],
        ),
        (
            format!("/updates/{pending_uz}/sensitivity"),
            Body::Form(vec![("sensitivity", "restricted")]),
            [303, 403, 409, 409, 403],
        ),
        (
            format!("/api/v1/updates/{accepted}/sensitivity"),
            Body::Json(json!({"sensitivity": "secret"})),
            [401, 403, 422, 422, 403],
        ),
        (
            "/api/v1/updates/999999/sensitivity".into(),
            Body::Json(json!({"sensitivity": "restricted"})),
            [401, 403, 404, 404, 403],
        ),
        // Revised by its author only, and only once returned.
        (
            format!("/api/v1/updates/{returned}/revise"),
            Body::Json(bad_json.clone()),
            [401, 422, 403, 403, 403],
        ),
        (
            format!("/api/v1/updates/{accepted}/revise"),
            Body::Json(bad_json.clone()),
            [401, 409, 403, 403, 403],
        ),
        (
            "/api/v1/snapshots".into(),
            Body::Json(json!({"name": "", "as_of": "2024-12-31"})),
            [401, 403, 403, 422, 403],
        ),
        // A browser session cannot end an API token.
        (
            "/api/v1/logout".into(),
            Body::Json(json!({})),
            [401, 401, 401, 401, 401],
        ),
        // Last, as they end each session.
        (
            "/logout/everywhere".into(),
            Body::Form(vec![]),
            [303, 303, 303, 303, 303],
        ),
        (
            "/logout".into(),
            Body::Form(vec![]),
            [303, 303, 303, 303, 303],
        ),
    ];
    // A draft edited through the API: only by its author, never once submitted.
    let puts: Vec<(String, serde_json::Value, [u16; 5])> = vec![
        (
            format!("/api/v1/updates/{draft}"),
            bad_json.clone(),
            [401, 422, 404, 404, 403],
        ),
        (
            format!("/api/v1/updates/{accepted}"),
            bad_json.clone(),
            [401, 409, 409, 409, 403],
        ),
        (
            "/api/v1/updates/999999".into(),
            bad_json.clone(),
            [401, 404, 404, 404, 403],
        ),
        (
            "/api/v1/cycles/1".into(),
            json!({"cycle": "weekly", "due_days": 31, "version": 0}),
            [401, 403, 403, 422, 403],
        ),
        (
            "/api/v1/cycles/999999".into(),
            json!({"cycle": "annual", "due_days": 31, "version": 0}),
            [401, 403, 403, 404, 403],
        ),
    ];
    let mut cases: Vec<(&'static str, String)> =
        gets.iter().map(|(p, _)| ("GET", p.clone())).collect();
    cases.extend(posts.iter().map(|(p, _, _)| ("POST", p.clone())));
    cases.extend(puts.iter().map(|(p, _, _)| ("PUT", p.clone())));
    assert_every_route_has_a_rule(&cases, &["/no/such/page", "/api/v1/no/such"]);
    eprintln!(
        "authorization matrix: {} routes, {} GET, {} POST and {} PUT cases x {} roles = {} checks",
        route_table().len(),
        gets.len(),
        posts.len(),
        puts.len(),
        ROLES.len(),
        cases.len() * ROLES.len()
    );

    let count_before = app.count("SELECT count(*) FROM updates").await;
    // Before the posts, the last of which end every session.
    for (path, body, expected) in &puts {
        for (i, c) in clients.iter().enumerate() {
            let got = c.put_json(path, body).await.status().as_u16();
            assert_eq!(got, expected[i], "PUT {path} as {}", ROLES[i]);
        }
    }
    for (path, body, expected) in &posts {
        for (i, c) in clients.iter().enumerate() {
            let got = match body {
                Body::Form(form) => c.post_form(path, form).await,
                Body::Json(v) => c.post_json(path, v).await,
            }
            .status()
            .as_u16();
            assert_eq!(got, expected[i], "POST {path} as {}", ROLES[i]);
        }
    }
    assert_eq!(
        app.count("SELECT count(*) FROM updates").await,
        count_before,
        "no refused write left a row"
    );
    assert_eq!(app.count("SELECT count(*) FROM users").await, 4);
    assert_eq!(
        app.count("SELECT sum(version) FROM users").await,
        4,
        "no account was changed"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM sessions WHERE kind = 'cookie'")
            .await,
        0,
        "every session ended with its sign-out"
    );
    assert_eq!(app.count("SELECT count(*) FROM snapshots").await, 1);
    assert_eq!(app.count("SELECT count(*) FROM reporting_cycles").await, 0);
}
