//! The dashboard's charts: images with words, and numbers that match the
//! reports.

use crate::helpers::{TestApp, accepted, col, parse_csv};

#[tokio::test]
async fn charts_are_images_with_words_and_their_numbers_match_the_reports() {
    let app = TestApp::with_standard_users().await;
    let donor = app.login_as("donor@example.org").await;
    let track = app.track("P2.01", "UZ").await;
    accepted(
        &app,
        track,
        "2023",
        "complete",
        "2024-01-05T10:00:00.000Z",
        "done",
    );
    let (_, page) = donor.get_text("/?as_of=2024-12-31").await;
    for id in ["chart-pillar", "chart-country", "chart-years"] {
        assert!(
            page.contains(&format!("aria-labelledby=\"{id}-t {id}-d\"")),
            "{id}"
        );
        assert!(
            page.contains(&format!("<title id=\"{id}-t\">")),
            "{id} title"
        );
        assert!(
            page.contains(&format!("<desc id=\"{id}-d\">")),
            "{id} description"
        );
    }
    // The years chart's table: 2022 to 2024, each year's complete count as in
    // the timeline report.
    let (h, rows) = parse_csv(
        &donor
            .get_bytes("/reports/timeline.csv?as_of=2024-12-31")
            .await,
    );
    for year in ["2022", "2023", "2024"] {
        let complete: i64 = rows
            .iter()
            .filter(|r| r[col(&h, "year")] == year)
            .map(|r| r[col(&h, "complete")].parse::<i64>().unwrap())
            .sum();
        let total: i64 = rows
            .iter()
            .filter(|r| r[col(&h, "year")] == year)
            .map(|r| r[col(&h, "total")].parse::<i64>().unwrap())
            .sum();
        let cells = format!(
            "<th scope=\"row\">{year}</th><td class=\"num\">{}</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">{complete}</td><td class=\"num\">{total}</td>",
            total - complete
        );
        assert!(page.contains(&cells), "{year}: {cells}");
    }
    assert!(
        !page.contains("<th scope=\"row\">2025</th>"),
        "no year after the as-of day"
    );
    // The commitment page's timeline marks the accepted report.
    let cid = app.commitment("P2.01").await;
    let (_, page) = donor.get_text(&format!("/commitments/{cid}")).await;
    assert!(page.contains("aria-labelledby=\"timeline-t timeline-d\""));
    assert!(page.contains("<title>2023: Complete</title>"));
}

#[tokio::test]
async fn what_a_focal_point_owes_links_to_its_form_without_repeating_the_country() {
    let app = crate::helpers::TestApp::with_standard_users().await;
    let kz = app.login_as("kz@example.org").await;
    let (_, home) = kz.get_text("/").await;
    let table = &home[home
        .find("table class=\"responsive due\"")
        .expect("no due table")..];
    let table = &table[..table.find("</table>").unwrap()];
    let p102 = app.track("P1.02", "KZ").await;
    assert!(
        table.contains(&format!("href=\"/tracks/{p102}/updates/new\"")),
        "{table}"
    );
    assert!(
        !table.contains("Kazakhstan</td>"),
        "the country is repeated: {table}"
    );
    // Asking for another country's list shows their own, with its links.
    let (_, uz) = kz.get_text("/due?country=UZ").await;
    assert!(uz.contains(&format!("href=\"/tracks/{p102}/updates/new\"")));
    // A reviewer sees every country and may report on each.
    let rev = app.login_as("rev@example.org").await;
    let (_, due) = rev.get_text("/due").await;
    assert!(due.contains("<th scope=\"col\">Country</th>"));
    assert!(due.contains("/updates/new\""));
}
