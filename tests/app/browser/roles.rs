//! Every role's journey in headless Chromium, once in English and once in
//! Russian (switched with the language control in the page header): the
//! focal point, the reviewer, the donor and the administrator do their real
//! tasks, and the test asserts what each one sees in that language. The main
//! pages are saved as screenshots at a phone's and a desktop's width into
//! `screenshots/` (e.g. `ru-phone-focal-due.png`).

use std::path::Path;
use std::time::Instant;

use fantoccini::wd::{PrintConfiguration, PrintSize};
use fantoccini::{Client, Locator};
use serde_json::Value;

use super::{
    Driver, ENGLISH, Landmarks, body, click, kz_pillar1_cell, report_sheet, save_screenshot,
    select, set_date, settled, sideways_overflow, sign_in, type_into, update_id_from_url, upload,
    wait_for_css, wait_for_download, wait_for_path, wait_for_text,
};
use crate::helpers::{SmtpSink, TestApp, accepted, col, parse_csv};

const NARRATIVE_RU: &str =
    "Проведено обучение 45 сотрудников пограничной службы; утверждена программа на 2026 год.";
const NARRATIVE_EN: &str = "Trained 45 border officers; the 2026 programme was approved.";

/// What the pages say in one language: the words the journeys look for.
struct Words {
    page: Landmarks,
    due_yours: &'static str,
    due_title: &'static str,
    overdue: &'static str,
    due: &'static str,
    log_progress: &'static str,
    help_substantial: &'static str,
    help_narrative: &'static str,
    help_evidence: &'static str,
    submitted: &'static str,
    draft_saved: &'static str,
    answer: &'static str,
    commented: &'static str,
    state_submitted: &'static str,
    state_returned: &'static str,
    state_accepted: &'static str,
    queue_title: &'static str,
    queue_one: &'static str,
    decision: &'static str,
    comment: &'static str,
    done_returned: &'static str,
    done_accepted: &'static str,
    my_updates: &'static str,
    reviewer_comment: &'static str,
    /// What the mail telling an author their update came back says.
    mail_returned: &'static str,
    revise_heading: &'static str,
    revises_before: &'static str,
    substantial_lower: &'static str,
    limited_lower: &'static str,
    limited: &'static str,
    kazakhstan: &'static str,
    as_of_banner: &'static str,
    shown_one: [&'static str; 2],
    commitments_none: &'static str,
    reports_title: &'static str,
    link_notice: &'static str,
    import_title: &'static str,
    import_done: &'static str,
    import_created: &'static str,
    import_refused: &'static str,
    import_line: &'static str,
    snapshot_name: &'static str,
    snapshot_frozen: &'static str,
    guide_titles: [&'static str; 4],
}

const EN: Words = Words {
    page: ENGLISH,
    due_yours: "Updates your country owes",
    due_title: "Due and overdue updates",
    overdue: "Overdue",
    due: "Due",
    log_progress: "Log progress",
    help_substantial: "Most of the work is done or well under way",
    help_narrative: "A good narrative",
    help_evidence: "Good evidence",
    submitted: "Your update was submitted",
    draft_saved: "Your draft was saved",
    answer: "The programme is the 2026 border training plan.",
    commented: "Your comment was added",
    state_submitted: "Awaiting review",
    state_returned: "Returned",
    state_accepted: "Accepted",
    queue_title: "Review queue",
    queue_one: "1 update awaits a decision",
    decision: "Your decision",
    comment: "Please add a link to the training report.",
    done_returned: "The update was returned to its author",
    done_accepted: "The update was accepted",
    my_updates: "My updates",
    reviewer_comment: "Reviewer's comment:",
    mail_returned: "returned your update",
    revise_heading: "Revise update #",
    revises_before: "This update revises",
    substantial_lower: "substantial progress",
    limited_lower: "limited progress",
    limited: "Limited progress",
    kazakhstan: "Kazakhstan",
    as_of_banner: "You are looking at the record as it stood at the end of 2024-12-31",
    shown_one: ["1 commitment", "1 track"],
    commitments_none: "No commitment matches these filters.",
    reports_title: "Reports",
    link_notice: "Send this one-time link to",
    import_title: "Import commitments",
    import_done: "Imported plan.csv",
    import_created: "2 commitments created",
    import_refused: "Nothing was imported from bad.csv",
    import_line: "Line",
    snapshot_name: "Year-end 2024",
    snapshot_frozen: "Frozen",
    guide_titles: [
        "Guide for national focal points",
        "Guide for reviewers",
        "Guide for donors",
        "Guide for administrators",
    ],
};

const RU: Words = Words {
    page: Landmarks {
        lang: "ru",
        sign_in: "Вход",
        dashboard: "Ход выполнения",
    },
    due_yours: "Отчёты, которые ожидаются от вашей страны",
    due_title: "Сроки представления отчётов",
    overdue: "Просрочен",
    due: "Ожидается",
    log_progress: "Внести отчёт",
    help_substantial: "Бо́льшая часть работы выполнена или активно ведётся",
    help_narrative: "Хорошее описание",
    help_evidence: "Хорошее подтверждение",
    submitted: "Ваш отчёт представлен",
    draft_saved: "Черновик сохранён",
    answer: "Речь о программе обучения пограничников на 2026 год.",
    commented: "Ваш комментарий добавлен",
    state_submitted: "На рассмотрении",
    state_returned: "Возвращено на доработку",
    state_accepted: "Принято",
    queue_title: "Очередь на рассмотрение",
    queue_one: "1 отчёт ожидает решения",
    decision: "Ваше решение",
    comment: "Добавьте, пожалуйста, ссылку на отчёт об обучении.",
    done_returned: "Отчёт возвращён автору на доработку",
    done_accepted: "Отчёт принят",
    my_updates: "Мои отчёты",
    reviewer_comment: "Комментарий рецензента:",
    mail_returned: "вернул(а) ваш отчёт",
    revise_heading: "Доработка отчёта №",
    revises_before: "Это доработанная версия",
    substantial_lower: "значительный прогресс",
    limited_lower: "ограниченный прогресс",
    limited: "Ограниченный прогресс",
    kazakhstan: "Казахстан",
    as_of_banner: "Показано состояние данных на конец дня 2024-12-31",
    shown_one: ["1 обязательство", "1 трек"],
    commitments_none: "Нет обязательств, отвечающих этим условиям.",
    reports_title: "Сводки",
    link_notice: "Отправьте эту одноразовую ссылку",
    import_title: "Импорт обязательств",
    import_done: "Файл plan.csv импортирован",
    import_created: "Создано 2 обязательства",
    import_refused: "Из файла bad.csv ничего не импортировано",
    import_line: "Строка",
    snapshot_name: "Итоги 2024 года",
    snapshot_frozen: "Зафиксирован",
    guide_titles: [
        "Памятка для национальных координаторов",
        "Памятка для рецензентов",
        "Памятка для доноров",
        "Памятка для администраторов",
    ],
};

/// The record the journeys start from: two accepted updates on P1.01 for
/// Kazakhstan, one known by the end of 2024 and one after.
struct Data {
    p102: i64,
    p102_track: i64,
}

async fn data(app: &TestApp) -> Data {
    app.add_standard_users().await;
    let t101 = app.track("P1.01", "KZ").await;
    accepted(
        app,
        t101,
        "2023",
        "limited",
        "2024-02-01T10:00:00.000Z",
        "Drafted the national plan.",
    );
    accepted(
        app,
        t101,
        "2025-H1",
        "substantial",
        "2025-08-01T10:00:00.000Z",
        "The plan was adopted.",
    );
    Data {
        p102: app.commitment("P1.02").await,
        p102_track: app.track("P1.02", "KZ").await,
    }
}

/// The current page saved at a desktop's width and at a phone's, as
/// `{lang}-desktop-{name}.png` and `{lang}-phone-{name}.png`; at the phone's
/// width the page must not scroll sideways.
async fn shots(c: &Client, w: &Words, name: &str) {
    save_screenshot(c, &format!("{}-desktop-{name}.png", w.page.lang)).await;
    let (width, height) = c.get_window_size().await.unwrap();
    c.set_window_size(390, 844).await.unwrap();
    let overflow = sideways_overflow(c).await;
    save_screenshot(c, &format!("{}-phone-{name}.png", w.page.lang)).await;
    c.set_window_size(width as u32, height as u32)
        .await
        .unwrap();
    assert!(
        overflow <= 0,
        "{} {name} scrolls sideways on a phone by {overflow}px",
        w.page.lang
    );
}

/// Pages in a PDF, as Chromium writes it (uncompressed page objects).
fn pdf_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    for needle in [&b"/Type /Page"[..], &b"/Type/Page"[..]] {
        n += pdf
            .windows(needle.len() + 1)
            .filter(|win| win.starts_with(needle) && win[needle.len()] != b's')
            .count();
    }
    n
}

/// Opens the role's guide from its home page, checks its title, and that it
/// prints on one A4 page.
async fn guide_from_home(c: &Client, app: &TestApp, w: &Words, role: &str, title: &str) {
    c.goto(&app.url("/")).await.unwrap();
    wait_for_text(c, w.page.dashboard).await;
    click(c, &format!(r#"main a[href="/guide/{role}"]"#)).await;
    wait_for_path(c, &format!("/guide/{role}")).await;
    wait_for_text(c, title).await;
    shots(c, w, &format!("guide-{role}")).await;
    let pdf = c
        .print(
            PrintConfiguration::builder()
                .size(PrintSize::A4)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"), "the print is not a PDF");
    assert_eq!(
        pdf_pages(&pdf),
        1,
        "the {} guide for {role} prints on {} pages",
        w.page.lang,
        pdf_pages(&pdf)
    );
}

/// The text of the `/due` row of commitment `code`.
async fn due_row(c: &Client, app: &TestApp, code: &str) -> String {
    c.goto(&app.url("/due?pillar=1")).await.unwrap();
    wait_for_css(c, "table.due").await;
    let rows = c
        .execute(
            "return [...document.querySelectorAll('table.due tbody tr')].map(r => r.innerText);",
            vec![],
        )
        .await
        .unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .find(|r| r.contains(&format!("{code} ")))
        .unwrap_or_else(|| panic!("{code} is not listed at /due: {rows}"))
        .to_owned()
}

/// The focal point and the reviewer: log, return with a comment, revise,
/// resubmit, accept.
async fn focal_point_and_reviewer(
    driver: &mut Driver,
    app: &TestApp,
    d: &Data,
    w: &Words,
    sink: Option<&SmtpSink>,
) {
    let fp = driver.browser().await;
    sign_in(&fp, app, "kz@example.org", &w.page).await;
    // Home: what is due, overdue first.
    let home = wait_for_text(&fp, w.due_yours).await;
    assert!(home.contains(w.overdue), "nothing overdue on:\n{home}");
    shots(&fp, w, "focal-home").await;
    guide_from_home(&fp, app, w, "focal-point", w.guide_titles[0]).await;
    let row = due_row(&fp, app, "P1.02").await;
    assert!(row.contains(w.overdue), "P1.02 is not overdue: {row}");
    wait_for_text(&fp, w.due_title).await;
    shots(&fp, w, "focal-due").await;

    // Log progress from the commitment's page, with a Russian narrative.
    fp.goto(&app.url(&format!("/commitments/{}", d.p102)))
        .await
        .unwrap();
    click(
        &fp,
        &format!(r#"a[href="/tracks/{}/updates/new"]"#, d.p102_track),
    )
    .await;
    let form = wait_for_text(&fp, w.log_progress).await;
    for help in [w.help_substantial, w.help_narrative, w.help_evidence] {
        assert!(form.contains(help), "no inline help {help:?} on:\n{form}");
    }
    select(&fp, "period", "2025").await;
    click(&fp, "#status-limited").await;
    type_into(&fp, "narrative_ru", NARRATIVE_RU).await;
    if w.page.lang == "en" {
        type_into(&fp, "narrative_en", NARRATIVE_EN).await;
    }
    shots(&fp, w, "focal-log-progress").await;
    // Kept as a draft first, then submitted from the draft's own form.
    click(&fp, r#"button[name="action"][value="draft"]"#).await;
    let draft = wait_for_text(&fp, w.draft_saved).await;
    assert!(draft.contains(NARRATIVE_RU), "{draft}");
    click(&fp, r#"button[name="action"][value="submit"]"#).await;
    let page = wait_for_text(&fp, w.submitted).await;
    assert!(page.contains(NARRATIVE_RU) && page.contains(w.state_submitted));
    let first = update_id_from_url(&fp).await;

    // The reviewer returns it with a comment.
    let rev = driver.browser().await;
    sign_in(&rev, app, "rev@example.org", &w.page).await;
    guide_from_home(&rev, app, w, "reviewer", w.guide_titles[1]).await;
    click(&rev, r#"nav a[href="/review"]"#).await;
    let queue = wait_for_text(&rev, w.queue_title).await;
    assert!(queue.contains(w.queue_one), "{queue}");
    shots(&rev, w, "reviewer-queue").await;
    rev.find(Locator::LinkText(&format!("#{first}")))
        .await
        .unwrap_or_else(|_| panic!("update #{first} is not in the queue"))
        .click()
        .await
        .unwrap();
    wait_for_text(&rev, w.decision).await;
    assert!(body(&rev).await.contains(NARRATIVE_RU));
    type_into(&rev, "comment", w.comment).await;
    shots(&rev, w, "reviewer-decision").await;
    click(&rev, r#"button[name="decision"][value="return"]"#).await;
    wait_for_text(&rev, w.done_returned).await;

    // The focal point sees it returned with the comment, revises and resubmits.
    fp.goto(&app.url("/my-updates")).await.unwrap();
    let mine = wait_for_text(&fp, w.my_updates).await;
    assert!(mine.contains(w.state_returned), "{mine}");
    shots(&fp, w, "focal-my-updates").await;
    // They follow the link in the mail that told them, in their language.
    let link = match sink {
        Some(sink) => returned_mail_link(sink, w, first).await,
        None => app.url(&format!("/updates/{first}")),
    };
    fp.goto(&link).await.unwrap();
    let page = wait_for_text(&fp, w.reviewer_comment).await;
    assert!(page.contains(w.comment) && page.contains(w.state_returned));
    // An answer in the update's conversation before the revision.
    type_into(&fp, "comment-body", w.answer).await;
    click(&fp, r#"form[action$="/comments"] button[type=submit]"#).await;
    let page = wait_for_text(&fp, w.commented).await;
    assert!(page.contains(w.answer), "{page}");
    click(&fp, &format!(r#"a[href="/updates/{first}/revise"]"#)).await;
    wait_for_text(&fp, w.revise_heading).await;
    let ru = fp.find(Locator::Id("narrative_ru")).await.unwrap();
    assert_eq!(
        ru.prop("value").await.unwrap().as_deref(),
        Some(NARRATIVE_RU),
        "the revision starts from the returned text"
    );
    type_into(&fp, "evidence_url", "https://example.org/kz/training-2025").await;
    click(&fp, "main form button[type=submit]").await;
    let page = wait_for_text(&fp, w.submitted).await;
    assert!(page.contains(w.revises_before), "{page}");
    let second = update_id_from_url(&fp).await;
    assert!(second > first);

    // The reviewer accepts the revision; the queue is empty again.
    rev.goto(&app.url("/review")).await.unwrap();
    wait_for_text(&rev, w.queue_one).await;
    rev.find(Locator::LinkText(&format!("#{second}")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&rev, w.decision).await;
    click(&rev, r#"button[name="decision"][value="accept"]"#).await;
    wait_for_text(&rev, w.done_accepted).await;
    rev.goto(&app.url("/review")).await.unwrap();
    let queue = wait_for_text(&rev, w.queue_title).await;
    assert!(!queue.contains(&format!("#{second}")), "{queue}");

    // Accepted: it counts, and the report is no longer overdue.
    fp.goto(&app.url("/my-updates")).await.unwrap();
    let mine = wait_for_text(&fp, w.state_accepted).await;
    assert!(mine.contains(w.limited), "{mine}");
    let row = due_row(&fp, app, "P1.02").await;
    assert!(
        row.contains(w.due) && !row.contains(w.overdue),
        "P1.02 after the 2025 report: {row}"
    );
    for c in [fp, rev] {
        c.close().await.unwrap();
    }
}

/// The link in the mail that told the focal point their update came back.
async fn returned_mail_link(sink: &SmtpSink, w: &Words, id: i64) -> String {
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let mail = sink
            .received()
            .into_iter()
            .find(|m| m.to == ["kz@example.org"] && m.body().contains(w.mail_returned));
        if let Some(mail) = mail {
            let body = mail.body();
            let link = body
                .split_whitespace()
                .find(|word| word.ends_with(&format!("/updates/{id}")))
                .unwrap_or_else(|| panic!("no link to update {id} in:\n{body}"));
            return link.to_owned();
        }
        assert!(
            Instant::now() < deadline,
            "no mail told the author: {:?}",
            sink.received()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The donor: dashboard, a past year's end, filters, CSV and XLSX.
async fn donor(driver: &mut Driver, app: &TestApp, w: &Words) {
    let donor = driver.browser().await;
    sign_in(&donor, app, "donor@example.org", &w.page).await;
    let today = kz_pillar1_cell(&donor).await;
    assert!(
        today.contains(&format!("1 {}", w.substantial_lower))
            && today.contains(&format!("1 {}", w.limited_lower))
            && today.contains(w.kazakhstan),
        "today the cell says {today:?}"
    );
    shots(&donor, w, "donor-dashboard").await;
    guide_from_home(&donor, app, w, "donor", w.guide_titles[2]).await;

    // The end of 2024: only what was accepted by then.
    donor.goto(&app.url("/")).await.unwrap();
    click(&donor, r#"nav.as-of-years a[href="/?as_of=2024-12-31"]"#).await;
    wait_for_text(&donor, w.as_of_banner).await;
    let then = kz_pillar1_cell(&donor).await;
    assert!(
        then.contains(&format!("1 {}", w.limited_lower)) && !then.contains(w.substantial_lower),
        "as of 2024-12-31 the cell says {then:?}"
    );
    shots(&donor, w, "donor-dashboard-2024").await;

    // Filters: pillar I, Kazakhstan, substantial progress.
    donor.goto(&app.url("/commitments")).await.unwrap();
    select(&donor, "pillar", "1").await;
    select(&donor, "country", "KZ").await;
    select(&donor, "status", "substantial").await;
    click(&donor, "form.filters button[type=submit]").await;
    // The list was on screen before the filters went: wait for the
    // filtered one, not just any list.
    wait_for_path(&donor, "/commitments").await;
    let list = wait_for_text(&donor, w.shown_one[0]).await;
    for shown in w.shown_one {
        assert!(list.contains(shown), "no {shown:?} in:\n{list}");
    }
    shots(&donor, w, "donor-commitments").await;
    set_date(&donor, "as_of", "2024-12-31").await;
    click(&donor, "form.filters button[type=submit]").await;
    let none = wait_for_text(&donor, w.as_of_banner).await;
    assert!(none.contains(w.commitments_none), "{none}");

    // Reports for Kazakhstan as of the end of 2024, as CSV and XLSX.
    driver.clear_downloads();
    donor.goto(&app.url("/reports")).await.unwrap();
    wait_for_text(&donor, w.reports_title).await;
    select(&donor, "country", "KZ").await;
    set_date(&donor, "as_of", "2024-12-31").await;
    click(&donor, "form.filters button[type=submit]").await;
    wait_for_text(&donor, w.as_of_banner).await;
    shots(&donor, w, "donor-reports").await;
    let suffix = if w.page.lang == "en" {
        String::new()
    } else {
        format!("-{}", w.page.lang)
    };
    click(&donor, r#"a[href^="/reports/commitments.csv"]"#).await;
    let file = wait_for_download(
        driver.downloads(),
        "jpoa-commitments-2024-12-31",
        &format!("{suffix}.csv"),
    )
    .await;
    let (header, rows) = parse_csv(&settled(&file).await);
    let (code, country, status, label, name) = (
        col(&header, "commitment_code"),
        col(&header, "country"),
        col(&header, "status"),
        col(&header, "status_label"),
        col(&header, "country_name"),
    );
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r[country] == "KZ"), "only Kazakhstan");
    let p101 = rows.iter().find(|r| r[code] == "P1.01").unwrap();
    assert_eq!(
        (
            p101[status].as_str(),
            p101[label].as_str(),
            p101[name].as_str()
        ),
        ("limited", w.limited, w.kazakhstan),
        "P1.01 as of 2024-12-31 in {}",
        file.display()
    );
    let p102 = rows.iter().find(|r| r[code] == "P1.02").unwrap();
    assert_eq!(p102[status], "no_information", "accepted after that day");

    click(&donor, r#"a[href^="/reports/progress.xlsx"]"#).await;
    let file = wait_for_download(
        driver.downloads(),
        "jpoa-progress-2024-12-31",
        &format!("{suffix}.xlsx"),
    )
    .await;
    let rows: Vec<Vec<String>> = report_sheet(settled(&file).await)
        .iter()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(
        rows.len(),
        2,
        "the header and the one update accepted by then"
    );
    let at = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let row = &rows[1];
    assert_eq!(
        (
            row[at("commitment_code")].as_str(),
            row[at("period")].as_str(),
            row[at("status")].as_str(),
            row[at("country_name")].as_str(),
            row[at("status_label")].as_str(),
        ),
        ("P1.01", "2023", "limited", w.kazakhstan, w.limited)
    );
    donor.close().await.unwrap();
}

/// The administrator: an account with its one-time link, an import from a
/// CSV file chosen in the file input, and a snapshot.
async fn admin(driver: &mut Driver, app: &TestApp, w: &Words) {
    let admin = driver.browser().await;
    sign_in(&admin, app, "admin@example.org", &w.page).await;
    guide_from_home(&admin, app, w, "admin", w.guide_titles[3]).await;

    admin.goto(&app.url("/admin/users")).await.unwrap();
    let email = format!("uz-{}@example.org", w.page.lang);
    type_into(&admin, "name", "Nodira Karimova").await;
    type_into(&admin, "email", &email).await;
    select(&admin, "role", "focal-point").await;
    select(&admin, "country", "UZ").await;
    click(&admin, r#"form[action="/admin/users"] button[type=submit]"#).await;
    let page = wait_for_text(&admin, w.link_notice).await;
    assert!(page.contains(&email), "{page}");
    let link = wait_for_css(&admin, "#invite-link")
        .await
        .text()
        .await
        .unwrap();
    assert!(link.starts_with(&app.url("/setup/")), "{link}");
    assert_eq!(reqwest::get(&link).await.unwrap().status(), 200, "{link}");
    shots(&admin, w, "admin-accounts").await;

    // Import two new commitments from a file, through the link on the page.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.csv");
    std::fs::write(
        &plan,
        "\u{feff}document,code,pillar,theme,target_year,title_en,title_ru,tracks\n\
         JPOA-2022,P4.90,4,human-rights,2028,Train judges in human rights law,Обучение судей нормам в области прав человека,KZ KG TJ TM UZ\n\
         JPOA-2022,P4.91,4,human-rights,2029,Publish an annual report,Публиковать ежегодный доклад,REG\n",
    )
    .unwrap();
    let before = app.count("SELECT count(*) FROM commitments").await;
    click(&admin, r#"main a[href="/admin/import"]"#).await;
    wait_for_text(&admin, w.import_title).await;
    upload(&admin, &plan).await;
    let page = wait_for_text(&admin, w.import_done).await;
    assert!(page.contains(w.import_created), "{page}");
    assert_eq!(
        app.count("SELECT count(*) FROM commitments").await,
        before + 2
    );
    shots(&admin, w, "admin-import").await;
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "code,titel\nX,Y\n").unwrap();
    upload(&admin, &bad).await;
    wait_for_css(&admin, "#import-problems").await;
    let page = wait_for_text(&admin, w.import_refused).await;
    assert!(
        page.contains(w.import_line) && page.contains("titel"),
        "{page}"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM commitments").await,
        before + 2,
        "the bad file changed nothing"
    );
    shots(&admin, w, "admin-import-problems").await;

    // Freeze a snapshot of the end of 2024.
    admin.goto(&app.url("/snapshots")).await.unwrap();
    type_into(&admin, "name", w.snapshot_name).await;
    set_date(&admin, "as_of", "2024-12-31").await;
    click(&admin, r#"form[action="/snapshots"] button[type=submit]"#).await;
    let page = wait_for_text(&admin, w.snapshot_frozen).await;
    assert!(page.contains(w.snapshot_name), "{page}");
    let url = admin.current_url().await.unwrap();
    let files = admin
        .find_all(Locator::Css(&format!(r#"a[href^="{}/"]"#, url.path())))
        .await
        .unwrap();
    assert_eq!(files.len(), 24, "4 reports × 3 formats × 2 languages");
    shots(&admin, w, "admin-snapshot").await;
    admin.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_s_journey_in_english_and_in_russian_in_a_browser() {
    let Some(mut driver) = Driver::start_or_skip().await else {
        return;
    };
    for w in [&EN, &RU] {
        let started = Instant::now();
        // Mail goes to a real SMTP server, when the tests have one.
        let sink = SmtpSink::start_or_skip();
        let app = match &sink {
            Some(s) => TestApp::spawn_configured(crate::mail::settings_for(s), None).await,
            None => TestApp::spawn().await,
        };
        let d = data(&app).await;
        focal_point_and_reviewer(&mut driver, &app, &d, w, sink.as_ref()).await;
        donor(&mut driver, &app, w).await;
        admin(&mut driver, &app, w).await;
        eprintln!(
            "{} journeys took {:.1}s",
            w.page.lang,
            started.elapsed().as_secs_f64()
        );
    }
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("screenshots/ru-phone-focal-due.png")
            .exists()
    );
    drop(driver);
}
