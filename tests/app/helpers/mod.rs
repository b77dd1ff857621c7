//! The real app on a real port with a fresh SQLite file, and what tests
//! share to drive it: clients that talk to it over HTTP like a browser or an
//! API client would, the command line, the record's ids and CSV parsing.
//!
//! The crate's items that tests name are re-exported here, so that a path
//! moved in the crate is changed in this one place.

mod cli;
mod client;
pub mod pages;
mod record;
mod reports;
mod smtp;

use std::net::SocketAddr;
use std::path::PathBuf;

use jpoa_tracker::auth::password::hash_blocking;
use jpoa_tracker::db::users::NewUser;
use jpoa_tracker::domain::{Email, Password, PersonName};
use jpoa_tracker::services::accounts;
use serde_json::Value;

pub use cli::{bin, check, query_value, run};
pub use client::{Client, field_value, location, rel_link};
pub use record::{accepted, accepted_on, assert_counts_agree, id_after, submitted};
pub use reports::{col, parse_csv};
pub use smtp::SmtpSink;

// The crate, as the tests see it.
pub use jpoa_tracker::AppState;
pub use jpoa_tracker::db::audit::Actor;
pub use jpoa_tracker::db::{Db, due, open_connection, schedules, tracks, updates};
pub use jpoa_tracker::domain::{CommentText, Draft, FormId, NewUpdate};
pub use jpoa_tracker::domain::{Country, Period, Role, now_utc};
pub use jpoa_tracker::reports::PROGRESS_SQL;
pub use jpoa_tracker::server::serve_on;
pub use jpoa_tracker::services::clock::Clock;
pub use jpoa_tracker::settings::{Mfa, Settings};
pub use jpoa_tracker::web::layout::css_path;
pub use jpoa_tracker::web::routes::Route;
pub use jpoa_tracker::web::{
    BODY_LIMIT, MAX_HEADER_BYTES, MAX_HEADERS, MAX_URI, route_table, urlencode,
};

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub addr: SocketAddr,
    /// The server's clock for its own jobs (digests, reminders), to move on.
    pub clock: std::sync::Arc<Clock>,
    pub db: Db,
    pub db_path: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// A new app on 127.0.0.1:0 with a fresh, seeded database.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(None).await
    }

    /// As [`TestApp::spawn`], with the four people of
    /// [`TestApp::add_standard_users`].
    pub async fn with_standard_users() -> TestApp {
        let app = TestApp::spawn().await;
        app.add_standard_users().await;
        app
    }

    /// As [`TestApp::spawn`], with the base URL people reach the site at.
    pub async fn spawn_with(base_url: Option<&str>) -> TestApp {
        TestApp::spawn_configured(without_second_factor(), base_url).await
    }

    /// As [`TestApp::spawn`], with these settings.
    pub async fn spawn_configured(settings: Settings, base_url: Option<&str>) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let db_path = dir.path().join("test.db");
        let database = Db::open(&db_path).unwrap();
        let state = AppState::with_settings(database.clone(), settings)
            .with_base_url(base_url.map(str::to_owned));
        let clock = state.clock.clone();
        // The server's own daily jobs (reminders, digests) wait for 04:00
        // UTC; the tests' clock starts at midnight, so that they run only
        // when a test moves the clock on.
        let now = clock.now();
        clock.advance(now.date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc() - now);
        let addr = serve(state).await;
        TestApp {
            addr,
            clock,
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
    pub async fn login_as(&self, email: &str) -> Client {
        self.sign_in(Client::new(self), email).await
    }

    /// One person signed in from two browsers, `(here, there)`, and holding
    /// an API token.
    pub async fn signed_in_twice_with_a_token(&self, email: &str) -> (Client, Client, String) {
        let here = self.login_as(email).await;
        let there = self.login_as(email).await;
        (here, there, self.token_for(email).await)
    }

    /// As [`TestApp::login_as`], for a browser that sends `Accept-Language`.
    pub async fn login_speaking(&self, accept_language: &str, email: &str) -> Client {
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

    /// The sign-in form sent by a new browser, without a `next`.
    pub async fn form_sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        Client::new(self).sign_in(email, password).await
    }

    /// An API token for this account.
    pub async fn token_for(&self, email: &str) -> String {
        self.token_with(email, PASSWORD).await
    }

    /// An API token for this account and password.
    pub async fn token_with(&self, email: &str, password: &str) -> String {
        let resp = reqwest::Client::new()
            .post(self.url("/api/v1/login"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "API sign-in of {email} failed");
        let v: Value = resp.json().await.unwrap();
        v["token"].as_str().unwrap().to_owned()
    }

    /// `GET path` with a bearer token, as an API client sends it.
    pub async fn get_with_token(&self, token: &str, path: &str) -> reqwest::Response {
        reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// A one-time link to set a password: for the first administrator when
    /// `user` is None, else for that account.
    pub async fn password_link(&self, user: Option<i64>, valid: chrono::Duration) -> String {
        self.db
            .write(move |tx| {
                let valid = valid.to_std().expect("a link valid for some time");
                accounts::new_password_link(tx, Actor::System("test"), user, valid)
            })
            .await
            .unwrap()
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

    /// The id of the commitment `code`.
    pub async fn commitment(&self, code: &str) -> i64 {
        self.id_of("SELECT id FROM commitments WHERE code = ?1", code)
            .await
    }

    /// The id of the account `email`.
    pub async fn user_id(&self, email: &str) -> i64 {
        self.id_of("SELECT id FROM users WHERE email = ?1", email)
            .await
    }

    async fn id_of(&self, sql: &'static str, key: &str) -> i64 {
        let key = key.to_owned();
        self.db
            .read(move |conn| Ok(conn.query_row(sql, [key], |r| r.get(0))?))
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
        open_connection(&self.db_path).unwrap()
    }

    /// The command line on this app's database: (success, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (bool, String, String) {
        run(args, &self.db_path, "")
    }
}

/// The documented defaults but `JPOA_MFA=off`, for the tests of everything
/// but the second factor: a TOTP code is accepted once, so an account with
/// one cannot sign in twice within thirty seconds, as most tests do. The
/// tests under `second_factor/` run with the default (`staff`).
pub fn without_second_factor() -> Settings {
    Settings {
        mfa: Mfa::Off,
        ..Settings::defaults()
    }
}

/// Serves the app of `state` on 127.0.0.1:0, in the background, as the
/// server does; its address.
pub async fn serve(state: AppState) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve_on(listener, state, std::future::pending()));
    addr
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
    let hash = hash_blocking(&Password::parse(PASSWORD).unwrap()).unwrap();
    db.write(move |tx| accounts::create(tx, Actor::System("test"), &new, &hash))
        .await
        .unwrap()
}
