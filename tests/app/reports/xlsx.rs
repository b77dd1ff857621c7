//! XLSX and the language of name columns: read back with a spreadsheet
//! reader (calamine) and compared with the CSV of the same rows.

use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx};

use super::setup;
use crate::helpers::{Client, accepted, col, parse_csv};

async fn xlsx(c: &Client, path: &str) -> Xlsx<Cursor<Vec<u8>>> {
    let r = c.get(path).await;
    assert_eq!(r.status(), 200, "{path}");
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let cd = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cd.contains(".xlsx\""), "{cd}");
    let bytes = r.bytes().await.unwrap().to_vec();
    Xlsx::new(Cursor::new(bytes)).expect("a readable XLSX file")
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, got {other:?}"),
    }
}

#[tokio::test]
async fn xlsx_holds_the_stored_values_with_types_and_an_about_sheet() {
    let (app, donor) = setup().await;
    let track = app.track("P1.01", "KZ").await;
    let narrative = "=HYPERLINK(\"x\") Пресс-релиз 🚀, \"кавычки\"";
    let id = accepted(
        &app,
        track,
        "2024-H2",
        "limited",
        "2025-01-10T09:30:15.250Z",
        narrative,
    );

    let mut book = xlsx(&donor, "/reports/progress.xlsx?country=KZ").await;
    assert_eq!(book.sheet_names(), vec!["Report", "About"]);
    let sheet = book.worksheet_range("Report").unwrap();
    let (_, csv_rows) = parse_csv(&donor.get_bytes("/reports/progress.csv?country=KZ").await);
    let (csv_header, _) = parse_csv(&donor.get_bytes("/reports/progress.csv").await);
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header, csv_header, "same columns as the CSV");
    assert_eq!(rows.len(), 2, "header and the one accepted update");
    assert_eq!(csv_rows.len(), 1);
    let row = rows[1];
    let at = |name: &str| &row[col(&header, name)];
    // Numbers are numbers, not text.
    assert!(
        matches!(at("update_id"), Data::Float(_) | Data::Int(_)),
        "{:?}",
        at("update_id")
    );
    assert_eq!(at("update_id").as_f64(), Some(id as f64));
    assert_eq!(at("pillar").as_f64(), Some(1.0));
    // Text is kept exactly, formula-like text included: a string cell is
    // never evaluated, so XLSX needs no neutralising quote.
    assert_eq!(text(at("narrative_en")), narrative);
    assert_eq!(text(at("period")), "2024-H2");
    assert_eq!(text(at("country_name")), "Kazakhstan");
    // Dates are dates.
    assert!(
        matches!(at("reviewed_at"), Data::DateTime(_)),
        "{:?}",
        at("reviewed_at")
    );
    let reviewed = at("reviewed_at").as_datetime().expect("a date-time cell");
    assert_eq!(
        reviewed.format("%Y-%m-%d %H:%M:%S").to_string(),
        "2025-01-10 09:30:15"
    );

    let about = book.worksheet_range("About").unwrap();
    let lines: Vec<(String, String)> = about.rows().map(|r| (text(&r[0]), text(&r[1]))).collect();
    let get = |k: &str| {
        lines
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(get("Report").as_deref(), Some("progress"));
    assert_eq!(get("Rows").as_deref(), Some("1"));
    assert_eq!(get("Filter: country").as_deref(), Some("KZ"));
    assert_eq!(get("Snapshot").as_deref(), Some("none (live)"));
    assert!(get("Generated at (UTC)").is_some_and(|g| g.ends_with('Z')));
}

#[tokio::test]
async fn every_report_comes_as_xlsx_with_the_csv_values() {
    let (app, donor) = setup().await;
    let track = app.track("P2.01", "UZ").await;
    accepted(
        &app,
        track,
        "2023",
        "substantial",
        "2024-01-05T10:00:00.000Z",
        "ok",
    );
    for report in ["commitments", "progress", "status-matrix", "timeline"] {
        let q = "?as_of=2024-12-31&pillar=2";
        let (header, csv_rows) =
            parse_csv(&donor.get_bytes(&format!("/reports/{report}.csv{q}")).await);
        let mut book = xlsx(&donor, &format!("/reports/{report}.xlsx{q}")).await;
        let sheet = book.worksheet_range("Report").unwrap();
        let rows: Vec<Vec<String>> = sheet
            .rows()
            .map(|r| {
                r.iter()
                    .map(|d| match d {
                        Data::Float(f) => format!("{f}"),
                        Data::Int(i) => i.to_string(),
                        Data::String(s) => s.clone(),
                        Data::Empty => String::new(),
                        Data::DateTime(_) => d
                            .as_datetime()
                            .unwrap()
                            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                            .to_string(),
                        other => panic!("{report}: unexpected {other:?}"),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(rows[0], header, "{report}");
        assert_eq!(rows.len() - 1, csv_rows.len(), "{report}");
        assert_eq!(
            &rows[1..],
            &csv_rows[..],
            "{report}: same values as the CSV"
        );
    }
    // A semicolon is only for CSV; an unknown extension is unknown.
    assert_eq!(
        donor
            .get("/reports/progress.xlsx?sep=semicolon")
            .await
            .status(),
        422
    );
    assert_eq!(donor.get("/reports/progress.pdf").await.status(), 404);
    let anonymous = Client::new(&app);
    assert_eq!(anonymous.get("/reports/progress.xlsx").await.status(), 303);
}

#[tokio::test]
async fn name_columns_follow_lang_and_machine_columns_do_not() {
    let (app, donor) = setup().await;
    let track = app.track("P1.01", "KZ").await;
    accepted(
        &app,
        track,
        "2024",
        "complete",
        "2025-01-10T09:30:15.250Z",
        "done",
    );
    let (en_h, en) = parse_csv(
        &donor
            .get_bytes("/reports/commitments.csv?country=KZ&pillar=1")
            .await,
    );
    let (ru_h, ru) = parse_csv(
        &donor
            .get_bytes("/reports/commitments.csv?country=KZ&pillar=1&lang=ru")
            .await,
    );
    assert_eq!(en_h, ru_h, "the same column names in both languages");
    for name in ["pillar_name", "country_name", "status_label"] {
        assert!(en_h.iter().any(|h| h == name), "{name}");
    }
    let row = |rows: &[Vec<String>], h: &[String], name: &str| rows[0][col(h, name)].clone();
    assert_eq!(row(&en, &en_h, "commitment_code"), "P1.01");
    assert_eq!(row(&en, &en_h, "status"), row(&ru, &ru_h, "status"));
    assert_eq!(row(&ru, &ru_h, "status"), "complete");
    assert_eq!(row(&en, &en_h, "status_label"), "Complete");
    assert_eq!(row(&ru, &ru_h, "status_label"), "Выполнено");
    assert_eq!(row(&en, &en_h, "country_name"), "Kazakhstan");
    assert_eq!(row(&ru, &ru_h, "country_name"), "Казахстан");
    assert!(
        row(&ru, &ru_h, "pillar_name")
            .chars()
            .any(|c| ('а'..='я').contains(&c))
    );
    let r = donor.get("/reports/commitments.csv?lang=de").await;
    assert_eq!(r.status(), 422);
    let r = donor
        .get("/reports/status-matrix.xlsx?lang=ru&country=KZ")
        .await;
    assert_eq!(r.status(), 200);
    let cd = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cd.contains("-ru.xlsx"), "{cd}");
    // The About sheet speaks the report's language.
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let about = book.worksheet_range("About").unwrap();
    let labels: Vec<String> = about.rows().map(|r| text(&r[0])).collect();
    assert!(labels.iter().any(|l| l == "Строк"), "{labels:?}");
    assert!(labels.iter().any(|l| l == "Фильтр: country"), "{labels:?}");
    assert!(
        !labels.iter().any(|l| l == "Фильтр: lang"),
        "lang is an option, not a filter"
    );
}
