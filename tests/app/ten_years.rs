//! The ten-year view through the front door: pages as of a day, the due
//! page and reporting cycles, charts beside their numbers, and snapshots
//! whose files never change.

use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, accepted, col, location, parse_csv};

async fn setup() -> TestApp {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    app
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The text of the track section of one country on a commitment page.
fn track_section(page: &str, track: i64) -> &str {
    let start = page
        .find(&format!("id=\"track-{track}\""))
        .expect("track section");
    let rest = &page[start..];
    &rest[..rest[1..].find("<section").map_or(rest.len(), |i| i + 1)]
}

#[tokio::test]
async fn pages_show_the_record_as_it_stood_at_the_end_of_the_day() {
    let app = setup().await;
    let donor = app.browser_as("donor@example.org").await;
    let track = app.track("P1.01", "KZ").await;
    let cid = app
        .count("SELECT id FROM commitments WHERE code = 'P1.01'")
        .await;
    accepted(
        &app,
        track,
        "2023",
        "limited",
        "2024-01-15T09:00:00.000Z",
        "first",
    );
    // A correction of the same period, accepted later, counts from its date.
    accepted(
        &app,
        track,
        "2023",
        "substantial",
        "2024-06-01T09:00:00.000Z",
        "corrected",
    );

    let status_on = |day: &'static str| {
        let donor = &donor;
        async move {
            let (code, page) = donor
                .get_text(&format!("/commitments/{cid}?as_of={day}"))
                .await;
            assert_eq!(code, 200);
            let section = track_section(&page, track).to_owned();
            (page, section)
        }
    };
    let (page, s) = status_on("2024-01-14").await;
    assert!(s.contains("No information") && !s.contains("first"), "{s}");
    assert!(page.contains("the end of 2024-01-14"), "the as-of banner");
    let (_, s) = status_on("2024-01-15").await;
    assert!(
        s.contains("Limited progress") && s.contains("first") && !s.contains("corrected"),
        "{s}"
    );
    let (_, s) = status_on("2024-05-31").await;
    assert!(s.contains("Limited progress"), "{s}");
    let (_, s) = status_on("2024-06-01").await;
    assert!(
        s.contains("Substantial progress") && s.contains("corrected"),
        "{s}"
    );
    let (code, today) = donor.get_text(&format!("/commitments/{cid}")).await;
    assert_eq!(code, 200);
    assert!(!today.contains("as-of-banner"));

    // The dashboard and the list agree with the commitment page.
    let (_, dash) = donor.get_text("/?as_of=2024-01-14").await;
    assert!(dash.contains("as-of-banner"));
    assert!(
        dash.contains("aria-label=\"Pillar I, Kazakhstan: 5 tracks: 5 no information\""),
        "dashboard before"
    );
    let (_, dash) = donor.get_text("/?as_of=2024-06-01").await;
    assert!(
        dash.contains("Pillar I, Kazakhstan: 5 tracks: 4 no information, 1 substantial progress"),
        "dashboard after"
    );
    // Its links keep the day.
    assert!(dash.contains("/commitments?pillar=1&amp;country=KZ&amp;as_of=2024-06-01"));
    let (_, list) = donor
        .get_text("/commitments?country=KZ&pillar=1&as_of=2024-01-15")
        .await;
    assert!(list.contains("status s-limited"));
    let (_, list) = donor
        .get_text("/commitments?country=KZ&pillar=1&as_of=2024-01-14")
        .await;
    assert!(!list.contains("status s-limited"));
    // Year-end quick choices.
    for year in 2022..=2025 {
        assert!(
            dash.contains(&format!("href=\"/?as_of={year}-12-31\"")),
            "{year}"
        );
    }
    assert_eq!(donor.get("/?as_of=31.12.2024").await.status(), 422);
}

#[tokio::test]
async fn a_review_decided_later_shows_as_pending_on_the_day_before() {
    let app = setup().await;
    let rev = app.browser_as("rev@example.org").await;
    let donor = app.browser_as("donor@example.org").await;
    let track = app.track("P1.02", "KZ").await;
    let cid = app
        .count("SELECT id FROM commitments WHERE code = 'P1.02'")
        .await;
    // Submitted long ago (as history would have it), accepted today.
    app.conn()
        .execute(
            "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, state, author_id, created_at, submitted_at)
             SELECT ?1, '2024', 20242, 'limited', 'in review then', 'submitted', id,
                    '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z'
             FROM users WHERE email = 'kz@example.org'",
            [track],
        )
        .unwrap();
    let id = app.count("SELECT max(id) FROM updates").await;
    let r = rev
        .post_form(&format!("/updates/{id}/review"), &[("decision", "accept")])
        .await;
    assert_eq!(r.status(), 303);
    let day = "2025-06-30";
    let (_, page) = rev
        .get_text(&format!("/commitments/{cid}?as_of={day}"))
        .await;
    let s = track_section(&page, track);
    assert!(
        s.contains("in review then") && s.contains("Awaiting review") && !s.contains("Accepted by"),
        "{s}"
    );
    // A donor saw nothing of it on that day.
    let (_, page) = donor
        .get_text(&format!("/commitments/{cid}?as_of={day}"))
        .await;
    assert!(!track_section(&page, track).contains("in review then"));
    let (_, page) = donor.get_text(&format!("/commitments/{cid}")).await;
    assert!(track_section(&page, track).contains("in review then"));
}

#[tokio::test]
async fn the_due_page_lists_what_is_owed_and_a_focal_point_sees_their_country_only() {
    let app = setup().await;
    let kz = app.browser_as("kz@example.org").await;
    let rev = app.browser_as("rev@example.org").await;
    let donor = app.browser_as("donor@example.org").await;
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
        .find("Reports your country owes")
        .expect("due list on the home page");
    assert!(
        due_at < home.find("class=\"table-wrap\"").unwrap_or(usize::MAX),
        "before the matrix"
    );
    assert!(home.contains("reports overdue"));

    let (_, page) = rev.get_text("/due?as_of=2025-02-01").await;
    assert!(page.contains("Uzbekistan") && page.contains("Kazakhstan"));
    let (_, page) = rev
        .get_text("/due?country=UZ&pillar=2&as_of=2025-02-01")
        .await;
    assert!(!page.contains(">P1.02</a>") && page.contains(">P2.01</a>"));
    assert_eq!(donor.get("/due").await.status(), 403);
    assert_eq!(rev.get("/due?country=XX").await.status(), 422);
}

#[tokio::test]
async fn an_admin_sets_the_reporting_cycle_and_a_stale_form_gets_409() {
    let app = setup().await;
    let admin = app.browser_as("admin@example.org").await;
    let kz = app.browser_as("kz@example.org").await;
    let doc = app
        .count("SELECT id FROM documents WHERE code = 'JPOA-2022'")
        .await;
    let (_, before) = kz.get_text("/due?as_of=2025-07-15").await;
    assert!(!before.contains("2025-H1"));

    let (code, page) = admin.get_text("/admin/reporting").await;
    assert_eq!(code, 200);
    assert!(page.contains("name=\"version\" value=\"0\""));
    let path = format!("/admin/reporting/{doc}");
    let r = admin
        .post_form(
            &path,
            &[
                ("cycle", "semiannual"),
                ("due_days", "14"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/reporting?done=1");
    // H1 2025 was due on 14 July 2025.
    let (_, after) = kz.get_text("/due?as_of=2025-07-15").await;
    assert!(
        after.contains(">2025-H1<") && after.contains("2025-07-14"),
        "semi-annual now"
    );

    // A second admin tab still holding version 0 loses nothing and changes nothing.
    let r = admin
        .post_form(
            &path,
            &[("cycle", "annual"), ("due_days", "60"), ("version", "0")],
        )
        .await;
    assert_eq!(r.status(), 409);
    let body = r.text().await.unwrap();
    assert!(body.contains("Someone else changed this reporting cycle"));
    assert!(
        body.contains("name=\"version\" value=\"1\""),
        "the fresh version to try again"
    );
    let (cycle, days, version): (String, i64, i64) = app
        .conn()
        .query_row(
            "SELECT cycle, due_days, version FROM reporting_cycles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((cycle.as_str(), days, version), ("semiannual", 14, 1));
    for bad in [
        vec![("cycle", "weekly"), ("due_days", "14"), ("version", "1")],
        vec![("cycle", "annual"), ("due_days", "366"), ("version", "1")],
        vec![("cycle", "annual"), ("due_days", "-1"), ("version", "1")],
        vec![("cycle", "annual"), ("due_days", "14"), ("version", "x")],
    ] {
        assert_eq!(admin.post_form(&path, &bad).await.status(), 422, "{bad:?}");
    }
    assert_eq!(
        kz.post_form(
            &path,
            &[("cycle", "annual"), ("due_days", "14"), ("version", "1")]
        )
        .await
        .status(),
        403
    );
    assert_eq!(app.count("SELECT version FROM reporting_cycles").await, 1);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'settings.reporting_cycle'")
            .await,
        1
    );
}

#[tokio::test]
async fn charts_are_images_with_words_and_their_numbers_match_the_reports() {
    let app = setup().await;
    let donor = app.browser_as("donor@example.org").await;
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
            .get("/reports/timeline.csv?as_of=2024-12-31")
            .await
            .bytes()
            .await
            .unwrap(),
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
    let cid = app
        .count("SELECT id FROM commitments WHERE code = 'P2.01'")
        .await;
    let (_, page) = donor.get_text(&format!("/commitments/{cid}")).await;
    assert!(page.contains("aria-labelledby=\"timeline-t timeline-d\""));
    assert!(page.contains("<title>2023: Complete</title>"));
}

#[tokio::test]
async fn a_snapshot_gives_the_same_bytes_whatever_happens_later() {
    let app = setup().await;
    let admin = app.browser_as("admin@example.org").await;
    let donor = app.browser_as("donor@example.org").await;
    let track = app.track("P1.01", "KZ").await;
    accepted(
        &app,
        track,
        "2023",
        "limited",
        "2024-01-15T09:00:00.000Z",
        "Отчёт =1+1",
    );
    let r = admin
        .post_form(
            "/snapshots",
            &[
                ("name", "Mid-term review 2024"),
                ("as_of", "2024-12-31"),
                ("country", "KZ"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page_path = location(&r);
    let (code, page) = donor.get_text(&page_path).await;
    assert_eq!(code, 200);
    assert!(
        page.contains("Mid-term review 2024")
            && page.contains("2024-12-31")
            && page.contains("Kazakhstan")
    );

    // Every file listed, its checksum shown, the bytes identical twice.
    let mut files = Vec::new();
    for chunk in page.split("<a href=\"/snapshots/").skip(1) {
        let href =
            format!("/snapshots/{}", &chunk[..chunk.find('"').unwrap()]).replace("&amp;", "&");
        if href.contains('.') {
            files.push(href);
        }
    }
    assert_eq!(
        files.len(),
        24,
        "4 reports × CSV, CSV ; and XLSX × en and ru"
    );
    let mut first = Vec::new();
    for f in &files {
        let r = donor.get(f).await;
        assert_eq!(r.status(), 200, "{f}");
        let cd = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(cd.contains("mid-term-review-2024-as-of-2024-12-31"), "{cd}");
        let bytes = r.bytes().await.unwrap();
        let sum = hex(&Sha256::digest(&bytes));
        assert!(page.contains(&sum), "{f}: checksum {sum} on the page");
        first.push(bytes);
    }

    // Later: a new acceptance dated inside the as-of day, a retitled commitment.
    accepted(
        &app,
        track,
        "2024",
        "complete",
        "2024-12-30T09:00:00.000Z",
        "late entry",
    );
    app.conn()
        .execute(
            "UPDATE commitments SET title_en = 'Retitled' WHERE code = 'P1.01'",
            [],
        )
        .unwrap();
    for (f, before) in files.iter().zip(&first) {
        let again = donor.get(f).await.bytes().await.unwrap();
        assert_eq!(&again, before, "{f} changed");
    }
    // The live report as of the same day does change.
    let live = donor
        .get("/reports/progress.csv?as_of=2024-12-31&country=KZ")
        .await
        .text()
        .await
        .unwrap();
    assert!(live.contains("late entry"));
    let frozen = String::from_utf8(
        first[files
            .iter()
            .position(|f| f.contains("/progress.csv") && !f.contains('?'))
            .unwrap()]
        .to_vec(),
    )
    .unwrap();
    assert!(frozen.contains("Отчёт =1+1") && !frozen.contains("late entry"));

    // Names are unique; a future as-of date and an empty name are refused.
    for (name, as_of) in [
        ("mid-term REVIEW 2024", "2024-12-31"),
        ("", "2024-12-31"),
        ("Future", "2999-01-01"),
        ("Bad", "2024-02-30"),
    ] {
        let r = admin
            .post_form("/snapshots", &[("name", name), ("as_of", as_of)])
            .await;
        assert_eq!(r.status(), 422, "{name} {as_of}");
    }
    assert_eq!(app.count("SELECT count(*) FROM snapshots").await, 1);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'snapshot.created'")
            .await,
        1
    );
    // Frozen in the database too.
    assert!(
        app.conn()
            .execute("DELETE FROM snapshot_reports", [])
            .is_err()
    );
    assert!(
        app.conn()
            .execute("UPDATE snapshots SET name = 'x'", [])
            .is_err()
    );
}
