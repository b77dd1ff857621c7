//! XLSX and the language of name columns: read back with a spreadsheet
//! reader (calamine) and compared with the CSV of the same rows.

use std::io::{Cursor, Read};

use calamine::{Data, DataType, Reader, Xlsx};

use super::setup;
use crate::helpers::{Client, accepted, col, parse_csv};

/// One part of the XLSX package, as text: what calamine does not read
/// (print setup, styles, defined names) is asserted on the XML itself.
fn part(xlsx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).expect("an XLSX file is a zip");
    let mut out = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut out)
        .unwrap();
    out
}

/// The text between `<tag>` and `</tag>`, XML entities decoded.
fn element(xml: &str, tag: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(
        xml[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

/// Column letters of a zero-based index (A, …, Z, AA, …).
fn column_letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + u8::try_from(i % 26).unwrap());
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// The cell format (`<xf>` of `styles.xml`) of cell `r` in a sheet.
fn cell_format(sheet: &str, styles: &str, r: &str) -> String {
    let at = sheet
        .find(&format!("<c r=\"{r}\""))
        .unwrap_or_else(|| panic!("no cell {r}"));
    let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
    let s: usize = tag
        .split(" s=\"")
        .nth(1)
        .map_or(0, |v| v[..v.find('"').unwrap()].parse().unwrap());
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(s + 1).expect("the cell's format");
    xf.to_owned()
}

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
    let lines: Vec<(String, Data)> = about.rows().map(|r| (text(&r[0]), r[1].clone())).collect();
    let cell = |k: &str| lines.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let get = |k: &str| cell(k).map(text);
    assert_eq!(get("Report").as_deref(), Some("progress"));
    // A number, so that a formula can use it.
    assert!(
        matches!(cell("Rows"), Some(Data::Float(n)) if *n == 1.0),
        "{:?}",
        cell("Rows")
    );
    assert_eq!(get("Filter: country").as_deref(), Some("KZ"));
    assert_eq!(get("Snapshot").as_deref(), Some("none (live)"));
    assert!(get("Generated at (UTC)").is_some_and(|g| g.ends_with('Z')));
}

#[tokio::test]
async fn the_xlsx_report_prints_landscape_one_page_wide_with_its_header_filters_and_footer() {
    let (app, donor) = setup().await;
    let track = app.track("P1.01", "KZ").await;
    let long = "A long narrative that has to wrap to be read and printed. ".repeat(12);
    accepted(
        &app,
        track,
        "2024-H1",
        "limited",
        "2024-08-01T09:00:00.000Z",
        &long,
    );
    accepted(
        &app,
        track,
        "2024-H2",
        "substantial",
        "2025-01-10T09:30:15.250Z",
        "short",
    );
    let bytes = donor
        .get_bytes("/reports/progress.xlsx?country=KZ&as_of=2025-06-30")
        .await;
    let mut book = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let header: Vec<String> = book
        .worksheet_range("Report")
        .unwrap()
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(text)
        .collect();
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");

    // A4 landscape, scaled to one page wide and as many long as it takes
    // (Excel leaves out fitToWidth when it is 1).
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
    assert!(
        sheet.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#),
        "{sheet}"
    );
    assert!(!sheet.contains("fitToWidth="), "one page wide");
    // Filters over the header and both rows.
    let last = column_letters(header.len() - 1);
    assert!(
        sheet.contains(&format!(r#"<autoFilter ref="A1:{last}3"/>"#)),
        "{sheet}"
    );
    // The header row on every printed page.
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">Report!$1:$1</definedName>"#
        ),
        "{workbook}"
    );
    // Each page says what it is a page of.
    let footer = element(&sheet, "oddFooter").expect("a footer");
    assert_eq!(
        footer,
        "&Ljpoa-tracker: Progress, update by update (progress) · As of 2025-06-30 · Filters: country=KZ&RPage &P of &N"
    );

    // Narratives wrap; every cell sits at the top of its row.
    let styles = part(&bytes, "xl/styles.xml");
    let narrative = cell_format(
        &sheet,
        &styles,
        &format!("{}2", column_letters(col(&header, "narrative_en"))),
    );
    assert!(narrative.contains(r#"wrapText="1""#), "{narrative}");
    assert!(narrative.contains(r#"vertical="top""#), "{narrative}");
    let period = cell_format(
        &sheet,
        &styles,
        &format!("{}2", column_letters(col(&header, "period"))),
    );
    assert!(!period.contains("wrapText"), "{period}");
    assert!(period.contains(r#"vertical="top""#), "{period}");

    let about = book.worksheet_range("About").unwrap();
    let rows = about
        .rows()
        .find(|r| text(&r[0]) == "Rows")
        .map(|r| r[1].clone());
    assert_eq!(rows, Some(Data::Float(2.0)), "the row count is a number");
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
    let mut book = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let about = book.worksheet_range("About").unwrap();
    let labels: Vec<String> = about.rows().map(|r| text(&r[0])).collect();
    assert!(labels.iter().any(|l| l == "Строк"), "{labels:?}");
    assert!(labels.iter().any(|l| l == "Фильтр: country"), "{labels:?}");
    assert!(
        !labels.iter().any(|l| l == "Фильтр: lang"),
        "lang is an option, not a filter"
    );
    // So do the printed pages; a live report is as of its generation.
    let footer = element(&part(&bytes, "xl/worksheets/sheet1.xml"), "oddFooter").unwrap();
    assert!(
        footer.starts_with(
            "&Ljpoa-tracker: Статусы по компонентам и странам (status-matrix) · По состоянию на 20"
        ),
        "{footer}"
    );
    assert!(
        footer.ends_with(" UTC · Фильтры: country=KZ&RСтр. &P из &N"),
        "{footer}"
    );
}
