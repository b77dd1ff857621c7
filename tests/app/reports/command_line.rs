//! `jpoa-tracker export`: the same bytes as the download, every accepted
//! update.

use super::setup;
use crate::helpers::{accepted, query_value, run};

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
