//! Costly work is bounded (issue 16): password checks, files built whole
//! and downloads a client stops reading. Past each bound the answer is the
//! documented one and nothing is left half-done.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{Client, PASSWORD, Role, TestApp, without_second_factor};

/// Sign-ins with the right password, two by form and one by the API, sent
/// at once; their statuses, and the 503s' `Retry-After` and messages.
async fn three_at_once(app: &TestApp, email: &str) -> Vec<(u16, Option<String>, String)> {
    let form = || async {
        let r = Client::new(app).sign_in(email, PASSWORD).await;
        let retry = r
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        (r.status().as_u16(), retry, r.text().await.unwrap())
    };
    let api = async {
        let r = reqwest::Client::new()
            .post(app.url("/api/v1/login"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        let retry = r
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        (r.status().as_u16(), retry, r.text().await.unwrap())
    };
    let (a, b, c) = tokio::join!(form(), form(), api);
    vec![a, b, c]
}

#[tokio::test]
async fn sign_ins_past_the_password_bound_get_503_and_are_not_counted_as_guesses() {
    // One password check at a time, a millisecond's wait for a turn; two
    // failures per address, then one an hour: were a refusal counted as a
    // failed guess, two of them would lock the address out.
    let settings = jpoa_tracker::settings::Settings {
        password_checks: 1,
        password_wait: Duration::from_millis(1),
        address_burst: 2,
        address_every: Duration::from_secs(3600),
        ..without_second_factor()
    };
    let app = TestApp::spawn_configured(settings, None).await;
    let email = "kz@example.org";
    app.add_user(email, Role::FocalPoint, Some(crate::helpers::Country::KZ))
        .await;
    let (mut refused, mut signed_in) = (0, 0);
    for _ in 0..4 {
        let started = Instant::now();
        for (status, retry, body) in three_at_once(&app, email).await {
            match status {
                303 | 200 => signed_in += 1,
                503 => {
                    refused += 1;
                    assert_eq!(retry.as_deref(), Some("1"), "{body}");
                    assert!(
                        body.contains("The server is checking many passwords at the moment"),
                        "{body}"
                    );
                    if let Ok(v) = serde_json::from_str::<Value>(&body) {
                        assert_eq!(v["field"], Value::Null, "{v}");
                    } else {
                        assert!(body.contains(r#"value="kz@example.org""#), "{body}");
                    }
                }
                other => panic!("a sign-in got {other}: {body}"),
            }
        }
        // Refused after the wait, not after a request timeout.
        assert!(started.elapsed() < Duration::from_secs(20));
    }
    eprintln!("{signed_in} signed in, {refused} refused at the bound");
    assert!(refused >= 2, "only {refused} of 12 sign-ins met the bound");
    assert_eq!(
        app.count("SELECT count(*) FROM sessions").await,
        signed_in,
        "a refused sign-in starts no session"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'session.sign_in_failed'")
            .await,
        0,
        "a refused sign-in is no failed one"
    );
    // Neither the address nor the account was charged for the refusals.
    let r = app.form_sign_in(email, PASSWORD).await;
    assert_eq!(r.status(), 303);
    let r = app.form_sign_in(email, "a wrong password entirely").await;
    assert_eq!(r.status(), 401);
}

/// A report of `n` synthetic updates, ~500 bytes a row in CSV.
fn with_updates(app: &TestApp, n: &str) {
    let (ok, _, err) = app.run(&["demo-data", "--updates", n, "--seed", "3"]);
    assert!(ok, "{err}");
}

#[tokio::test]
async fn an_xlsx_past_the_bound_gets_503_at_once_and_csv_is_not_held_up() {
    let settings = jpoa_tracker::settings::Settings {
        xlsx_builds: 1,
        ..without_second_factor()
    };
    let app = TestApp::spawn_configured(settings, None).await;
    app.add_user("donor@example.org", Role::Donor, None).await;
    with_updates(&app, "30000");
    let donor = app.login_as("donor@example.org").await;
    let builder = std::sync::Arc::new(app.login_as("donor@example.org").await);
    // While the large file is built, another is refused at once. Tried a
    // few times: the small one may come first and take the turn itself.
    let mut refused = None;
    for _ in 0..5 {
        let b = std::sync::Arc::clone(&builder);
        let big = tokio::spawn(async move { b.get("/reports/progress.xlsx").await });
        while !big.is_finished() {
            let asked = Instant::now();
            let r = donor.get("/reports/status-matrix.xlsx").await;
            if r.status() == 503 {
                refused = Some((asked.elapsed(), r));
                let csv = donor.get("/reports/status-matrix.csv").await;
                assert_eq!(csv.status(), 200, "CSV is not held up by XLSX");
                break;
            }
            assert_eq!(r.status(), 200);
        }
        let big = big.await.unwrap();
        if refused.is_some() {
            assert_eq!(big.status(), 200);
            let bytes = big.bytes().await.unwrap();
            assert!(bytes.starts_with(b"PK"), "a whole zip file");
            break;
        }
        assert!(matches!(big.status().as_u16(), 200 | 503));
    }
    let (took, r) = refused.expect("the second XLSX came while the first was built");
    assert!(took < Duration::from_secs(5), "refused only after {took:?}");
    assert_eq!(r.headers()["retry-after"], "10");
    let page = r.text().await.unwrap();
    assert!(
        page.contains(
            "The server is preparing other files at the moment. Please try again in 10 seconds."
        ),
        "{page}"
    );
    // The turn is given back once the file is built.
    let again = donor.get("/reports/status-matrix.xlsx").await;
    assert_eq!(again.status(), 200);
}

/// The write-ahead log can be folded into the file and emptied: no read
/// transaction holds an older state of the record.
fn wal_truncates(conn: &rusqlite::Connection) -> bool {
    let busy: i64 = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .unwrap();
    busy == 0
}

#[tokio::test]
async fn a_download_nobody_reads_is_cut_at_the_stall_limit_and_its_read_ends() {
    const STALL: Duration = Duration::from_secs(2);
    let settings = jpoa_tracker::settings::Settings {
        download_stall: STALL,
        ..without_second_factor()
    };
    let app = TestApp::spawn_configured(settings, None).await;
    app.add_user("donor@example.org", Role::Donor, None).await;
    with_updates(&app, "20000");
    let token = app.token_for("donor@example.org").await;

    // A client with a tiny receive window that reads the head and stops.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(app.addr).await.unwrap();
    stream
        .write_all(
            format!(
                "GET /reports/progress.csv HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let mut head = [0; 64];
    stream.read_exact(&mut head).await.unwrap();
    assert!(
        head.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    let stalled_at = Instant::now();

    // A commit after the download's read began: its state is now older
    // than the file's, and the log cannot be emptied while it is read.
    app.add_user("later@example.org", Role::Donor, None).await;
    let conn = app.conn();
    conn.busy_timeout(Duration::ZERO).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !wal_truncates(&conn),
        "the stalled download still reads, holding the log"
    );
    let ended = loop {
        if wal_truncates(&conn) {
            break stalled_at.elapsed();
        }
        assert!(
            stalled_at.elapsed() < STALL + Duration::from_secs(10),
            "the stalled download still held its read transaction"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    eprintln!("read ended {ended:?} after the client stopped (limit {STALL:?})");
    assert!(
        ended >= STALL - Duration::from_millis(200),
        "cut after {ended:?}"
    );
    let wal = std::fs::metadata(app.db_path.with_extension("db-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    assert_eq!(wal, 0, "the log was emptied");

    // The connection is closed too, and what came is not a whole body.
    let mut got = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(30), async {
        let mut buf = vec![0; 64 * 1024];
        while let Ok(n @ 1..) = stream.read(&mut buf).await {
            got.extend_from_slice(&buf[..n]);
        }
    })
    .await;
    assert!(closed.is_ok(), "the stalled connection was left open");
    assert!(
        !got.ends_with(b"\r\n0\r\n\r\n"),
        "a cut download never ends like a whole one"
    );
    // The server goes on serving.
    let donor = app.login_as("donor@example.org").await;
    assert_eq!(donor.get("/reports/status-matrix.csv").await.status(), 200);
}
