//! Deadlines as the `due` command lists them, as of any day.

use crate::helpers::{Country, Role, TestApp, accepted};

async fn setup() -> TestApp {
    let app = TestApp::spawn().await;
    app.add_user("kz@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    app.add_user("rev@example.org", Role::Reviewer, None).await;
    app
}

/// The digest line of one commitment code, if it is listed.
fn line_of(app: &TestApp, as_of: &str, code: &str) -> Option<String> {
    let (ok, out, err) = app.run(&["due", "--country", "KZ", "--as-of", as_of]);
    assert!(ok, "{err}");
    assert!(
        out.starts_with(&format!("Updates overdue and due as of {as_of}")),
        "{out}"
    );
    out.lines()
        .find(|l| l.split_whitespace().any(|w| w == code))
        .map(str::to_owned)
}

#[tokio::test]
async fn the_years_report_is_due_until_31_january_then_overdue() {
    let app = setup().await;
    let track = app.track("P1.01", "KZ").await;
    accepted(
        &app,
        track,
        "2024",
        "limited",
        "2025-01-20T10:00:00.000Z",
        "2024 report",
    );

    // Before the 2024 report came in, 2023's was overdue (due 31 Jan 2024).
    let l = line_of(&app, "2025-01-19", "P1.01").unwrap();
    assert!(
        l.contains("OVERDUE") && l.contains(" 2023 ") && l.contains("due 2024-01-31"),
        "{l}"
    );
    // Once in, the later report covers the gap and the 2024 deadline.
    assert_eq!(line_of(&app, "2025-01-20", "P1.01"), None);
    assert_eq!(
        line_of(&app, "2026-01-31", "P1.01")
            .map(|l| l.contains("due      in 0 days") && l.contains(" 2025 ")),
        Some(true)
    );
    let l = line_of(&app, "2026-02-01", "P1.01").unwrap();
    assert!(
        l.contains("OVERDUE  1 days late") && l.contains(" 2025 ") && l.contains("due 2026-01-31"),
        "{l}"
    );
    // An untouched track: overdue from the first deadline on.
    let l = line_of(&app, "2024-02-01", "P1.02").unwrap();
    assert!(l.contains("OVERDUE") && l.contains(" 2023 "), "{l}");
    let l = line_of(&app, "2023-01-31", "P1.02").unwrap();
    assert!(
        l.contains("due      in 0 days") && l.contains(" 2022 "),
        "{l}"
    );
}

#[tokio::test]
async fn leap_years_and_semiannual_cycles() {
    let app = setup().await;
    // 60 days after 31 December 2023 is 29 February 2024.
    app.conn()
        .execute(
            "INSERT INTO reporting_cycles (document_id, cycle, due_days, version, updated_at)
             SELECT id, 'annual', 60, 1, '2026-01-01T00:00:00.000Z' FROM documents WHERE code = 'JPOA-2022'",
            [],
        )
        .unwrap();
    let track = app.track("P1.02", "KZ").await;
    accepted(
        &app,
        track,
        "2022",
        "not_started",
        "2023-01-15T10:00:00.000Z",
        "2022",
    );
    let l = line_of(&app, "2024-02-29", "P1.02").unwrap();
    assert!(
        l.contains("due      in 0 days") && l.contains("due 2024-02-29"),
        "{l}"
    );
    let l = line_of(&app, "2024-03-01", "P1.02").unwrap();
    assert!(
        l.contains("OVERDUE  1 days late") && l.contains(" 2023 "),
        "{l}"
    );
    // Not a leap year: 60 days after 31 December 2024 is 1 March 2025.
    accepted(
        &app,
        track,
        "2023",
        "limited",
        "2024-03-10T10:00:00.000Z",
        "2023",
    );
    let l = line_of(&app, "2025-03-01", "P1.02").unwrap();
    assert!(
        l.contains("due      in 0 days") && l.contains("due 2025-03-01"),
        "{l}"
    );
    let l = line_of(&app, "2025-03-02", "P1.02").unwrap();
    assert!(
        l.contains("OVERDUE  1 days late") && l.contains(" 2024 "),
        "{l}"
    );

    app.conn()
        .execute(
            "UPDATE reporting_cycles SET cycle = 'semiannual', due_days = 0",
            [],
        )
        .unwrap();
    let track = app.track("P1.03", "KZ").await;
    accepted(
        &app,
        track,
        "2027-H2",
        "limited",
        "2028-01-05T10:00:00.000Z",
        "H2",
    );
    let l = line_of(&app, "2028-06-30", "P1.03").unwrap();
    assert!(
        l.contains("due      in 0 days") && l.contains(" 2028-H1 "),
        "{l}"
    );
    let l = line_of(&app, "2028-07-01", "P1.03").unwrap();
    assert!(
        l.contains("OVERDUE  1 days late") && l.contains(" 2028-H1 "),
        "{l}"
    );
    // A whole-year report covers the second half.
    accepted(
        &app,
        track,
        "2028",
        "limited",
        "2028-12-01T10:00:00.000Z",
        "year",
    );
    let l = line_of(&app, "2029-01-01", "P1.03").unwrap();
    assert!(l.contains(" 2029-H1 ") && !l.contains("OVERDUE"), "{l}");
}

#[tokio::test]
async fn complete_tracks_owe_nothing_and_past_targets_are_flagged() {
    let app = setup().await;
    let done = app.track("P1.01", "KZ").await;
    accepted(
        &app,
        done,
        "2023",
        "complete",
        "2024-01-10T10:00:00.000Z",
        "done",
    );
    assert_eq!(line_of(&app, "2026-06-01", "P1.01"), None);
    // P3.13 targets 2025: from 2026 it is flagged wherever it is listed.
    let l = line_of(&app, "2025-12-31", "P3.13").unwrap();
    assert!(!l.contains("past target year"), "{l}");
    let l = line_of(&app, "2026-01-01", "P3.13").unwrap();
    assert!(l.contains("[past target year 2025]"), "{l}");
    // Unknown country or a bad date: a one-line error, exit status 1.
    let (ok, _, err) = app.run(&["due", "--country", "XX"]);
    assert!(!ok && err.lines().count() == 1, "{err}");
    let (ok, _, err) = app.run(&["due", "--as-of", "2024-02-30"]);
    assert!(!ok && err.contains("as_of"), "{err}");
}
