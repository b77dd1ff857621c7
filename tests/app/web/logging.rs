//! What the server writes to its log: never a secret, even at debug level.

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;

use crate::helpers::bin;

#[tokio::test]
async fn one_time_link_secrets_never_reach_the_log_even_at_debug_level() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let mut child = bin()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .env("JPOA_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut link = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.contains("/setup/") {
            link = Some(line.trim().to_owned());
        }
        if line.starts_with("jpoa-tracker is serving") {
            break;
        }
    }
    let link = link.expect("a setup link is printed");
    let token = link.rsplit('/').next().unwrap().to_owned();
    assert!(token.len() >= 20, "{link}");
    let http = reqwest::Client::new();
    let page = http.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let refused = http
        .post(&link)
        .form(&[("email", "not an address"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let x_request_id = page.headers()["x-request-id"].to_str().unwrap().to_owned();

    child.kill().unwrap();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    child.wait().unwrap();
    assert!(
        log.contains("/setup/…"),
        "the requests are logged, their secret masked: {log}"
    );
    assert!(!log.contains(&token), "the secret is in the log:\n{log}");
    // The request id names the request, not the server's process.
    let pid = format!("{:x}", child.id());
    assert!(
        !x_request_id.starts_with(&format!("{pid}-")),
        "{x_request_id} starts with the process id {pid}"
    );
}
