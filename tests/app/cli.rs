//! The command line of CONTRACT.md, run as the real binary: accounts,
//! serving, synthetic data and backups.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use crate::helpers::{bin, query_value, run};

fn count(db: &Path, sql: &str) -> i64 {
    query_value(db, sql)
}

/// A small synthetic load with synthetic commitments, the same each time.
const SYNTHETIC: &[&str] = &[
    "demo-data",
    "--updates",
    "3000",
    "--commitments",
    "30",
    "--seed",
    "7",
];

fn text(db: &Path, sql: &str) -> String {
    query_value(db, sql)
}

#[test]
fn user_add_reads_the_password_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (ok, out, err) = run(
        &[
            "user",
            "add",
            "--email",
            "KZ@Example.org",
            "--name",
            "Айгерим",
            "--role",
            "focal-point",
            "--country",
            "KZ",
        ],
        &db,
        "a long enough password\n",
    );
    assert!(ok, "{err}");
    assert!(out.contains("kz@example.org"));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM users WHERE email = 'kz@example.org' AND country = 'KZ' AND password_hash LIKE '$argon2id$%'"
        ),
        1
    );

    for (args, input, why) in [
        (
            vec![
                "--email",
                "a@example.org",
                "--name",
                "A",
                "--role",
                "focal-point",
            ],
            "a long enough password\n",
            "country",
        ),
        (
            vec!["--email", "b@example.org", "--name", "B", "--role", "donor"],
            "short\n",
            "at least 12",
        ),
        (
            vec!["--email", "c@example.org", "--name", "C", "--role", "king"],
            "a long enough password\n",
            "role",
        ),
        (
            vec![
                "--email",
                "kz@example.org",
                "--name",
                "D",
                "--role",
                "donor",
            ],
            "a long enough password\n",
            "already exists",
        ),
    ] {
        let mut full = vec!["user", "add"];
        full.extend(args);
        let (ok, _, err) = run(&full, &db, input);
        assert!(!ok);
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(err.contains(why), "{err}");
    }
    assert_eq!(count(&db, "SELECT count(*) FROM users"), 1);
}

#[test]
fn user_add_refuses_a_guessable_password() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let args = [
        "user",
        "add",
        "--email",
        "a@example.org",
        "--name",
        "A",
        "--role",
        "admin",
    ];
    let (ok, _, err) = run(&args, &db, "password1234\n");
    assert!(!ok && err.contains("too easy to guess"), "{err}");
    let (ok, _, err) = run(&args, &db, "a@example.org123\n");
    assert!(!ok, "made of the address: {err}");
    let (ok, out, err) = run(&args, &db, "seven quiet rivers of Almaty\n");
    assert!(ok, "{err}");
    assert!(out.contains("created admin"));
}

#[test]
fn serve_prints_a_one_time_setup_link_and_demo_data_and_backup_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("j.db");
    let mut child = bin()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut link = None;
    let mut url = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.contains("/setup/") {
            link = Some(line.trim().to_owned());
        }
        if line.starts_with("jpoa-tracker is serving") {
            url = Some(line.rsplit(' ').next().unwrap().to_owned());
            break;
        }
    }
    let link = link.expect("a setup link is printed when there is no administrator");
    let url = url.expect("the URL is printed");
    assert!(link.starts_with(url.trim_end_matches('/')));
    let body = std::process::Command::new("curl")
        .args(["-s", &link])
        .output();
    if let Ok(out) = body {
        assert!(String::from_utf8_lossy(&out.stdout).contains("Create the first administrator"));
    }
    assert_eq!(
        count(&db, "SELECT count(*) FROM commitments"),
        40,
        "a new database is seeded"
    );

    // Synthetic load and a backup while the server runs.
    let schema = "SELECT group_concat(name || sql, ';') FROM (SELECT name, sql FROM sqlite_master ORDER BY name)";
    let schema_before = text(&db, schema);
    let (ok, out, err) = run(SYNTHETIC, &db, "");
    assert!(ok, "{err}");
    assert!(out.contains("added 30 synthetic commitments"), "{out}");
    assert!(out.contains("added 3000"));
    assert!(err.contains("3000/3000"), "shows progress: {err}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM updates WHERE is_demo = 1"),
        3000
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM commitments c JOIN documents d ON d.id = c.document_id
             WHERE d.code = 'SYNTHETIC-LOAD-TEST' AND c.illustrative = 1"
        ),
        30,
        "synthetic commitments belong to a document that says so"
    );
    assert!(
        count(
            &db,
            "SELECT count(*) FROM tracks t JOIN commitments c ON c.id = t.commitment_id
             WHERE c.code LIKE 'S0%'"
        ) >= 150,
        "each synthetic commitment is tracked by the five states"
    );
    assert!(
        count(
            &db,
            "SELECT count(DISTINCT u.track_id) FROM updates u JOIN tracks t ON t.id = u.track_id
             JOIN commitments c ON c.id = t.commitment_id WHERE c.code LIKE 'S0%'"
        ) > 100,
        "updates go to the synthetic tracks too"
    );
    assert_eq!(
        text(&db, schema),
        schema_before,
        "the triggers set aside for the bulk insert are back, unchanged"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM update_counts k
             WHERE n <> (SELECT count(*) FROM updates u WHERE u.state = k.state)"
        ),
        0,
        "the kept counts agree with the updates"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'demo.data'"
        ),
        1
    );
    // The same seed on a copy of the same database gives the same rows.
    let fingerprint =
        "SELECT group_concat(track_id || period || status || state || submitted_at, ',')
                       FROM (SELECT * FROM updates ORDER BY id)";
    let again = dir.path().join("again.db");
    let (ok, _, err) = run(SYNTHETIC, &again, "");
    assert!(ok, "{err}");
    assert_eq!(
        text(&again, fingerprint),
        text(&db, fingerprint),
        "deterministic"
    );
    let copy = dir.path().join("backup.db");
    let (ok, out, err) = run(&["backup", "--to", copy.to_str().unwrap()], &db, "");
    assert!(ok, "{err}");
    assert!(out.contains("integrity check ok"));
    assert_eq!(count(&copy, "SELECT count(*) FROM updates"), 3000);
    let (ok, _, err) = run(&["backup", "--to", copy.to_str().unwrap()], &db, "");
    assert!(
        !ok && err.contains("exists already"),
        "never overwrites: {err}"
    );
    let (ok, _, err) = run(&["export", "progress", "--pillar", "9"], &db, "");
    assert!(!ok && err.contains("pillar"), "{err}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn serve_refuses_a_base_url_that_is_not_http() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (ok, _, err) = run(
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--base-url",
            "ftp://x.example",
        ],
        &db,
        "",
    );
    assert!(!ok);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("base URL"), "{err}");
}

#[test]
fn serve_refuses_a_setting_out_of_its_range_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    for bad in [
        ["--readers", "0"],
        ["--session-idle", "0s"],
        ["--request-timeout", "soon"],
    ] {
        let mut args = vec!["serve", "--addr", "127.0.0.1:0"];
        args.extend(bad);
        let (ok, _, err) = run(&args, &db, "");
        assert!(!ok, "{bad:?}");
        assert!(err.contains(bad[0]), "{bad:?}: {err}");
    }
    assert!(!db.exists(), "nothing was opened");
}
