//! What the server writes to its log: never a secret, even at debug level.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;

use serde_json::{Value, json};

use crate::helpers::{bin, run};

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

/// The path of the link `user invite` prints, should the mail not arrive.
fn invitation_path(out: &str) -> String {
    let token = out
        .lines()
        .find_map(|l| l.split_once("/setup/").map(|(_, t)| t.trim().to_owned()))
        .expect("user invite prints the link");
    format!("/setup/{token}")
}

/// Runs `user add` for these accounts, each with `password`.
fn add_accounts(db: &std::path::Path, password: &str, accounts: &[(&str, &str, Option<&str>)]) {
    for (email, role, country) in accounts {
        let mut args = vec!["user", "add", "--email", email, "--name", "Test Person"];
        args.extend(["--role", role]);
        args.extend(country.map(|c| ["--country", c]).into_iter().flatten());
        let (ok, _, err) = run(&args, db, &format!("{password}\n"));
        assert!(ok, "{err}");
    }
}

#[tokio::test]
async fn json_log_lines_carry_the_request_id_and_never_a_password_token_or_link() {
    const PASSWORD: &str = "quartz lantern orbit 7731";
    const WRONG: &str = "wrong but secret 5519";
    const CHOSEN: &str = "seven quiet rivers of Almaty";
    const METRICS: &str = "metrics-token-never-logged-0099";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    // An administrator already, so that the server prints no setup link;
    // the invitation's link is printed by `user invite`, not by the server.
    add_accounts(
        &db,
        PASSWORD,
        &[
            ("admin@example.org", "admin", None),
            ("kz@example.org", "focal-point", Some("KZ")),
        ],
    );
    let invite = [
        "user",
        "invite",
        "--email",
        "donor@example.org",
        "--name",
        "A Donor",
        "--role",
        "donor",
    ];
    let (ok, out, err) = run(&invite, &db, "");
    assert!(ok, "{err}");
    let setup = invitation_path(&out);

    let mut child = bin()
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--account-burst",
            "1",
            "--db",
        ])
        .arg(&db)
        .env("JPOA_LOG", "debug")
        .env("JPOA_LOG_FORMAT", "json")
        .env("JPOA_METRICS_TOKEN", METRICS)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read as it comes, so that a full pipe never holds the server up.
    let mut stderr = child.stderr.take().unwrap();
    let log = std::thread::spawn(move || {
        let mut log = String::new();
        stderr.read_to_string(&mut log).unwrap();
        log
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let started: Value = serde_json::from_str(&first).expect("a JSON line");
    let base = started["address"].as_str().expect("where it listens");
    let url = |p: &str| format!("{}{p}", base.trim_end_matches('/'));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut ids = BTreeSet::new();
    let mut status = |r: &reqwest::Response| {
        ids.insert(r.headers()["x-request-id"].to_str().unwrap().to_owned());
        r.status().as_u16()
    };

    // An API token for a password, and the token used.
    let login = json!({"email": "kz@example.org", "password": PASSWORD});
    let r = http
        .post(url("/api/v1/login"))
        .json(&login)
        .send()
        .await
        .unwrap();
    assert_eq!(status(&r), 200);
    let token = r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = http
        .get(url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(status(&r), 200);
    // Sign-ins with a password: right, wrong, and one the throttle refuses.
    for (password, expected) in [(PASSWORD, 303), (WRONG, 401), (WRONG, 401), (WRONG, 429)] {
        let form = [("email", "kz@example.org"), ("password", password)];
        let r = http.post(url("/login")).form(&form).send().await.unwrap();
        assert_eq!(status(&r), expected);
    }
    // The invitation's one-time link, opened and used.
    let r = http.get(url(&setup)).send().await.unwrap();
    assert_eq!(status(&r), 200);
    let form = [("password", CHOSEN), ("password2", CHOSEN)];
    let r = http.post(url(&setup)).form(&form).send().await.unwrap();
    assert_eq!(status(&r), 303);
    let r = http
        .get(url("/metrics"))
        .bearer_auth(METRICS)
        .send()
        .await
        .unwrap();
    assert_eq!(status(&r), 200);

    // Stopped as systemd stops it, so that its last line is written too.
    let stopped = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let log = log.join().unwrap();
    assert!(child.wait().unwrap().success());
    let out = format!("{first}{rest}");

    let mut seen = BTreeSet::new();
    for line in out.lines().chain(log.lines()) {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not one JSON object ({e}): {line}"));
        assert!(
            v["level"].is_string() && v["timestamp"].is_string() && v["message"].is_string(),
            "level, time and message: {line}"
        );
        // A line written while a request is answered names it.
        if let Some(spans) = v.get("spans") {
            let request = spans
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["name"] == "request")
                .unwrap_or_else(|| panic!("a request span: {line}"));
            let id = request["id"]
                .as_str()
                .unwrap_or_else(|| panic!("its id: {line}"));
            assert!(
                ids.contains(id),
                "{id} answered no request of the test: {line}"
            );
            seen.insert(id.to_owned());
        }
        for secret in [PASSWORD, WRONG, CHOSEN, METRICS, &token, &setup[7..]] {
            assert!(!line.contains(secret), "a secret in the log: {line}");
        }
    }
    assert_eq!(seen, ids, "each request has its lines, with its id");
    assert!(
        log.contains(r#""path":"/setup/…""#),
        "the link's path, masked: {log}"
    );
    assert!(
        log.contains("sign-in throttled"),
        "the throttle's warning is a request line too"
    );
    assert!(
        out.lines().last().unwrap().contains("jpoa-tracker stopped"),
        "{out}"
    );
}
