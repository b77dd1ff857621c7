//! One journey in a real browser: headless Chromium driven over WebDriver
//! (fantoccini + Debian's chromedriver). A focal point logs progress, a
//! reviewer accepts it, a donor sees the dashboard change and downloads the
//! progress report.
//!
//! Without /usr/bin/chromedriver and /usr/bin/chromium the test is skipped
//! with a note, unless JPOA_REQUIRE_BROWSER is set (as scripts/test does),
//! in which case it fails.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use jpoa_tracker::domain::{Country, Role};
use serde_json::{Value, json};

use crate::helpers::{self, TestApp, col, parse_csv};

pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
pub(crate) const WAIT: Duration = Duration::from_secs(10);

const NARRATIVE_RU: &str = "Проведено обучение 45 сотрудников 🎓";

/// chromedriver, the profiles of its browsers and their download folder.
/// Dropping it ends chromedriver and every browser it started, also when a
/// test panics.
pub(crate) struct Driver {
    child: Child,
    url: String,
    downloads: tempfile::TempDir,
    profiles: Vec<tempfile::TempDir>,
}

impl Driver {
    pub(crate) async fn start() -> Driver {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").expect("no free loopback port");
            l.local_addr().unwrap().port()
        };
        let child = {
            use std::os::unix::process::CommandExt;
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // Its own process group, so the browsers it starts can be
                // ended with it.
                .process_group(0)
                .spawn()
                .expect("chromedriver did not start")
        };
        let mut driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            downloads: tempfile::tempdir().unwrap(),
            profiles: Vec::new(),
        };
        driver.wait_until_ready().await;
        driver
    }

    async fn wait_until_ready(&mut self) {
        let status = format!("{}/status", self.url);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(exit) = self.child.try_wait().unwrap() {
                panic!("chromedriver exited early: {exit}");
            }
            if let Ok(resp) = reqwest::get(&status).await {
                if let Ok(v) = resp.json::<Value>().await {
                    if v["value"]["ready"] == json!(true) {
                        return;
                    }
                }
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on {status} within {WAIT:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A fresh browser with its own profile: no cookies shared between roles.
    pub(crate) async fn browser(&mut self) -> Client {
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    format!("--user-data-dir={}", profile.path().display()),
                    "--window-size=1280,900",
                ],
                "prefs": {
                    "download.default_directory": self.downloads.path().display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        self.profiles.push(profile);
        ClientBuilder::rustls()
            .expect("rustls initialisation")
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("could not start a Chromium session through chromedriver")
    }
}

impl Driver {
    /// The folder the browsers download into.
    pub(crate) fn downloads(&self) -> &Path {
        self.downloads.path()
    }

    /// Empties the download folder, so that a file found next is new.
    pub(crate) fn clear_downloads(&self) {
        for e in std::fs::read_dir(self.downloads.path()).unwrap().flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        for signal in ["-TERM", "-KILL"] {
            if self.child.try_wait().ok().flatten().is_none() || signal == "-KILL" {
                let _ = Command::new("kill")
                    .args([signal, "--", &group])
                    .stderr(Stdio::null())
                    .status();
            }
            if signal == "-TERM" {
                std::thread::sleep(Duration::from_millis(300));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn browser_available() -> bool {
    Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists()
}

/// The visible text of the page once it contains `needle`.
pub(crate) async fn wait_for_text(c: &Client, needle: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        // During a navigation the body can go stale: try again.
        let text = match c.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(needle) {
            return text;
        }
        if Instant::now() > deadline {
            let url = c.current_url().await.map(|u| u.to_string());
            panic!("{needle:?} did not appear on {url:?} within {WAIT:?}; the page says:\n{text}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) async fn wait_for_path(c: &Client, path: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(u) = c.current_url().await {
            if u.path() == path {
                return;
            }
            if Instant::now() > deadline {
                let text = match c.find(Locator::Css("body")).await {
                    Ok(b) => b.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                panic!("still on {u} instead of {path} after {WAIT:?}; the page says:\n{text}");
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for an element to be on the page.
pub(crate) async fn wait_for_css(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("no {css} on the page within {WAIT:?}"))
}

/// Chooses `file` in the page's file input (`#file`), as a person would in
/// the file dialog, and sends its form.
pub(crate) async fn upload(c: &Client, file: &Path) {
    c.find(Locator::Id("file"))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    c.find(Locator::Css(
        r#"form[enctype="multipart/form-data"] button[type=submit]"#,
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
}

/// Signs in through the form, as a person would.
pub(crate) async fn sign_in(c: &Client, app: &TestApp, email: &str) {
    c.goto(&app.url("/login")).await.unwrap();
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys(email)
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(helpers::PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(c, "/").await;
    wait_for_text(c, "Implementation status").await;
}

/// The accessible name of the dashboard cell for Pillar I × Kazakhstan.
async fn kz_pillar1_cell(c: &Client, app: &TestApp) -> String {
    c.goto(&app.url("/")).await.unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(
            r#"a.cell[href="/commitments?pillar=1&country=KZ"]"#,
        ))
        .await
        .expect("no dashboard cell for Pillar I × Kazakhstan")
        .attr("aria-label")
        .await
        .unwrap()
        .expect("the dashboard cell has no aria-label")
}

/// A PNG of the whole page (the window is made as tall as the page for the
/// shot) in `screenshots/` at the repository root.
pub(crate) async fn save_screenshot(c: &Client, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let (w, h) = c.get_window_size().await.unwrap();
    let sizes = c
        .execute(
            "return [document.documentElement.scrollHeight, window.outerHeight - window.innerHeight];",
            vec![],
        )
        .await
        .unwrap();
    let page_h = sizes[0].as_u64().unwrap_or(h);
    let frame = sizes[1].as_u64().unwrap_or(0);
    let tall = (page_h + frame).clamp(h, 10_000);
    if tall > h {
        c.set_window_size(w as u32, tall as u32).await.unwrap();
    }
    let png = c.screenshot().await.unwrap();
    if tall > h {
        c.set_window_size(w as u32, h as u32).await.unwrap();
    }
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
    let path = dir.join(name);
    std::fs::write(&path, png).unwrap();
    path
}

/// Waits for a finished download named `{prefix}*{suffix}`.
pub(crate) async fn wait_for_download(dir: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let deadline = Instant::now() + WAIT;
    loop {
        let found = std::fs::read_dir(dir).unwrap().find_map(|e| {
            let p = e.ok()?.path();
            let name = p.file_name()?.to_str()?;
            (name.starts_with(prefix) && name.ends_with(suffix)).then_some(p)
        });
        if let Some(p) = found {
            return p;
        }
        if Instant::now() > deadline {
            let names: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.file_name()))
                .collect();
            panic!("no {prefix}*{suffix} downloaded within {WAIT:?}; the folder holds {names:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A downloaded file's bytes once they stop changing: the file appears
/// under its name once complete, but a slow write may still settle.
pub(crate) async fn settled(file: &Path) -> Vec<u8> {
    let mut last = std::fs::read(file).unwrap();
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let now = std::fs::read(file).unwrap();
        if now == last {
            return now;
        }
        last = now;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_is_logged_reviewed_and_reported_in_a_browser() {
    if !browser_available() {
        let msg = format!(
            "{CHROMEDRIVER} or {CHROMIUM} is missing (apt-get install chromium chromium-driver)"
        );
        if std::env::var_os("JPOA_REQUIRE_BROWSER").is_some() {
            panic!("JPOA_REQUIRE_BROWSER is set but {msg}");
        }
        eprintln!("note: browser test skipped: {msg}");
        return;
    }
    let started = Instant::now();

    let app = TestApp::spawn().await;
    app.add_user("fp-kz@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    app.add_user("reviewer@example.org", Role::Reviewer, None)
        .await;
    app.add_user("donor@example.org", Role::Donor, None).await;
    let track = app.track("P1.01", "KZ").await;

    let mut driver = Driver::start().await;

    // The donor looks at the dashboard before anything is reported.
    let donor = driver.browser().await;
    sign_in(&donor, &app, "donor@example.org").await;
    let before = kz_pillar1_cell(&donor, &app).await;
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
    sign_in(&fp, &app, "fp-kz@example.org").await;
    fp.goto(&app.url(&format!("/tracks/{track}/updates/new")))
        .await
        .unwrap();
    wait_for_text(&fp, "Log progress").await;
    fp.find(Locator::Id("period"))
        .await
        .unwrap()
        .select_by_value("2024-H1")
        .await
        .unwrap();
    fp.find(Locator::Id("status-substantial"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fp.find(Locator::Id("narrative_en"))
        .await
        .unwrap()
        .send_keys("Trained 45 staff members.")
        .await
        .unwrap();
    let ru = fp.find(Locator::Id("narrative_ru")).await.unwrap();
    ru.send_keys(NARRATIVE_RU).await.unwrap();
    assert_eq!(
        ru.prop("value").await.unwrap().as_deref(),
        Some(NARRATIVE_RU),
        "the Russian narrative was not typed as given"
    );
    fp.find(Locator::Id("evidence_url"))
        .await
        .unwrap()
        .send_keys("https://example.org/kz/training-2024")
        .await
        .unwrap();
    assert!(
        fp.find(Locator::Id("status-substantial"))
            .await
            .unwrap()
            .is_selected()
            .await
            .unwrap()
    );
    save_screenshot(&fp, "log-progress-form.png").await;
    fp.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let page = wait_for_text(&fp, "Your update was submitted").await;
    assert!(
        page.contains(NARRATIVE_RU),
        "the update page does not show the narrative:\n{page}"
    );
    let url = fp.current_url().await.unwrap();
    let update_id: i64 = url
        .path()
        .strip_prefix("/updates/")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("after submitting, the browser is on {url}"));

    // A reviewer finds it in the queue and accepts it.
    let reviewer = driver.browser().await;
    sign_in(&reviewer, &app, "reviewer@example.org").await;
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
    reviewer
        .find(Locator::Css(r#"button[name="decision"][value="accept"]"#))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&reviewer, "The update was accepted").await;

    // The donor's dashboard now counts it, and the report carries it.
    let after = kz_pillar1_cell(&donor, &app).await;
    assert!(
        after.contains("1 substantial progress"),
        "after acceptance the cell says {after:?} (before: {before:?})"
    );
    save_screenshot(&donor, "donor-dashboard.png").await;

    donor.goto(&app.url("/reports")).await.unwrap();
    wait_for_text(&donor, "Download").await;
    donor
        .find(Locator::Css(r#"a[href^="/reports/progress.csv"]"#))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let file = wait_for_download(driver.downloads.path(), "jpoa-progress-", ".csv").await;
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
    let cid = app
        .count("SELECT id FROM commitments WHERE code = 'P1.01'")
        .await;
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
        let overflow = donor
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            overflow.as_i64().unwrap_or(0) <= 0,
            "{path} scrolls sideways on a phone by {overflow}px"
        );
    }
    donor.set_window_size(w as u32, h as u32).await.unwrap();

    // The focal point switches to Russian with the header's button (a form:
    // no script) and stays on the same page; pages then speak Russian, at a
    // phone's width too.
    fp.goto(&app.url("/my-updates")).await.unwrap();
    wait_for_text(&fp, "My updates").await;
    fp.find(Locator::Css(r#".lang-switch button[value="ru"]"#))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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
    wait_for_text(&fp, "Отчёты").await;
    save_screenshot(&fp, "ru-reports.png").await;
    fp.find(Locator::Css(r#"a[href^="/reports/status-matrix.xlsx"]"#))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let file = wait_for_download(driver.downloads.path(), "jpoa-status-matrix-", "-ru.xlsx").await;
    let bytes = settled(&file).await;
    let mut book: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(bytes)).expect("a readable XLSX file");
    let sheet = calamine::Reader::worksheet_range(&mut book, "Report").unwrap();
    let rows: Vec<_> = sheet.rows().collect();
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
    let overflow = fp
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_i64().unwrap_or(0) <= 0,
        "the Russian dashboard scrolls sideways on a phone by {overflow}px"
    );
    fp.set_window_size(w as u32, h as u32).await.unwrap();
    fp.find(Locator::Css(r#".lang-switch button[value="en"]"#))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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
