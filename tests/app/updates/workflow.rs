//! An update's whole way through the pages, from the focal point's form to
//! the donor's report.

use crate::helpers::{Country, Role, TestApp, col, location, parse_csv};

#[tokio::test]
async fn focal_point_logs_reviewer_returns_author_revises_reviewer_accepts_donor_sees_it() {
    let app = TestApp::spawn().await;
    app.add_user("fp-kz@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    app.add_user("rev@example.org", Role::Reviewer, None).await;
    app.add_user("donor@example.org", Role::Donor, None).await;
    let track = app.track("P2.05", "KZ").await;

    // The donor's dashboard before: nothing substantial anywhere in pillar II for KZ.
    let donor = app.login_as("donor@example.org").await;
    let (status, before) = donor.get_text("/").await;
    assert_eq!(status, 200);
    assert!(before.contains("Pillar II, Kazakhstan: "));
    assert!(
        !before.contains("substantial progress\""),
        "a fresh database has no progress"
    );

    // The focal point logs progress through the form.
    let fp = app.login_as("fp-kz@example.org").await;
    let (status, form) = fp.get_text(&format!("/tracks/{track}/updates/new")).await;
    assert_eq!(status, 200);
    assert!(form.contains("Log progress") && form.contains("name=\"narrative_ru\""));
    let narrative_ru = "Принят закон о противодействии финансированию терроризма 📜";
    let r = fp
        .post_form(
            &format!("/tracks/{track}/updates"),
            &[
                ("period", "2024-H2"),
                ("status", "limited"),
                ("narrative_en", "First draft"),
                ("narrative_ru", narrative_ru),
                ("evidence_url", "https://example.org/law.pdf"),
                ("country", "UZ"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let update_page = location(&r);
    assert!(update_page.starts_with("/updates/") && update_page.ends_with("?done=submitted"));
    let first_id: i64 = update_page["/updates/".len()..]
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, page) = fp.get_text(&update_page).await;
    assert!(page.contains("Your update was submitted"));
    assert!(
        page.contains(narrative_ru),
        "Cyrillic and emoji come back exactly"
    );

    // The reviewer sees it in the queue and returns it with a comment.
    let rev = app.login_as("rev@example.org").await;
    let (_, queue) = rev.get_text("/review").await;
    assert!(queue.contains(&format!("/updates/{first_id}")));
    let r = rev
        .post_form(
            &format!("/updates/{first_id}/review"),
            &[("decision", "return"), ("comment", "")],
        )
        .await;
    assert_eq!(r.status(), 422, "a return needs a comment");
    let r = rev
        .post_form(
            &format!("/updates/{first_id}/review"),
            &[
                ("decision", "return"),
                ("comment", "Please name the law and its date."),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/review?done=returned");

    // The author sees it returned, with the comment, and revises.
    let (_, mine) = fp.get_text("/my-updates").await;
    assert!(mine.contains("1 returned to you"));
    assert!(mine.contains(&format!("/updates/{first_id}/revise")));
    let (status, revise) = fp.get_text(&format!("/updates/{first_id}/revise")).await;
    assert_eq!(status, 200);
    assert!(revise.contains("Please name the law and its date."));
    assert!(
        revise.contains(narrative_ru),
        "the form starts from what was returned"
    );
    let r = fp
        .post_form(
            &format!("/updates/{first_id}/revise"),
            &[
                ("period", "2024-H2"),
                ("status", "substantial"),
                ("narrative_en", "Law No. 123 of 5 November 2024 adopted"),
                ("narrative_ru", narrative_ru),
                ("evidence_url", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let second_id: i64 = location(&r)["/updates/".len()..]
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(first_id, second_id, "a revision is a new update");
    let r = fp
        .post_form(
            &format!("/updates/{first_id}/revise"),
            &[("period", "2024"), ("status", "limited")],
        )
        .await;
    assert_eq!(r.status(), 409, "a returned update is revised once");

    // The reviewer accepts the revision.
    let r = rev
        .post_form(
            &format!("/updates/{second_id}/review"),
            &[("decision", "accept"), ("comment", "")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/review?done=accepted");

    // The donor's dashboard cell changed, and the track's page shows the history.
    let (_, after) = donor.get_text("/").await;
    assert!(
        after.contains("1 substantial progress"),
        "dashboard shows the accepted status"
    );
    let (_, listing) = donor
        .get_text("/commitments?country=KZ&status=substantial")
        .await;
    assert!(listing.contains("P2.05"));
    let cid = app.commitment("P2.05").await;
    let (_, commitment) = donor.get_text(&format!("/commitments/{cid}")).await;
    assert!(commitment.contains("Law No. 123"));
    assert!(
        !commitment.contains("First draft"),
        "donors see accepted updates only"
    );

    // The donor downloads progress.csv and finds the accepted update in it.
    let r = donor.get("/reports/progress.csv?country=KZ").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let (header, rows) = parse_csv(&r.bytes().await.unwrap());
    let row = rows
        .iter()
        .find(|r| r[col(&header, "update_id")] == second_id.to_string())
        .expect("accepted update is in the report");
    assert_eq!(row[col(&header, "commitment_code")], "P2.05");
    assert_eq!(row[col(&header, "country")], "KZ");
    assert_eq!(row[col(&header, "period")], "2024-H2");
    assert_eq!(row[col(&header, "status")], "substantial");
    assert_eq!(row[col(&header, "narrative_ru")], narrative_ru);
    assert_eq!(row[col(&header, "submitted_by")], "Test fp-kz@example.org");
    assert_eq!(row[col(&header, "reviewed_by")], "Test rev@example.org");
    assert!(
        !rows
            .iter()
            .any(|r| r[col(&header, "update_id")] == first_id.to_string()),
        "returned updates are not in the progress report"
    );
}

#[tokio::test]
async fn the_form_offers_only_begun_periods_and_starts_on_the_report_owed() {
    let app = crate::helpers::TestApp::with_standard_users().await;
    let kz = app.login_as("kz@example.org").await;
    let track = app.track("P1.02", "KZ").await;
    let (status, page) = kz.get_text(&format!("/tracks/{track}/updates/new")).await;
    assert_eq!(status, 200);
    let select = &page[page.find("id=\"period\"").unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(select.contains("value=\"2022\""));
    let next_year = chrono::Datelike::year(&chrono::Utc::now()) + 1;
    assert!(
        !select.contains(&format!("value=\"{next_year}\"")),
        "a period not begun is offered"
    );
    // Yearly reports due 31 days after the year, none yet: the last year
    // whose deadline has passed is owed.
    let today = chrono::Utc::now().date_naive();
    let year = chrono::Datelike::year(&today);
    let past_deadline = chrono::Datelike::ordinal(&today) > 31;
    let owed = if past_deadline { year - 1 } else { year - 2 };
    let chosen = &select[select
        .find("selected")
        .map(|i| select[..i].rfind("value=\"").unwrap())
        .unwrap()..];
    assert!(chosen.starts_with(&format!("value=\"{owed}\"")), "{chosen}");
}
