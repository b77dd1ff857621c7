//! The due page, and the focal point's home page that leads with it.

use crate::helpers::{TestApp, accepted};

#[tokio::test]
async fn the_due_page_lists_what_is_owed_and_a_focal_point_sees_their_country_only() {
    let app = TestApp::with_standard_users().await;
    let kz = app.login_as("kz@example.org").await;
    let rev = app.login_as("rev@example.org").await;
    let donor = app.login_as("donor@example.org").await;
    let track = app.track("P1.01", "KZ").await;
    accepted(
        &app,
        track,
        "2024",
        "limited",
        "2025-01-20T10:00:00.000Z",
        "2024",
    );

    let (code, page) = kz.get_text("/due?country=UZ&as_of=2025-02-01").await;
    assert_eq!(code, 200);
    assert!(
        page.contains("Kazakhstan") && !page.contains("Uzbekistan"),
        "country from the account"
    );
    // P1.01 is covered until the 2025 report falls due; P1.02 is overdue for 2024.
    assert!(page.contains("P1.02") && page.contains("Overdue"));
    let row = |page: &str, code: &str| -> String {
        let at = page
            .find(&format!(">{code}</a>"))
            .unwrap_or_else(|| panic!("{code} listed"));
        let start = page[..at].rfind("<tr").unwrap();
        let end = at + page[at..].find("</tr>").unwrap();
        page[start..end].to_owned()
    };
    let p101 = row(&page, "P1.01");
    assert!(
        p101.contains("Due")
            && p101.contains(">2025<")
            && p101.contains("2026-01-31")
            && p101.contains("364 days left"),
        "{p101}"
    );
    let p102 = row(&page, "P1.02");
    assert!(
        p102.contains("Overdue") && p102.contains(">2024<") && p102.contains("1 day late"),
        "{p102}"
    );
    // The focal point's home page leads with the same.
    let (_, home) = kz.get_text("/?as_of=2025-02-01").await;
    let due_at = home
        .find("Updates your country owes")
        .expect("due list on the home page");
    assert!(
        due_at < home.find("class=\"table-wrap\"").unwrap_or(usize::MAX),
        "before the matrix"
    );
    assert!(home.contains("updates overdue"));

    let (_, page) = rev.get_text("/due?as_of=2025-02-01").await;
    assert!(page.contains("Uzbekistan") && page.contains("Kazakhstan"));
    let (_, page) = rev
        .get_text("/due?country=UZ&pillar=2&as_of=2025-02-01")
        .await;
    assert!(!page.contains(">P1.02</a>") && page.contains(">P2.01</a>"));
    assert_eq!(donor.get("/due").await.status(), 403);
    assert_eq!(rev.get("/due?country=XX").await.status(), 422);
}
