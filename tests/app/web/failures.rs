//! When something goes wrong: a body that never finishes gets 408, and a
//! server error shows a reference for the log, never the detail.

use std::time::Duration;

use crate::helpers::{AppState, Db, TestApp, serve};

#[tokio::test]
async fn a_request_whose_body_never_finishes_gets_408_and_changes_nothing() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("slow.db")).unwrap();
    let state = AppState::new(db.clone()).with_request_timeout(Duration::from_millis(500));
    let addr = serve(state).await;
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    // A sign-in form that promises 100 bytes and sends 10.
    s.write_all(
        b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
          Content-Length: 100\r\n\r\nemail=a%40b",
    )
    .await
    .unwrap();
    let mut answer = vec![0; 64];
    let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut answer))
        .await
        .expect("an answer within the limit")
        .unwrap();
    let head = String::from_utf8_lossy(&answer[..n]).into_owned();
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    let audited: i64 = db
        .read(|c| Ok(c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert_eq!(audited, 0);
}

#[tokio::test]
async fn a_server_error_shows_a_reference_for_the_log_and_never_the_detail() {
    let app = TestApp::with_standard_users().await;
    let donor = app.login_as("donor@example.org").await;
    let token = app.token_for("donor@example.org").await;
    // A fault the app cannot answer for: a table gone from under it.
    app.conn()
        .execute_batch("ALTER TABLE tracks RENAME TO tracks_gone")
        .unwrap();
    let (status, page) = donor.get_text("/").await;
    assert_eq!(status, 500);
    assert!(page.contains("reference"), "{page}");
    assert!(
        !page.contains("pillars") && !page.contains("no such"),
        "{page}"
    );
    let r = app.get_with_token(&token, "/api/v1/commitments").await;
    assert_eq!(r.status(), 500);
    let v: serde_json::Value = r.json().await.unwrap();
    let said = v["error"].as_str().unwrap();
    assert!(said.starts_with("internal error; reference "), "{v}");
    assert!(!said.contains("no such") && !said.contains("SELECT"), "{v}");
}
