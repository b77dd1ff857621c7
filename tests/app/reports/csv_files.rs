//! The CSV reports: contract columns, consistent counts, values that
//! round-trip exactly, neutralised formulas, semicolons.

use super::{csv, setup};
use crate::helpers::{accepted, col, parse_csv};

/// The progress report's row of update `id`.
fn update_row(header: &[String], rows: &[Vec<String>], id: i64) -> Vec<String> {
    rows.iter()
        .find(|r| r[col(header, "update_id")] == id.to_string())
        .unwrap_or_else(|| panic!("no row for update {id}"))
        .clone()
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
    let find = |id: i64| update_row(&h, &rows, id);
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
}

#[tokio::test]
async fn times_stored_in_whole_seconds_are_exported_with_milliseconds() {
    let (app, donor) = setup().await;
    let track = app.track("P2.03", "KZ").await;
    // As the demo data of earlier versions stored them.
    let old = accepted(
        &app,
        track,
        "2023",
        "limited",
        "2024-01-15T10:00:00Z",
        "old",
    );
    let new = accepted(
        &app,
        track,
        "2024",
        "limited",
        "2025-01-15T10:00:00.250Z",
        "new",
    );
    let (h, rows) = csv(&donor, "/reports/progress.csv").await;
    let find = |id: i64| update_row(&h, &rows, id);
    for name in ["submitted_at", "reviewed_at"] {
        assert_eq!(
            find(old)[col(&h, name)],
            "2024-01-15T10:00:00.000Z",
            "{name}"
        );
        assert_eq!(
            find(new)[col(&h, name)],
            "2025-01-15T10:00:00.250Z",
            "{name}"
        );
    }
}

#[tokio::test]
async fn semicolon_csv_has_the_same_records() {
    let (app, donor) = setup().await;
    let track = app.track("P1.01", "KZ").await;
    accepted(
        &app,
        track,
        "2024",
        "limited",
        "2025-01-10T09:30:15.250Z",
        "a; b, c",
    );
    for report in ["commitments", "progress", "status-matrix", "timeline"] {
        let comma = donor.get_bytes(&format!("/reports/{report}.csv")).await;
        let r = donor
            .get(&format!("/reports/{report}.csv?sep=semicolon"))
            .await;
        assert_eq!(r.status(), 200);
        let cd = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(cd.contains("-semicolon.csv\""), "{cd}");
        let semi = r.bytes().await.unwrap();
        assert!(semi.starts_with(b"\xEF\xBB\xBF"));
        let first_line = semi.split(|b| *b == b'\n').next().unwrap();
        assert!(
            !first_line.contains(&b','),
            "{report}: the header is split by ;"
        );
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&semi[3..]);
        let semi_rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(semi_rows, parse_csv(&comma).1, "{report}");
    }
    assert_eq!(
        donor.get("/reports/progress.csv?sep=tab").await.status(),
        422
    );
}

#[tokio::test]
async fn the_reports_page_says_why_some_csv_text_begins_with_an_apostrophe() {
    let (_app, donor) = setup().await;
    let (status, page) = donor.get_text("/reports").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("so that no spreadsheet runs it as a formula"),
        "{page}"
    );
    assert!(
        page.contains("<code>df[col] = df[col].str.replace("),
        "{page}"
    );
    let r = donor
        .post_form("/language", &[("lang", "ru"), ("next", "/reports")])
        .await;
    assert_eq!(r.status(), 303);
    let (_, page) = donor.get_text("/reports").await;
    assert!(
        page.contains("ставится апостроф") && page.contains("<code>df[col]"),
        "{page}"
    );
}
