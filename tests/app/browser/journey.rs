//! One journey in a real browser: a focal point logs progress, a reviewer
//! accepts it, a donor sees the dashboard change and downloads the progress
//! report; the main pages at a phone's width and in Russian.

use std::time::Instant;

use fantoccini::{Client, Locator};

use super::{
    Driver, ENGLISH, click, kz_pillar1_cell, report_sheet, save_screenshot, select, settled,
    sideways_overflow, sign_in, type_into, update_id_from_url, wait_for_download, wait_for_path,
    wait_for_text,
};
use crate::helpers::{Country, Role, TestApp, col, parse_csv};

const NARRATIVE_RU: &str = "Проведено обучение 45 сотрудников 🎓";

/// The accessible name of the dashboard cell for Pillar I × Kazakhstan, on
/// today's dashboard.
async fn todays_kz_pillar1_cell(c: &Client, app: &TestApp) -> String {
    c.goto(&app.url("/")).await.unwrap();
    kz_pillar1_cell(c).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_is_logged_reviewed_and_reported_in_a_browser() {
    let Some(mut driver) = Driver::start_or_skip().await else {
        return;
    };
    let started = Instant::now();

    let app = TestApp::spawn().await;
    app.add_user("fp-kz@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    app.add_user("reviewer@example.org", Role::Reviewer, None)
        .await;
    app.add_user("donor@example.org", Role::Donor, None).await;
    let track = app.track("P1.01", "KZ").await;

    // The donor looks at the dashboard before anything is reported.
    let donor = driver.browser().await;
    sign_in(&donor, &app, "donor@example.org", &ENGLISH).await;
    let before = todays_kz_pillar1_cell(&donor, &app).await;
    assert!(
        before.starts_with("Pillar I, Kazakhstan: "),
        "unexpected cell label {before:?}"
    );
    assert!(
        !before.contains("substantial"),
        "nothing is reported yet, but the cell says {before:?}"
    );

    // The focal point for Kazakhstan logs progress.
    let fp = driver.browser().await;
    sign_in(&fp, &app, "fp-kz@example.org", &ENGLISH).await;
    fp.goto(&app.url(&format!("/tracks/{track}/updates/new")))
        .await
        .unwrap();
    wait_for_text(&fp, "Log progress").await;
    select(&fp, "period", "2024-H1").await;
    click(&fp, "#status-substantial").await;
    type_into(&fp, "narrative_en", "Trained 45 staff members.").await;
    let ru = fp.find(Locator::Id("narrative_ru")).await.unwrap();
    ru.send_keys(NARRATIVE_RU).await.unwrap();
    assert_eq!(
        ru.prop("value").await.unwrap().as_deref(),
        Some(NARRATIVE_RU),
        "the Russian narrative was not typed as given"
    );
    type_into(&fp, "evidence_url", "https://example.org/kz/training-2024").await;
    assert!(
        fp.find(Locator::Id("status-substantial"))
            .await
            .unwrap()
            .is_selected()
            .await
            .unwrap()
    );
    save_screenshot(&fp, "log-progress-form.png").await;
    click(&fp, "main form button[type=submit]").await;
    let page = wait_for_text(&fp, "Your update was submitted").await;
    assert!(
        page.contains(NARRATIVE_RU),
        "the update page does not show the narrative:\n{page}"
    );
    let update_id = update_id_from_url(&fp).await;

    // A reviewer finds it in the queue and accepts it.
    let reviewer = driver.browser().await;
    sign_in(&reviewer, &app, "reviewer@example.org", &ENGLISH).await;
    reviewer.goto(&app.url("/review")).await.unwrap();
    wait_for_text(&reviewer, "Review queue").await;
    reviewer
        .find(Locator::LinkText(&format!("#{update_id}")))
        .await
        .unwrap_or_else(|_| panic!("update #{update_id} is not in the review queue"))
        .click()
        .await
        .unwrap();
    wait_for_path(&reviewer, &format!("/updates/{update_id}")).await;
    wait_for_text(&reviewer, "Your decision").await;
    click(&reviewer, r#"button[name="decision"][value="accept"]"#).await;
    wait_for_text(&reviewer, "The update was accepted").await;

    // The donor's dashboard now counts it, and the report carries it.
    let after = todays_kz_pillar1_cell(&donor, &app).await;
    assert!(
        after.contains("1 substantial progress"),
        "after acceptance the cell says {after:?} (before: {before:?})"
    );
    save_screenshot(&donor, "donor-dashboard.png").await;

    donor.goto(&app.url("/reports")).await.unwrap();
    wait_for_text(&donor, "Download").await;
    click(&donor, r#"a[href^="/reports/progress.csv"]"#).await;
    let file = wait_for_download(driver.downloads(), "jpoa-progress-", ".csv").await;
    let body = settled(&file).await;
    assert!(
        body.starts_with(b"\xEF\xBB\xBF"),
        "{} does not start with a UTF-8 BOM",
        file.display()
    );
    let (header, rows) = parse_csv(&body);
    let (c_country, c_period, c_status, c_ru) = (
        col(&header, "country"),
        col(&header, "period"),
        col(&header, "status"),
        col(&header, "narrative_ru"),
    );
    assert!(
        rows.iter().any(|r| r[c_country] == "KZ"
            && r[c_period] == "2024-H1"
            && r[c_status] == "substantial"
            && r[c_ru] == NARRATIVE_RU),
        "no KZ 2024-H1 substantial row with the Russian narrative in {}: {rows:?}",
        file.display()
    );

    // The other main pages, for people to look at.
    let cid = app.commitment("P1.01").await;
    for (c, path, expect, name) in [
        (
            &donor,
            "/commitments?pillar=1".to_owned(),
            "Commitments",
            "commitments-list.png",
        ),
        (
            &donor,
            format!("/commitments/{cid}"),
            "Tracks",
            "commitment-page.png",
        ),
        (&donor, "/reports".to_owned(), "Download", "reports.png"),
        (
            &reviewer,
            "/review".to_owned(),
            "Review queue",
            "review-queue.png",
        ),
        (
            &fp,
            "/my-updates".to_owned(),
            "My updates",
            "my-updates.png",
        ),
    ] {
        c.goto(&app.url(&path)).await.unwrap();
        wait_for_text(c, expect).await;
        save_screenshot(c, name).await;
    }

    // The same pages at a phone's width must not need sideways scrolling.
    let (w, h) = donor.get_window_size().await.unwrap();
    donor.set_window_size(390, 844).await.unwrap();
    for (path, name) in [
        ("/".to_owned(), "phone-dashboard.png"),
        ("/commitments?pillar=1".to_owned(), "phone-commitments.png"),
        (format!("/commitments/{cid}"), "phone-commitment-page.png"),
    ] {
        donor.goto(&app.url(&path)).await.unwrap();
        wait_for_text(&donor, "Sign out").await;
        save_screenshot(&donor, name).await;
        let overflow = sideways_overflow(&donor).await;
        assert!(
            overflow <= 0,
            "{path} scrolls sideways on a phone by {overflow}px"
        );
    }
    donor.set_window_size(w as u32, h as u32).await.unwrap();

    // The focal point switches to Russian with the header's button (a form:
    // no script) and stays on the same page; pages then speak Russian, at a
    // phone's width too.
    fp.goto(&app.url("/my-updates")).await.unwrap();
    wait_for_text(&fp, "My updates").await;
    click(&fp, r#".lang-switch button[value="ru"]"#).await;
    wait_for_text(&fp, "Мои отчёты").await;
    wait_for_path(&fp, "/my-updates").await;
    save_screenshot(&fp, "ru-my-updates.png").await;
    for (path, expect, name) in [
        ("/".to_owned(), "Ход выполнения", "ru-dashboard.png"),
        (
            format!("/commitments/{cid}"),
            "Треки",
            "ru-commitment-page.png",
        ),
        (
            format!("/tracks/{track}/updates/new"),
            "Отчётный период",
            "ru-log-progress-form.png",
        ),
    ] {
        fp.goto(&app.url(&path)).await.unwrap();
        wait_for_text(&fp, expect).await;
        save_screenshot(&fp, name).await;
    }
    // In Russian, the status matrix as XLSX: names in Russian, numbers as numbers.
    fp.goto(&app.url("/reports")).await.unwrap();
    wait_for_text(&fp, "Сводки").await;
    save_screenshot(&fp, "ru-reports.png").await;
    click(&fp, r#"a[href^="/reports/status-matrix.xlsx"]"#).await;
    let file = wait_for_download(driver.downloads(), "jpoa-status-matrix-", "-ru.xlsx").await;
    let rows = report_sheet(settled(&file).await);
    assert_eq!(rows.len(), 1 + 4 * 6, "header and pillar × country");
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let kz1 = rows
        .iter()
        .find(|r| {
            r[at("country")] == calamine::Data::String("KZ".into())
                && r[at("pillar")] == calamine::Data::Float(1.0)
        })
        .expect("a KZ pillar I row with the pillar as a number");
    assert_eq!(kz1[at("country_name")].to_string(), "Казахстан");
    assert_eq!(kz1[at("substantial")], calamine::Data::Float(1.0));

    let (w, h) = fp.get_window_size().await.unwrap();
    fp.set_window_size(390, 844).await.unwrap();
    fp.goto(&app.url("/")).await.unwrap();
    wait_for_text(&fp, "Выйти").await;
    save_screenshot(&fp, "ru-phone-dashboard.png").await;
    let overflow = sideways_overflow(&fp).await;
    assert!(
        overflow <= 0,
        "the Russian dashboard scrolls sideways on a phone by {overflow}px"
    );
    fp.set_window_size(w as u32, h as u32).await.unwrap();
    click(&fp, r#".lang-switch button[value="en"]"#).await;
    wait_for_text(&fp, "Implementation status").await;

    for c in [donor, fp, reviewer] {
        c.close().await.unwrap();
    }
    drop(driver);
    eprintln!(
        "browser journey took {:.1}s",
        started.elapsed().as_secs_f64()
    );
}
