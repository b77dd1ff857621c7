//! The four CSV reports: contract columns, Excel safety, filters, as-of
//! reconstruction, and values that round-trip exactly.

use jpoa_tracker::domain::{Country, Role};

use crate::helpers::{Client, TestApp, accepted, col, parse_csv};

async fn setup() -> (TestApp, Client) {
    let app = TestApp::spawn().await;
    app.add_user("kz@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    app.add_user("rev@example.org", Role::Reviewer, None).await;
    app.add_user("donor@example.org", Role::Donor, None).await;
    let donor = app.browser_as("donor@example.org").await;
    (app, donor)
}

async fn csv(c: &Client, path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let r = c.get(path).await;
    assert_eq!(r.status(), 200, "{path}");
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let cd = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cd.starts_with("attachment; filename=\"jpoa-"), "{cd}");
    parse_csv(&r.bytes().await.unwrap())
}

#[tokio::test]
async fn reports_have_the_contract_columns_and_consistent_counts() {
    let (app, donor) = setup().await;
    let contract: [(&str, &[&str]); 4] = [
        (
            "commitments",
            &[
                "commitment_code",
                "commitment_title",
                "pillar",
                "theme",
                "country",
                "target_year",
                "status",
                "last_accepted_period",
            ],
        ),
        (
            "progress",
            &[
                "update_id",
                "commitment_code",
                "pillar",
                "country",
                "period",
                "status",
                "narrative_en",
                "narrative_ru",
                "evidence_url",
                "submitted_by",
                "submitted_at",
                "reviewed_by",
                "reviewed_at",
            ],
        ),
        (
            "status-matrix",
            &[
                "pillar",
                "country",
                "no_information",
                "not_started",
                "limited",
                "substantial",
                "complete",
                "total",
            ],
        ),
        (
            "timeline",
            &[
                "year",
                "pillar",
                "country",
                "no_information",
                "not_started",
                "limited",
                "substantial",
                "complete",
            ],
        ),
    ];
    for (name, columns) in contract {
        let (header, _) = csv(&donor, &format!("/reports/{name}.csv")).await;
        assert_eq!(
            &header[..columns.len()],
            columns,
            "{name} starts with the contract's columns in order"
        );
    }
    let tracks = app.count("SELECT count(*) FROM tracks").await as usize;
    let (_, rows) = csv(&donor, "/reports/commitments.csv").await;
    assert_eq!(rows.len(), tracks, "one row per track");
    let (h, rows) = csv(&donor, "/reports/status-matrix.csv").await;
    assert_eq!(rows.len(), 4 * 6, "one row per pillar × country");
    let total: usize = rows
        .iter()
        .map(|r| r[col(&h, "total")].parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, tracks);
    let (h, rows) = csv(&donor, "/reports/timeline.csv").await;
    assert_eq!(
        rows.len(),
        10 * 4 * 6,
        "one row per year × pillar × country"
    );
    assert_eq!(rows[0][col(&h, "year")], "2022");
    assert_eq!(rows.last().unwrap()[col(&h, "year")], "2031");
    let (_, rows) = csv(&donor, "/reports/status-matrix.csv?pillar=2&country=TJ").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][..2], ["2".to_owned(), "TJ".to_owned()]);
    for bad in [
        "pillar=0",
        "country=XX",
        "status=maybe",
        "from=2020",
        "as_of=yesterday",
        "to=2023&from=2024",
    ] {
        let r = donor.get(&format!("/reports/progress.csv?{bad}")).await;
        assert_eq!(r.status(), 422, "{bad}");
    }
}

#[tokio::test]
async fn stored_text_round_trips_and_formulas_are_neutralised() {
    let (app, donor) = setup().await;
    let track = app.track("P2.03", "KZ").await;
    let tricky = "Line one, with comma; \"quoted\"\r\nЛиния два — Кыргызстан 🇰🇬 <b>x</b>";
    let id1 = accepted(
        &app,
        track,
        "2023",
        "limited",
        "2024-01-15T10:00:00Z",
        tricky,
    );
    let id2 = accepted(
        &app,
        track,
        "2024",
        "substantial",
        "2025-01-15T10:00:00Z",
        "=HYPERLINK(\"http://evil\",\"x\")",
    );
    let id3 = accepted(
        &app,
        track,
        "2024-H1",
        "limited",
        "2024-08-15T10:00:00Z",
        "-2+3",
    );
    let (h, rows) = csv(&donor, "/reports/progress.csv").await;
    let find = |id: i64| {
        rows.iter()
            .find(|r| r[col(&h, "update_id")] == id.to_string())
            .unwrap()
            .clone()
    };
    assert_eq!(find(id1)[col(&h, "narrative_en")], tricky);
    assert_eq!(
        find(id2)[col(&h, "narrative_en")],
        "'=HYPERLINK(\"http://evil\",\"x\")"
    );
    assert_eq!(find(id3)[col(&h, "narrative_en")], "'-2+3");
    assert_eq!(
        find(id1)[col(&h, "pillar")],
        "2",
        "generated numbers are left alone"
    );
    assert_eq!(find(id1)[col(&h, "reviewed_at")], "2024-01-15T10:00:00Z");
}

#[tokio::test]
async fn as_of_reconstructs_the_record_and_a_later_correction_counts_from_its_date() {
    let (app, donor) = setup().await;
    let track = app.track("P3.09", "KZ").await;
    accepted(
        &app,
        track,
        "2023",
        "limited",
        "2024-01-20T09:00:00Z",
        "first report",
    );
    // A correction of the same period, accepted a year later.
    accepted(
        &app,
        track,
        "2023",
        "substantial",
        "2025-02-01T09:00:00Z",
        "correction",
    );
    accepted(
        &app,
        track,
        "2025-H1",
        "complete",
        "2025-08-01T09:00:00Z",
        "done",
    );

    let status_on = |day: &'static str| {
        let donor = &donor;
        async move {
            let q = if day.is_empty() {
                String::new()
            } else {
                format!("&as_of={day}")
            };
            let (h, rows) = csv(
                donor,
                &format!("/reports/commitments.csv?country=KZ&pillar=3{q}"),
            )
            .await;
            let row = rows
                .iter()
                .find(|r| r[col(&h, "commitment_code")] == "P3.09")
                .unwrap()
                .clone();
            (
                row[col(&h, "status")].clone(),
                row[col(&h, "last_accepted_period")].clone(),
            )
        }
    };
    assert_eq!(
        status_on("2024-01-19").await,
        ("no_information".into(), String::new())
    );
    assert_eq!(
        status_on("2024-01-20").await,
        ("limited".into(), "2023".into()),
        "counts from the end of its day"
    );
    assert_eq!(
        status_on("2025-01-31").await,
        ("limited".into(), "2023".into())
    );
    assert_eq!(
        status_on("2025-02-01").await,
        ("substantial".into(), "2023".into()),
        "the correction replaces it from its date"
    );
    assert_eq!(
        status_on("2025-08-01").await,
        ("complete".into(), "2025-H1".into())
    );
    assert_eq!(status_on("").await, ("complete".into(), "2025-H1".into()));

    let (h, rows) = csv(&donor, "/reports/progress.csv?as_of=2024-12-31").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][col(&h, "narrative_en")], "first report");

    // The timeline gives the status at the end of each year, by period.
    let (h, rows) = csv(&donor, "/reports/timeline.csv?pillar=3&country=KZ").await;
    let at = |year: &str, status: &str| {
        rows.iter().find(|r| r[col(&h, "year")] == year).unwrap()[col(&h, status)].clone()
    };
    assert_eq!(at("2022", "substantial"), "0");
    assert_eq!(at("2023", "substantial"), "1");
    assert_eq!(at("2024", "substantial"), "1");
    assert_eq!(at("2025", "complete"), "1");
    assert_eq!(at("2031", "complete"), "1");

    // Period filters: only updates for periods inside from..=to count.
    let (h, rows) = csv(&donor, "/reports/progress.csv?from=2025&to=2025-H2").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][col(&h, "period")], "2025-H1");
    let (_, rows) = csv(&donor, "/reports/progress.csv?country=UZ").await;
    assert!(rows.is_empty());
    let (_, rows) = csv(&donor, "/reports/progress.csv?status=substantial").await;
    assert_eq!(rows.len(), 1);
}

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
            .get(&format!("/reports/{name}.csv{query}"))
            .await
            .bytes()
            .await
            .unwrap();
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

#[tokio::test]
async fn a_long_track_history_shows_the_newest_and_links_to_all() {
    let (app, donor) = setup().await;
    let track = app.track("P2.03", "UZ").await;
    for i in 0..25 {
        let year = 2022 + i / 3;
        let period = match i % 3 {
            0 => format!("{year}-H1"),
            1 => format!("{year}-H2"),
            _ => year.to_string(),
        };
        accepted(
            &app,
            track,
            &period,
            "limited",
            &format!("2031-01-{:02}T00:00:00Z", i + 1),
            &format!("entry number {i}"),
        );
    }
    let cid = app
        .count("SELECT id FROM commitments WHERE code = 'P2.03'")
        .await;
    let (status, page) = donor.get_text(&format!("/commitments/{cid}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Showing the latest 20 updates."));
    assert!(page.contains("entry number 24"), "newest first");
    assert!(!page.contains("entry number 0<"), "the oldest is not shown");
    let (_, all) = donor
        .get_text(&format!("/commitments/{cid}?all={track}"))
        .await;
    assert!(all.contains("entry number 0<") && !all.contains("Showing the latest"));
    let (status, _) = donor.get_text(&format!("/commitments/{cid}?all=abc")).await;
    assert_eq!(status, 200, "a bad 'all' is ignored");
}
