//! The focal point's path and the reviewer's, measured: on a 390 px phone,
//! in Russian, from the home page (or a reminder's link) to a submitted
//! overdue update, and from the review queue to a decision, each in at most
//! three page loads, with the period owed already chosen. The same phone
//! shows charts whose text is at least 12 px and wide tables that say they
//! scroll and keep their first column in view.
//!
//! A page load is a new document: before each step the test marks the
//! window's document over WebDriver, and a step that loaded a page leaves
//! no mark. A form sent and redirected is one load, as a person sees it.

use fantoccini::{Client, Locator};
use serde_json::Value;

use super::{Driver, Landmarks, click, save_screenshot, sign_in, type_into, wait_for_text};
use crate::helpers::{SmtpSink, TestApp};

const RUSSIAN: Landmarks = Landmarks {
    lang: "ru",
    sign_in: "Вход",
    dashboard: "Ход выполнения",
};

/// At most this many pages from the start of a path to its end.
const MAX_LOADS: u32 = 3;

/// Counts the documents a path goes through.
struct Path<'a> {
    c: &'a Client,
    name: &'static str,
    loads: u32,
}

impl<'a> Path<'a> {
    /// Starts on the page the browser shows: the first load.
    async fn start(c: &'a Client, name: &'static str) -> Path<'a> {
        let mut p = Path { c, name, loads: 1 };
        p.mark().await;
        p.shot().await;
        p
    }

    async fn mark(&mut self) {
        self.c
            .execute("window.jpoaPathMark = true; return null;", vec![])
            .await
            .unwrap();
    }

    /// After a step: counts a load if the document changed, and marks the new one.
    async fn step(&mut self, expect: &str) -> String {
        let text = wait_for_text(self.c, expect).await;
        let same = self
            .c
            .execute("return window.jpoaPathMark === true;", vec![])
            .await
            .unwrap();
        if same != Value::Bool(true) {
            self.loads += 1;
        }
        self.mark().await;
        self.shot().await;
        text
    }

    async fn shot(&self) {
        save_screenshot(
            self.c,
            &format!("ru-phone-path-{}-{}.png", self.name, self.loads),
        )
        .await;
    }

    fn done(self) -> u32 {
        assert!(self.loads > 1, "no page load seen: the marking is broken");
        assert!(
            self.loads <= MAX_LOADS,
            "the {} path took {} page loads, more than {MAX_LOADS}",
            self.name,
            self.loads
        );
        eprintln!("the {} path: {} page loads", self.name, self.loads);
        self.loads
    }
}

/// The first row of the due table with a link to log progress: the period
/// it owes and the link.
async fn first_owed(c: &Client) -> (String, String) {
    let row = c
        .execute(
            r#"const a = document.querySelector('table.due tbody tr a.log-progress');
               if (!a) return null;
               const tr = a.closest('tr');
               const period = [...tr.querySelectorAll('td')]
                   .find(td => /^20[23][0-9](-H[12])?$/.test(td.innerText.trim()));
               return [period ? period.innerText.trim() : '', a.getAttribute('href')];"#,
            vec![],
        )
        .await
        .unwrap();
    let row = row
        .as_array()
        .unwrap_or_else(|| panic!("no row with a link to log progress"));
    (
        row[0].as_str().unwrap().to_owned(),
        row[1].as_str().unwrap().to_owned(),
    )
}

/// From the owed row to the submitted update: the form opens on the period
/// owed, the focal point picks a status, writes and sends.
async fn log_owed(p: &mut Path<'_>) -> (String, i64) {
    let c = p.c;
    let (period, href) = first_owed(c).await;
    assert!(!period.is_empty(), "the owed row names no period");
    let track: i64 = href
        .trim_start_matches("/tracks/")
        .trim_end_matches("/updates/new")
        .parse()
        .unwrap();
    click(c, &format!(r#"table.due a[href="{href}"]"#)).await;
    p.step("Внести отчёт").await;
    let chosen = c
        .find(Locator::Id("period"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        chosen.as_deref(),
        Some(period.as_str()),
        "the form does not start on the period owed"
    );
    click(c, "#status-limited").await;
    type_into(c, "narrative_ru", "Проведено обучение 30 сотрудников.").await;
    click(c, r#"button[name="action"][value="submit"]"#).await;
    let page = p.step("Ваш отчёт представлен").await;
    assert!(page.contains(&period), "{page}");
    (period, track)
}

/// The smallest rendered text of the page's charts, in CSS pixels: the font
/// size times the scale the SVG is drawn at.
async fn smallest_chart_text(c: &Client) -> f64 {
    c.execute(
        r#"let least = Infinity;
           for (const svg of document.querySelectorAll('svg.chart')) {
               const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
               for (const t of svg.querySelectorAll('text')) {
                   least = Math.min(least, parseFloat(getComputedStyle(t).fontSize) * scale);
               }
           }
           return least === Infinity ? 0 : least;"#,
        vec![],
    )
    .await
    .unwrap()
    .as_f64()
    .unwrap()
}

/// Scrolls the first wide table to its end: whether it did scroll, and how
/// far its first column then sits from the table's left edge.
async fn scrolled_first_column(c: &Client, table: &str) -> (bool, f64) {
    let v = c
        .execute(
            &format!(
                r#"const wrap = document.querySelector('.table-wrap:has(> table.{table})');
                   wrap.scrollLeft = wrap.scrollWidth;
                   const first = wrap.querySelector('tbody tr > :first-child');
                   return [wrap.scrollLeft > 0,
                           first.getBoundingClientRect().left - wrap.getBoundingClientRect().left];"#
            ),
            vec![],
        )
        .await
        .unwrap();
    (v[0].as_bool().unwrap(), v[1].as_f64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_focal_point_s_and_the_reviewer_s_paths_take_three_page_loads_on_a_phone_in_russian() {
    let Some(mut driver) = Driver::start_or_skip().await else {
        return;
    };
    let sink = SmtpSink::start_or_skip();
    let app = match &sink {
        Some(s) => TestApp::spawn_configured(crate::mail::settings_for(s), None).await,
        None => TestApp::spawn().await,
    };
    app.add_standard_users().await;

    // The focal point, from the home page: every track owes its 2025 update.
    let fp = driver.browser().await;
    fp.set_window_size(390, 844).await.unwrap();
    sign_in(&fp, &app, "kz@example.org", &RUSSIAN).await;
    let home = wait_for_text(&fp, "Отчёты, которые ожидаются от вашей страны").await;
    assert!(home.contains("Просрочен"), "nothing overdue on:\n{home}");
    let mut path = Path::start(&fp, "focal-home").await;
    let (period, first_track) = log_owed(&mut path).await;
    assert_eq!(period, "2025");
    path.done();

    // The reviewer, from the queue to a decision.
    let rev = driver.browser().await;
    rev.set_window_size(390, 844).await.unwrap();
    sign_in(&rev, &app, "rev@example.org", &RUSSIAN).await;

    // Their dashboard on the phone: charts readable, the matrix scrolls
    // with a hint and keeps its first column.
    let least = smallest_chart_text(&rev).await;
    assert!(
        least >= 12.0,
        "chart text drawn at {least:.1} px on a phone"
    );
    let hint = rev
        .find(Locator::Css(".scroll-hint"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap();
    assert!(hint, "no sign on a phone that the matrix scrolls");
    let (scrolled, first_at) = scrolled_first_column(&rev, "matrix").await;
    assert!(scrolled, "the matrix fits a phone: nothing to scroll");
    assert!(
        first_at.abs() < 1.0,
        "the first column left the view by {first_at}px"
    );
    save_screenshot(&rev, "ru-phone-dashboard-scrolled.png").await;

    rev.goto(&app.url("/review")).await.unwrap();
    wait_for_text(&rev, "1 отчёт ожидает решения").await;
    let mut path = Path::start(&rev, "reviewer-queue").await;
    click(&rev, "table a[href^=\"/updates/\"]").await;
    path.step("Ваше решение").await;
    click(&rev, r#"button[name="decision"][value="accept"]"#).await;
    path.step("Отчёт принят").await;
    path.done();

    // From a reminder's link: the daily reminders tell the focal point what
    // is overdue, with a link to the list; from there the same two steps.
    if let Some(sink) = &sink {
        app.clock.advance(crate::mail::to_next_morning(&app));
        let link = crate::mail::link_in_mail_to(sink, "kz@example.org", "/due").await;
        fp.goto(&link).await.unwrap();
        wait_for_text(&fp, "Сроки представления отчётов").await;
        let mut path = Path::start(&fp, "focal-reminder").await;
        let (_, track) = log_owed(&mut path).await;
        assert_ne!(track, first_track, "the first track is no longer owed");
        path.done();
    }
    for c in [fp, rev] {
        c.close().await.unwrap();
    }
    drop(driver);
}
