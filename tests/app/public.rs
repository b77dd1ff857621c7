//! The public portal (`JPOA_PUBLIC`): closed by default, every `/public`
//! address not found; open, the dashboard, the commitments and their
//! public accepted updates and the CSV reports, without signing in, with
//! nothing that is not public: no partners' or restricted words, nothing
//! in review, no names of people.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use reqwest::header::{CACHE_CONTROL, VARY};
use serde_json::{Value, json};

use crate::helpers::pages::portal_open;
use crate::helpers::{Client, Settings, TestApp, bin, col, location, parse_csv, route_table};

/// The portal's routes as the app declares them, each with an address.
fn portal_addresses(commitment: i64) -> Vec<String> {
    let addresses: Vec<String> = route_table()
        .into_iter()
        .filter(|r| r.path == "/public" || r.path.starts_with("/public/"))
        .map(|r| {
            r.path
                .replace("{id}", &commitment.to_string())
                .replace("{file}", "progress.csv")
        })
        .collect();
    assert_eq!(addresses.len(), 4, "{addresses:?}");
    addresses
}

#[tokio::test]
async fn while_closed_every_portal_address_is_not_found_as_any_unknown_one() {
    let app = TestApp::with_standard_users().await;
    let cid = app.commitment("P1.01").await;
    let anonymous = Client::new(&app);
    let donor = app.login_as("donor@example.org").await;
    let (_, unknown) = anonymous.get_text("/no-such-page").await;
    let mut addresses = portal_addresses(cid);
    addresses.extend([
        "/public/reports/commitments.csv?lang=ru".to_owned(),
        "/public/commitments?country=KZ".to_owned(),
    ]);
    for path in &addresses {
        for c in [&anonymous, &donor] {
            let r = c.get(path).await;
            assert_eq!(r.status(), 404, "{path}");
            assert_eq!(r.headers()[CACHE_CONTROL], "no-store", "{path}");
        }
        let (_, page) = anonymous.get_text(path).await;
        let bare = path.split('?').next().unwrap();
        assert_eq!(
            page.replace(&urlencoded(path), "HERE")
                .replace(bare, "HERE"),
            unknown.replace("/no-such-page", "HERE"),
            "{path} is the unknown address's page"
        );
    }
}

/// A path as the language switch's `next` field writes it.
fn urlencoded(path: &str) -> String {
    path.replace('&', "&amp;")
}

/// What was logged for the test: the words of each kind of update.
struct Logged {
    commitment: i64,
    public: i64,
    made_public: i64,
}

const PUBLIC: &str = "Adopted the national strategy PUBLICWORD";
const MADE_PUBLIC: &str = "Published the action plan MADEPUBLICWORD";
/// Words that must never reach the portal.
const NEVER: [&str; 8] = [
    "PARTNERSWORD",
    "RESTRICTEDWORD",
    "INREVIEWWORD",
    "RESTRICTEDLATERWORD",
    "REVIEWERCOMMENTWORD",
    "https://example.org/restricted-evidence",
    // The people: their names are "Test {email}".
    "kz@example.org",
    "rev@example.org",
];

/// Updates of each sensitivity on P1.01's KZ track through the API,
/// accepted by the reviewer, and one left in review.
async fn log_updates(app: &TestApp) -> Logged {
    let (kz, rev) = (
        app.token_for("kz@example.org").await,
        app.token_for("rev@example.org").await,
    );
    let track = app.track("P1.01", "KZ").await;
    let http = reqwest::Client::new();
    let post = |token: &str, path: String, body: Value| {
        http.post(app.url(&format!("/api/v1{path}")))
            .bearer_auth(token.to_owned())
            .json(&body)
            .send()
    };
    let mut ids = Vec::new();
    for (period, words, sensitivity) in [
        ("2022", PUBLIC, "public"),
        ("2023", "Trained officers PARTNERSWORD", "partners"),
        ("2024", "Prison programme RESTRICTEDWORD", "restricted"),
        ("2025-H1", "Was public once RESTRICTEDLATERWORD", "public"),
        ("2025", MADE_PUBLIC, "partners"),
        ("2025-H2", "Not decided yet INREVIEWWORD", "public"),
    ] {
        let evidence = match sensitivity {
            "restricted" => "https://example.org/restricted-evidence",
            _ => "",
        };
        let body = json!({"period": period, "status": "limited", "narrative_en": words,
                          "narrative_ru": format!("Описание {words}"), "evidence_url": evidence,
                          "sensitivity": sensitivity});
        let r = post(&kz, format!("/tracks/{track}/updates"), body)
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{period}");
        ids.push(r.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    // All but the last accepted; the public one with a comment, the one
    // proposed for partners made public by the reviewer's decision.
    for (i, id) in ids.iter().take(5).enumerate() {
        let decision = match i {
            0 => json!({"decision": "accept", "comment": "Thanks REVIEWERCOMMENTWORD"}),
            4 => json!({"decision": "accept", "sensitivity": "public"}),
            _ => json!({"decision": "accept"}),
        };
        let r = post(&rev, format!("/updates/{id}/review"), decision)
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "review of {id}");
    }
    // Public when accepted, restricted since.
    let r = post(
        &rev,
        format!("/updates/{}/sensitivity", ids[3]),
        json!({"sensitivity": "restricted"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    Logged {
        commitment: app.commitment("P1.01").await,
        public: ids[0],
        made_public: ids[4],
    }
}

#[tokio::test]
async fn open_the_portal_shows_exactly_the_public_record_without_names() {
    let app = TestApp::spawn_configured(portal_open(), None).await;
    app.add_standard_users().await;
    let logged = log_updates(&app).await;
    let cid = logged.commitment;
    let anonymous = Client::new(&app);
    let russian = Client::speaking(&app, "ru");

    let mut pages = portal_addresses(cid);
    pages.extend(
        [
            "/public?as_of=2024-12-31",
            "/public/commitments?pillar=1&country=KZ&status=limited",
            "/public/commitments?q=P1.01",
            "/public/reports/commitments.csv",
            "/public/reports/status-matrix.csv?lang=ru",
            "/public/reports/timeline.csv?sep=semicolon",
            "/public/reports/progress.csv?lang=ru&country=KZ",
        ]
        .map(str::to_owned),
    );
    pages.push(format!("/public/commitments/{cid}?as_of=2030-12-31"));
    let mut everything = String::new();
    for path in &pages {
        for c in [&anonymous, &russian] {
            let r = c.get(path).await;
            assert_eq!(r.status(), 200, "{path}");
            assert_eq!(r.headers()[CACHE_CONTROL], "public, max-age=300", "{path}");
            let vary: Vec<&str> = r
                .headers()
                .get_all(VARY)
                .iter()
                .map(|v| v.to_str().unwrap())
                .collect();
            assert!(
                vary.iter()
                    .any(|v| v.contains("Accept-Language") && v.contains("Cookie")),
                "{path}: {vary:?}"
            );
            assert!(r.headers().get("set-cookie").is_none(), "{path}");
            everything.push_str(&r.text().await.unwrap());
        }
    }
    for word in NEVER {
        assert!(!everything.contains(word), "{word} reached the portal");
    }

    let (_, page) = anonymous
        .get_text(&format!("/public/commitments/{cid}"))
        .await;
    for words in [PUBLIC, MADE_PUBLIC] {
        assert!(page.contains(words), "{words} is on the commitment's page");
    }
    assert!(page.contains("Public record of the Joint Plan of Action"));
    assert!(page.contains("Record as of 20"), "says how current it is");
    assert!(
        !page.contains("/updates/"),
        "no link into the signed-in record"
    );
    let (_, page) = russian
        .get_text(&format!("/public/commitments/{cid}"))
        .await;
    assert!(page.contains("<html lang=\"ru\"") && page.contains("Описание Adopted"));

    // As of a day before the updates were accepted, none is shown.
    let (_, then) = anonymous
        .get_text(&format!("/public/commitments/{cid}?as_of=2024-12-31"))
        .await;
    assert!(!then.contains("PUBLICWORD"), "accepted after that day");

    // The progress report: the public accepted rows, all of them, no names.
    let csv = anonymous.get_bytes("/public/reports/progress.csv").await;
    let (header, rows) = parse_csv(&csv);
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r[col(&header, "update_id")].parse().unwrap())
        .collect();
    assert_eq!(ids, [logged.public, logged.made_public]);
    for r in &rows {
        assert_eq!(r[col(&header, "submitted_by")], "");
        assert_eq!(r[col(&header, "reviewed_by")], "");
        assert_eq!(r[col(&header, "sensitivity")], "public");
        assert!(r[col(&header, "narrative_en")].contains("PUBLICWORD"));
    }
    // A signed-in donor's report has every accepted row, its own way.
    let donor = app.login_as("donor@example.org").await;
    let (_, rows) = parse_csv(&donor.get_bytes("/reports/progress.csv").await);
    assert_eq!(rows.len(), 5);

    // No XLSX, no other file, no unknown commitment.
    for path in [
        "/public/reports/progress.xlsx".to_owned(),
        "/public/reports/secrets.csv".to_owned(),
        "/public/commitments/999999".to_owned(),
        "/public/commitments/abc".to_owned(),
    ] {
        assert_eq!(anonymous.get(&path).await.status(), 404, "{path}");
    }
    let r = anonymous.get("/public/reports/progress.csv").await;
    let disposition = r.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.contains("jpoa-public-progress-"),
        "{disposition}"
    );
}

#[tokio::test]
async fn the_portal_is_open_to_a_signed_in_person_who_has_not_enrolled_a_second_factor() {
    let app = TestApp::spawn_configured(
        Settings {
            public: true,
            ..Settings::defaults()
        },
        None,
    )
    .await;
    app.add_standard_users().await;
    let rev = crate::second_factor::signed_in(&app, "rev@example.org").await;
    let r = rev.get("/review").await;
    assert_eq!(location(&r), "/account/second-factor", "must enrol first");
    let (status, page) = rev.get_text("/public").await;
    assert_eq!(status, 200);
    assert!(
        !page.contains("rev@example.org"),
        "nobody is named, not even oneself"
    );
}

/// The real binary, with `JPOA_PUBLIC` as given: the status of `/public`,
/// or None when the server did not start.
async fn public_status_with(value: &str) -> Option<u16> {
    let dir = tempfile::tempdir().unwrap();
    let mut child = bin()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(dir.path().join("j.db"))
        .env("JPOA_PUBLIC", value)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines
        .map_while(Result::ok)
        .find(|l| l.starts_with("jpoa-tracker is serving"))
        .map(|l| {
            l.rsplit(' ')
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_owned()
        });
    let status = match url {
        Some(url) => Some(
            reqwest::get(format!("{url}/public"))
                .await
                .unwrap()
                .status()
                .as_u16(),
        ),
        None => None,
    };
    let _ = child.kill();
    let _ = child.wait();
    status
}

#[tokio::test]
async fn jpoa_public_opens_the_portal_and_a_value_it_cannot_read_stops_the_server() {
    assert_eq!(public_status_with("1").await, Some(200));
    assert_eq!(public_status_with("0").await, Some(404));
    assert_eq!(public_status_with("perhaps").await, None);
}
