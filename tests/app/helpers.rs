//! The real app on a real port with a fresh SQLite file, and clients that
//! talk to it over HTTP like a browser or an API client would.

use std::net::SocketAddr;
use std::path::PathBuf;

use jpoa_tracker::db::audit::Actor;
use jpoa_tracker::db::users::{self, NewUser};
use jpoa_tracker::db::{self, Db};
use jpoa_tracker::domain::{Country, Email, Password, PersonName, Role};
use jpoa_tracker::{AppState, app};
use rusqlite::params;
use serde_json::Value;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub db_path: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// A new app on 127.0.0.1:0 with a fresh, seeded database.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(None).await
    }

    /// As [`TestApp::spawn`], with the base URL people reach the site at.
    pub async fn spawn_with(base_url: Option<&str>) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let db_path = dir.path().join("test.db");
        let database = Db::open(&db_path).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router =
            app(AppState::new(database.clone()).with_base_url(base_url.map(str::to_owned)));
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        TestApp {
            addr,
            db: database,
            db_path,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Creates an account directly in the database (as `user add` does).
    pub async fn add_user(&self, email: &str, role: Role, country: Option<Country>) -> i64 {
        add_user_to(&self.db, email, role, country).await
    }

    /// The four people most tests need: a focal point for Kazakhstan
    /// (`kz@`), a reviewer (`rev@`), an administrator (`admin@`) and a
    /// donor (`donor@`), all `@example.org`.
    pub async fn add_standard_users(&self) {
        self.add_user("kz@example.org", Role::FocalPoint, Some(Country::KZ))
            .await;
        self.add_user("rev@example.org", Role::Reviewer, None).await;
        self.add_user("admin@example.org", Role::Admin, None).await;
        self.add_user("donor@example.org", Role::Donor, None).await;
    }

    /// A browser-like client (cookie store, no redirects followed) signed in.
    pub async fn browser_as(&self, email: &str) -> Client {
        self.sign_in(Client::new(self), email).await
    }

    /// As [`TestApp::browser_as`], for a browser that sends `Accept-Language`.
    pub async fn browser_speaking(&self, accept_language: &str, email: &str) -> Client {
        self.sign_in(Client::speaking(self, accept_language), email)
            .await
    }

    async fn sign_in(&self, c: Client, email: &str) -> Client {
        let resp = c
            .post_form(
                "/login",
                &[("email", email), ("password", PASSWORD), ("next", "/")],
            )
            .await;
        assert_eq!(resp.status(), 303, "sign-in of {email} failed");
        c
    }

    /// An API token for this account.
    pub async fn token_for(&self, email: &str) -> String {
        let resp = reqwest::Client::new()
            .post(self.url("/api/v1/login"))
            .json(&serde_json::json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "API sign-in of {email} failed");
        let v: Value = resp.json().await.unwrap();
        v["token"].as_str().unwrap().to_owned()
    }

    /// The id of the track of `code` for `country`.
    pub async fn track(&self, code: &str, country: &str) -> i64 {
        let (code, country) = (code.to_owned(), country.to_owned());
        self.db
            .read(move |conn| {
                Ok(conn.query_row(
                    "SELECT t.id FROM tracks t JOIN commitments c ON c.id = t.commitment_id
                     WHERE c.code = ?1 AND t.country = ?2",
                    [code, country],
                    |r| r.get(0),
                )?)
            })
            .await
            .unwrap()
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        self.db
            .read(move |conn| Ok(conn.query_row(sql, [], |r| r.get(0))?))
            .await
            .unwrap()
    }

    /// A single connection for checks the app does not expose.
    pub fn conn(&self) -> rusqlite::Connection {
        db::open_connection(&self.db_path).unwrap()
    }
}

/// Creates an account with [`PASSWORD`] in a database, as `user add` does.
pub async fn add_user_to(db: &Db, email: &str, role: Role, country: Option<Country>) -> i64 {
    let new = NewUser::new(
        Email::parse(email).unwrap(),
        PersonName::parse(&format!("Test {email}")).unwrap(),
        role,
        country,
    )
    .unwrap();
    let hash =
        jpoa_tracker::auth::password::hash_blocking(&Password::parse(PASSWORD).unwrap()).unwrap();
    db.write(move |tx| users::create(tx, Actor::System("test"), &new, &hash))
        .await
        .unwrap()
}

/// The counts of updates by state that triggers keep agree with the updates.
pub fn assert_counts_agree(conn: &rusqlite::Connection) {
    let drift: i64 = conn
        .query_row(
            "SELECT count(*) FROM update_counts c
             WHERE c.n <> (SELECT count(*) FROM updates u WHERE u.state = c.state)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        drift, 0,
        "the kept counts of updates agree with the updates"
    );
}

/// An HTTP client with its own cookie jar that does not follow redirects,
/// so tests see the 303 and where it points.
pub struct Client {
    pub http: reqwest::Client,
    base: String,
}

impl Client {
    pub fn new(app: &TestApp) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: app.url(""),
        }
    }

    /// A client whose every request says `Accept-Language: {accept_language}`.
    pub fn speaking(app: &TestApp, accept_language: &str) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT_LANGUAGE,
            accept_language.parse().unwrap(),
        );
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .default_headers(headers)
                .build()
                .unwrap(),
            base: app.url(""),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .unwrap()
    }
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// Parses a CSV report (after checking its BOM and CRLF) into header + rows.
pub fn parse_csv(body: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(
        body.starts_with(b"\xEF\xBB\xBF"),
        "CSV must start with a UTF-8 BOM"
    );
    let text = std::str::from_utf8(&body[3..]).unwrap();
    assert!(text.ends_with("\r\n"), "CSV lines must end with CRLF");
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

pub fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// Writes an accepted update with chosen timestamps, as history would have it.
pub fn accepted(
    app: &TestApp,
    track: i64,
    period: &str,
    status: &str,
    reviewed_at: &str,
    text: &str,
) -> i64 {
    let conn = app.conn();
    let author: i64 = conn
        .query_row(
            "SELECT id FROM users WHERE email = 'kz@example.org'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let reviewer: i64 = conn
        .query_row(
            "SELECT id FROM users WHERE email = 'rev@example.org'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let p: jpoa_tracker::domain::Period = period.parse().unwrap();
    conn.execute(
        "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, state, author_id,
            created_at, submitted_at, reviewer_id, reviewed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'accepted', ?6, ?7, ?7, ?8, ?7)",
        params![track, period, p.rank(), status, text, author, reviewed_at, reviewer],
    )
    .unwrap();
    conn.last_insert_rowid()
}
