//! Journeys in a real browser: headless Chromium driven over WebDriver
//! (fantoccini + Debian's chromedriver). This module starts chromedriver and
//! its browsers, signs people in through the form, and waits for what a
//! person would wait for.
//!
//! Without /usr/bin/chromedriver and /usr/bin/chromium the tests are skipped
//! with a note, unless JPOA_REQUIRE_BROWSER is set (as scripts/test does),
//! in which case they fail.

mod accessibility;
mod journey;
mod path;
mod roles;
mod second_factor;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, id_after};

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub const CHROMIUM: &str = "/usr/bin/chromium";

pub const WAIT: Duration = Duration::from_secs(10);

/// chromedriver, the profiles of its browsers and their download folder.
/// Dropping it ends chromedriver and every browser it started, also when a
/// test panics.
pub struct Driver {
    child: Child,
    url: String,
    downloads: tempfile::TempDir,
    profiles: Vec<tempfile::TempDir>,
}

impl Driver {
    pub async fn start() -> Driver {
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
    pub async fn browser(&mut self) -> Client {
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
        // chromedriver listens on loopback in plain HTTP: no TLS stack to
        // build into the tests for it.
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("could not start a Chromium session through chromedriver")
    }
}

impl Driver {
    /// The folder the browsers download into.
    pub fn downloads(&self) -> &Path {
        self.downloads.path()
    }

    /// Empties the download folder, so that a file found next is new.
    pub fn clear_downloads(&self) {
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

impl Driver {
    /// chromedriver, started; None, with a note, when chromedriver or
    /// Chromium is missing. With JPOA_REQUIRE_BROWSER set, a missing browser
    /// fails the test instead.
    pub async fn start_or_skip() -> Option<Driver> {
        if Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists() {
            return Some(Driver::start().await);
        }
        let msg = format!(
            "{CHROMEDRIVER} or {CHROMIUM} is missing (apt-get install chromium chromium-driver)"
        );
        if std::env::var_os("JPOA_REQUIRE_BROWSER").is_some() {
            panic!("JPOA_REQUIRE_BROWSER is set but {msg}");
        }
        eprintln!("note: browser test skipped: {msg}");
        None
    }
}

/// What a journey waits for on the way in, in one language: the sign-in
/// page's heading and the dashboard's.
pub struct Landmarks {
    pub lang: &'static str,
    pub sign_in: &'static str,
    pub dashboard: &'static str,
}

pub const ENGLISH: Landmarks = Landmarks {
    lang: "en",
    sign_in: "Sign in",
    dashboard: "Implementation status",
};

/// The visible text of the page once it contains `needle`.
pub async fn wait_for_text(c: &Client, needle: &str) -> String {
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

pub async fn wait_for_path(c: &Client, path: &str) {
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
pub async fn wait_for_css(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("no {css} on the page within {WAIT:?}"))
}

/// Chooses `file` in the page's file input (`#file`), as a person would in
/// the file dialog, and sends its form.
pub async fn upload(c: &Client, file: &Path) {
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

/// Signs in through the form, as a person would, and waits for the
/// dashboard. In a language other than English the sign-in page is switched
/// first with the header's language control, which the account then keeps.
pub async fn sign_in(c: &Client, app: &TestApp, email: &str, speaking: &Landmarks) {
    c.goto(&app.url("/login")).await.unwrap();
    if speaking.lang != "en" {
        switch_language(c, speaking.lang).await;
    }
    wait_for_text(c, speaking.sign_in).await;
    type_into(c, "email", email).await;
    type_into(c, "password", PASSWORD).await;
    click(c, "main form button[type=submit]").await;
    wait_for_path(c, "/").await;
    wait_for_text(c, speaking.dashboard).await;
}

/// Switches the page to `lang` with the header's language control (a
/// form), and waits for the page in that language.
pub async fn switch_language(c: &Client, lang: &str) {
    click(c, &format!(r#".lang-switch button[value="{lang}"]"#)).await;
    wait_for_css(c, &format!(r#"html[lang="{lang}"]"#)).await;
}

/// Types `text` into the field of id `id`.
pub async fn type_into(c: &Client, id: &str, text: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap_or_else(|_| panic!("no #{id} on the page"))
        .send_keys(text)
        .await
        .unwrap();
}

/// How far the page scrolls sideways, in pixels: 0 when it fits the window.
pub async fn sideways_overflow(c: &Client) -> i64 {
    c.execute(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        vec![],
    )
    .await
    .unwrap()
    .as_i64()
    .unwrap_or(0)
}

/// The sheet "Report" of a downloaded XLSX file, row by row.
pub fn report_sheet(bytes: Vec<u8>) -> Vec<Vec<calamine::Data>> {
    let mut book: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(bytes)).expect("a readable XLSX file");
    let sheet = calamine::Reader::worksheet_range(&mut book, "Report").unwrap();
    sheet.rows().map(<[calamine::Data]>::to_vec).collect()
}

/// A PNG of the whole page (the window is made as tall as the page for the
/// shot) in `screenshots/` at the repository root.
pub async fn save_screenshot(c: &Client, name: &str) -> PathBuf {
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
pub async fn wait_for_download(dir: &Path, prefix: &str, suffix: &str) -> PathBuf {
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
pub async fn settled(file: &Path) -> Vec<u8> {
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

pub async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("no {css} on the page"))
        .click()
        .await
        .unwrap();
}

pub async fn select(c: &Client, id: &str, value: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

/// Sets a date field. Typing into `<input type=date>` depends on the
/// browser's locale; a person picks the day in the calendar instead.
pub async fn set_date(c: &Client, id: &str, day: &str) {
    c.execute(
        "document.getElementById(arguments[0]).value = arguments[1];",
        vec![json!(id), json!(day)],
    )
    .await
    .unwrap();
}

pub async fn body(c: &Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The id of the update whose page the browser is on.
pub async fn update_id_from_url(c: &Client) -> i64 {
    let url = c.current_url().await.unwrap();
    id_after("/updates/", url.path())
}

/// The accessible name of the dashboard cell for Pillar I × Kazakhstan.
pub async fn kz_pillar1_cell(c: &Client) -> String {
    wait_for_css(c, r#"a.cell[href^="/commitments?pillar=1&country=KZ"]"#)
        .await
        .attr("aria-label")
        .await
        .unwrap()
        .expect("the dashboard cell has no aria-label")
}
