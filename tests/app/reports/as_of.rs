//! Reports as of a day: the record as it stood, and a later correction
//! counting from its date.

use super::{csv, setup};
use crate::helpers::{accepted, col};

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
