//! Every route of the app, from its own table, asked by those not cleared
//! for a restricted update (a donor, another country's focal point, nobody
//! signed in): none of them gets a word of it, in any page, file, error,
//! mail or inbox note. Those cleared (the country's focal point, reviewers)
//! do get it, so the sweep cannot pass by showing nothing at all.

use std::io::{Cursor, Read};

use reqwest::Method;
use serde_json::json;

use crate::helpers::pages::portal_open;
use crate::helpers::{Client, Country, Role, Route, TestApp, route_table};

/// In every field of the restricted update and about it; no id, token or
/// word of the app can contain it (`z` and `q` are not hex digits).
const MARK: &str = "ntkzq";
const MARK_RU: &str = "нткзк";

/// What a path pattern's placeholders stand for in the fixture; a route
/// with a placeholder not bound here fails the test, so that a new route
/// is swept too.
struct Ids {
    commitment: i64,
    track: i64,
    update: i64,
    comment: i64,
    snapshot: i64,
    donor: i64,
}

fn bind(route: &str, ids: &Ids) -> String {
    let mut out = Vec::new();
    let segments: Vec<&str> = route.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let before = if i > 0 { segments[i - 1] } else { "" };
        let value = match (*seg, before) {
            ("{id}", "commitments") => ids.commitment.to_string(),
            ("{id}", "tracks") => ids.track.to_string(),
            ("{id}", "updates") => ids.update.to_string(),
            ("{id}", "snapshots") => ids.snapshot.to_string(),
            ("{id}", "users") => ids.donor.to_string(),
            ("{id}", "cycles" | "reporting") => "1".to_owned(),
            ("{id}", "notifications" | "outbox" | "sessions") => "999999".to_owned(),
            ("{comment_id}", _) => ids.comment.to_string(),
            ("{file}", "assets") => "style.css".to_owned(),
            ("{file}", _) => "progress.csv".to_owned(),
            ("{role}", _) => "donor".to_owned(),
            ("{token}", _) => "not-a-token".to_owned(),
            (s, _) if s.starts_with('{') => panic!("bind {s} in {route}: add it to `bind`"),
            (s, _) => s.to_owned(),
        };
        out.push(value);
    }
    out.join("/")
}

/// What a body says, an XLSX file's sheets included, in lower case.
fn text_of(bytes: &[u8]) -> String {
    if bytes.starts_with(b"PK")
        && let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes))
    {
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let mut s = String::new();
            if part.read_to_string(&mut s).is_ok() {
                all.push_str(&s);
            }
        }
        return all.to_lowercase();
    }
    String::from_utf8_lossy(bytes).to_lowercase()
}

fn leaks(text: &str) -> bool {
    text.contains(MARK) || text.contains(MARK_RU)
}

/// Routes that would end the asking session: left to the end, unswept.
fn ends_session(path: &str) -> bool {
    path.starts_with("/logout") || path.ends_with("/logout") || path.ends_with("/end")
}

#[tokio::test]
async fn nobody_uncleared_gets_a_word_of_a_restricted_update_by_any_route() {
    // The portal open, so that nobody signed in is asked there too.
    let app = TestApp::spawn_configured(portal_open(), None).await;
    app.add_standard_users().await;
    let author = "ntkzq-author@example.org";
    let reviewer = "ntkzq-reviewer@example.org";
    app.add_user(author, Role::FocalPoint, Some(Country::KZ))
        .await;
    app.add_user(reviewer, Role::Reviewer, None).await;
    app.add_user("uz@example.org", Role::FocalPoint, Some(Country::UZ))
        .await;
    let (t_author, t_reviewer, t_admin) = (
        app.token_for(author).await,
        app.token_for(reviewer).await,
        app.token_for("admin@example.org").await,
    );
    let http = reqwest::Client::new();
    let api = |method: Method, path: &str, token: &str, body: serde_json::Value| {
        http.request(method, app.url(&format!("/api/v1{path}")))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let track = app.track("P1.02", "KZ").await;
    let commitment = app.commitment("P1.02").await;
    let r = api(
        Method::POST,
        &format!("/tracks/{track}/updates"),
        &t_author,
        json!({
            "period": "2024", "status": "limited", "sensitivity": "restricted",
            "narrative_en": "Prison programme NTKZQ started",
            "narrative_ru": "Программа НТКЗК начата",
            "evidence_url": "https://ntkzq.example.org/decree",
        }),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    let update = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = api(
        Method::POST,
        &format!("/updates/{update}/comments"),
        &t_reviewer,
        json!({"body": "Which prison, NTKZQ?"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    let comment = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = api(
        Method::POST,
        &format!("/updates/{update}/review"),
        &t_reviewer,
        json!({"decision": "accept", "comment": "Good, NTKZQ noted"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);

    // A partners update, frozen into a snapshot, restricted afterwards.
    let other_track = app.track("P1.03", "KZ").await;
    let r = api(
        Method::POST,
        &format!("/tracks/{other_track}/updates"),
        &t_author,
        json!({"period": "2024", "status": "substantial", "narrative_en": "Later NTKZQ restricted"}),
    )
    .await
    .unwrap();
    let late = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = api(
        Method::POST,
        &format!("/updates/{late}/review"),
        &t_reviewer,
        json!({"decision": "accept"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let today = chrono::Utc::now().date_naive().to_string();
    let r = api(
        Method::POST,
        "/snapshots",
        &t_admin,
        json!({"name": "Before the restriction", "as_of": today}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    let snapshot = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = api(
        Method::POST,
        &format!("/updates/{late}/sensitivity"),
        &t_reviewer,
        json!({"sensitivity": "restricted"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);

    let ids = Ids {
        commitment,
        track,
        update,
        comment,
        snapshot,
        donor: app.user_id("donor@example.org").await,
    };
    let uncleared = [
        ("nobody", Client::new(&app)),
        ("a donor", app.login_as("donor@example.org").await),
        (
            "another country's focal point",
            app.login_as("uz@example.org").await,
        ),
    ];
    let cleared = [
        (
            "the country's focal point",
            app.login_as("kz@example.org").await,
        ),
        ("a reviewer", app.login_as("rev@example.org").await),
    ];
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Days::new(1)).to_string();
    let mut swept = Vec::new();
    let mut requests = Vec::new();
    for Route { method, path } in route_table() {
        let bound = bind(&path, &ids);
        if ends_session(&bound) {
            continue;
        }
        swept.push(format!("{method} {path}"));
        requests.push((method, bound.clone()));
        if method == "GET" {
            for q in [
                format!("?as_of={today}"),
                format!("?as_of={yesterday}"),
                "?lang=ru".to_owned(),
            ] {
                requests.push((method, format!("{bound}{q}")));
            }
        }
    }
    requests.push(("GET", "/reports/progress.xlsx".to_owned()));
    requests.push(("GET", format!("/snapshots/{snapshot}/progress.xlsx")));
    requests.push((
        "GET",
        format!("/api/v1/snapshots/{snapshot}/files/progress.csv?lang=ru&sep=semicolon"),
    ));

    // The portal's own downloads, with their filters.
    for q in ["", "?country=KZ", &format!("?as_of={today}")] {
        requests.push(("GET", format!("/public/reports/progress.csv{q}")));
    }
    let mut seen_by_cleared = [false; 2];
    for (method, path) in &requests {
        for (who, c) in &uncleared {
            let text = send(c, method, path).await;
            assert!(
                !leaks(&text),
                "{method} {path} shows {who} the restricted update: {}",
                excerpt(&text)
            );
        }
        for (i, (_, c)) in cleared.iter().enumerate() {
            if *method == "GET" && leaks(&send(c, method, path).await) {
                seen_by_cleared[i] = true;
            }
        }
    }
    assert_eq!(
        seen_by_cleared,
        [true, true],
        "the country's focal point and a reviewer read it somewhere"
    );

    // Nor by mail or in the inbox.
    let conn = app.conn();
    for email in ["donor@example.org", "uz@example.org"] {
        let rows: Vec<String> = conn
            .prepare(
                "SELECT o.subject || o.body FROM outbox o JOIN users u ON u.id = o.recipient_id
                 WHERE u.email = ?1
                 UNION ALL
                 SELECT n.subject || n.body FROM notifications n JOIN users u ON u.id = n.user_id
                 WHERE u.email = ?1",
            )
            .unwrap()
            .query_map([email], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for row in rows {
            assert!(
                !leaks(&row.to_lowercase()),
                "mail or a note to {email}: {row}"
            );
        }
    }
    eprintln!(
        "need to know: {} routes swept ({} requests) for 3 uncleared and 2 cleared readers: {}",
        swept.len(),
        requests.len(),
        swept.join(", ")
    );
}

async fn send(c: &Client, method: &str, path: &str) -> String {
    let req = match method {
        "GET" => c.http.get(c.url(path)),
        "PUT" => c.http.put(c.url(path)).json(&json!({})),
        _ if path.starts_with("/api/") => c.http.post(c.url(path)).json(&json!({})),
        _ => c.http.post(c.url(path)).form(&[("x", "")]),
    };
    let r = req.send().await.unwrap();
    let mut text = String::new();
    for (k, v) in r.headers() {
        text.push_str(&format!("{k}: {}\n", v.to_str().unwrap_or("")));
    }
    text.to_lowercase() + &text_of(&r.bytes().await.unwrap())
}

fn excerpt(text: &str) -> String {
    let at = text.find(MARK).or_else(|| text.find(MARK_RU)).unwrap_or(0);
    text.chars()
        .skip(text[..at].chars().count().saturating_sub(80))
        .take(200)
        .collect()
}
