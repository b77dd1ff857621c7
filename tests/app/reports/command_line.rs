//! `jpoa-tracker export`: the same bytes as the download, every accepted
//! update.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use super::setup;
use crate::helpers::{accepted, bin, col, query_value, run};

#[tokio::test]
async fn the_command_line_export_is_byte_for_byte_the_download() {
    let (app, donor) = setup().await;
    let track = app.track("P1.01", "REG").await;
    accepted(
        &app,
        track,
        "2022-H2",
        "limited",
        "2023-02-01T09:00:00Z",
        "Региональный семинар, Алматы",
    );
    let dir = tempfile::tempdir().unwrap();
    for (name, query, flags) in [
        ("progress", "", vec![]),
        (
            "commitments",
            "?country=REG&as_of=2023-12-31",
            vec!["--country", "REG", "--as-of", "2023-12-31"],
        ),
        ("status-matrix", "?pillar=1", vec!["--pillar", "1"]),
        (
            "timeline",
            "?from=2022&to=2024",
            vec!["--from", "2022", "--to", "2024"],
        ),
    ] {
        let web = donor
            .get_bytes(&format!("/reports/{name}.csv{query}"))
            .await;
        let out = dir.path().join(format!("{name}.csv"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_jpoa-tracker"))
            .args(["export", name, "--db"])
            .arg(&app.db_path)
            .arg("--out")
            .arg(&out)
            .args(&flags)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let file = std::fs::read(&out).unwrap();
        assert_eq!(file, web.to_vec(), "{name}{query}");
    }
}

#[test]
fn the_progress_export_has_every_accepted_update() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("demo.db");
    let out = dir.path().join("progress.csv");
    let (ok, _, err) = run(
        &["demo-data", "--updates", "10000", "--seed", "1"],
        &db_path,
        "",
    );
    assert!(ok, "{err}");
    let (ok, _, err) = run(
        &["export", "progress", "--out", out.to_str().unwrap()],
        &db_path,
        "",
    );
    assert!(ok, "{err}");
    let accepted: i64 = query_value(
        &db_path,
        "SELECT count(*) FROM updates WHERE state = 'accepted'",
    );
    assert!(
        accepted > 8_000,
        "demo-data makes nine in ten accepted: {accepted}"
    );
    let mut reader = csv::ReaderBuilder::new().from_path(&out).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.get(0), Some("update_id"));
    let mut rows = 0i64;
    let mut last = 0i64;
    for record in reader.records() {
        let record = record.unwrap();
        let id: i64 = record[0].parse().unwrap();
        assert!(id > last, "rows in the order written");
        last = id;
        rows += 1;
    }
    assert_eq!(rows, accepted);
}

/// What pandas' `parse_dates` needs to read a whole column: one format.
fn with_milliseconds(t: &str) -> bool {
    t.len() == 24
        && t.as_bytes()[19] == b'.'
        && chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.3fZ").is_ok()
}

#[test]
fn every_time_in_the_demo_data_and_its_export_has_milliseconds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    // `serve --demo` writes the example progress before it serves.
    let mut server = bin()
        .args(["serve", "--addr", "127.0.0.1:0", "--demo", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let serving = BufReader::new(server.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .any(|l| l.starts_with("jpoa-tracker is serving"));
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(serving, "serve --demo started");
    let examples: i64 = query_value(&db, "SELECT count(*) FROM updates WHERE is_demo = 1");
    assert!(examples > 0, "serve --demo wrote example progress");
    // And the synthetic load.
    let (ok, _, err) = run(&["demo-data", "--updates", "300", "--seed", "2"], &db, "");
    assert!(ok, "{err}");

    // Stored that way, not only exported that way.
    let ms = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'";
    let odd: i64 = query_value(
        &db,
        &format!(
            "SELECT count(*) FROM updates WHERE submitted_at NOT GLOB {ms}
                OR reviewed_at NOT GLOB {ms} OR created_at NOT GLOB {ms}"
        ),
    );
    assert_eq!(odd, 0, "every stored time has milliseconds");

    let out = dir.path().join("progress.csv");
    let (ok, _, err) = run(
        &["export", "progress", "--out", out.to_str().unwrap()],
        &db,
        "",
    );
    assert!(ok, "{err}");
    let mut reader = csv::ReaderBuilder::new().from_path(&out).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = 0i64;
    for record in reader.records() {
        let record = record.unwrap();
        for name in ["submitted_at", "reviewed_at"] {
            let t = &record[col(&header, name)];
            assert!(with_milliseconds(t), "{name} {t:?}");
        }
        rows += 1;
    }
    let accepted: i64 = query_value(&db, "SELECT count(*) FROM updates WHERE state = 'accepted'");
    assert!(accepted > 200, "{accepted}");
    assert_eq!(rows, accepted, "every accepted update was looked at");
}
