//! Every page each role can reach, in English and in Russian, is valid HTML:
//! the Nu HTML checker (vnu.jar, the W3C's validator) finds no error in it.
//! Warnings are counted, not failed.
//!
//! vnu.jar comes from npm (`tests/html/package.json`; scripts/test runs
//! `npm ci --prefix tests/html`) and runs on Debian's Java. Without either
//! the test is skipped with a note, unless JPOA_REQUIRE_VNU is set (as
//! scripts/test does), in which case it fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::helpers::pages::{Visit, Who, fixture, pages, portal_open};
use crate::helpers::{Client, PASSWORD, Role, TestApp, field_value, location};
use crate::second_factor::{Authenticator, signed_in, text_of};

const JAR: &str = "tests/html/node_modules/vnu-jar/build/dist/vnu.jar";

/// vnu.jar, when it and a `java` to run it are installed.
fn checker_or_skip() -> Option<PathBuf> {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR")).join(JAR);
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if java && jar.exists() {
        return Some(jar);
    }
    let msg = format!(
        "java or {JAR} is missing (scripts/test installs default-jre-headless and runs \
         `npm ci --prefix tests/html`)"
    );
    assert!(
        std::env::var_os("JPOA_REQUIRE_VNU").is_none(),
        "JPOA_REQUIRE_VNU is set but {msg}"
    );
    eprintln!("note: markup test skipped: {msg}");
    None
}

/// The pages fetched so far, each in a file of its own for the checker.
struct Pages {
    dir: tempfile::TempDir,
    /// File name → what the page is: language, who, address; in order.
    labels: BTreeMap<String, String>,
    failures: Vec<String>,
}

impl Pages {
    /// Keeps the page of `r`, which must come with `status` and speak `lang`.
    async fn keep(&mut self, lang: &str, who: Who, page: &str, r: reqwest::Response, status: u16) {
        let label = format!("{lang} {who:?} {page}");
        if r.status() != status {
            self.failures.push(format!(
                "{label}: status {} instead of {status}",
                r.status()
            ));
        }
        let body = r.text().await.unwrap();
        if !body.contains(&format!("<html lang=\"{lang}\"")) {
            self.failures.push(format!(
                "{label}: the page does not say <html lang=\"{lang}\">"
            ));
        }
        let slug: String = format!("{who:?} {page}")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let name = format!(
            "{:03}-{lang}-{}.html",
            self.labels.len(),
            slug.trim_matches('-')
        );
        std::fs::write(self.dir.path().join(&name), body).unwrap();
        self.labels.insert(name, label);
    }
}

/// The selected option of the `<select name=…>` on a page, else its first.
fn selected_option(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no field {name}"));
    let select = &page[at..at + page[at..].find("</select>").unwrap()];
    let options: Vec<&str> = select.split("<option ").skip(1).collect();
    let chosen = options
        .iter()
        .find(|o| o[..o.find('>').unwrap()].contains(" selected"))
        .or(options.first())
        .unwrap_or_else(|| panic!("no option in {name}"));
    let v = chosen.find("value=\"").unwrap() + 7;
    chosen[v..v + chosen[v..].find('"').unwrap()].to_owned()
}

/// Reaches a page as the browser test does, with the same forms sent; a
/// label for it and the answer.
async fn visit(c: &Client, v: &Visit) -> (String, reqwest::Response) {
    match v {
        Visit::Get(path) => (path.clone(), c.get(path).await),
        Visit::InvalidUpdate(path) => {
            let (_, form) = c.get_text(path).await;
            let posted = path.trim_end_matches("/new");
            let (form_id, owner) = (
                field_value(&form, "form_id").unwrap_or_default(),
                field_value(&form, "owner").unwrap_or_default(),
            );
            let fields = [
                ("form_id", form_id.as_str()),
                ("owner", &owner),
                ("period", &selected_option(&form, "period")),
                ("status", "limited"),
                ("narrative_en", ""),
                ("narrative_ru", ""),
                ("evidence_url", ""),
                ("action", "submit"),
            ];
            let r = c.post_form(posted, &fields).await;
            (format!("POST {posted} (no narrative)"), r)
        }
        Visit::BadImport(path) => {
            let r = c.post_file(path, "bad.csv", b"code,titel\nX,Y\n").await;
            (format!("POST {path} (wrong columns)"), r)
        }
        Visit::FailedSignIn(path) => {
            let form = [
                ("email", "nobody@example.org"),
                ("password", "not the password"),
                ("next", "/"),
            ];
            let r = c.post_form(path, &form).await;
            (format!("POST {path} (unknown address)"), r)
        }
    }
}

/// Switches a browser's language with the header's form, which remembers it
/// in a cookie and, when signed in, on the account.
async fn speak(c: &Client, lang: &str) {
    let r = c
        .post_form("/language", &[("lang", lang), ("next", "/")])
        .await;
    assert_eq!(r.status(), 303, "the language switch to {lang}");
}

/// The pages of the second factor, which the browser test does not reach:
/// enrolling (a wrong code, then the recovery codes shown once), the
/// account's factor once enrolled, and the code asked at sign-in, as asked
/// and as refused. Each language has a person of its own, since a person
/// enrols once.
async fn second_factor_pages(app: &TestApp, pages: &mut Pages, lang: &str) {
    let email = format!("factor-{lang}@example.org");
    app.add_user(&email, Role::Reviewer, None).await;
    let c = signed_in(app, &email).await;
    speak(&c, lang).await;
    let (status, page) = c.get_text("/account/second-factor").await;
    assert_eq!(status, 200, "{page}");
    let mut authenticator = Authenticator::new(&text_of(&page, "totp-secret"));
    let enrolling = "/account/second-factor";
    let r = c.post_form(enrolling, &[("code", "000000")]).await;
    let page = format!("POST {enrolling} (wrong code)");
    pages.keep(lang, Who::Reviewer, &page, r, 422).await;
    let code = authenticator.code().await;
    let r = c.post_form(enrolling, &[("code", &code)]).await;
    let page = format!("POST {enrolling} (recovery codes)");
    pages.keep(lang, Who::Reviewer, &page, r, 200).await;
    let r = c.get(enrolling).await;
    pages.keep(lang, Who::Reviewer, enrolling, r, 200).await;

    let c = Client::new(app);
    speak(&c, lang).await;
    let r = c.sign_in(&email, PASSWORD).await;
    assert_eq!(location(&r), "/login/code", "a code is asked of {email}");
    let r = c.get("/login/code").await;
    pages
        .keep(lang, Who::Anonymous, "/login/code", r, 200)
        .await;
    let r = c.post_form("/login/code", &[("code", "000000")]).await;
    let page = "POST /login/code (wrong code)";
    pages.keep(lang, Who::Anonymous, page, r, 401).await;
}

/// Runs vnu.jar once over every file (the JVM is slow to start): its
/// messages, as JSON objects.
fn check(jar: &Path, dir: &Path, files: impl Iterator<Item = String>) -> Vec<Value> {
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--format", "json", "--stdout"])
        .args(files.map(|f| dir.join(f)))
        .output()
        .expect("java did not start");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "vnu.jar did not answer in JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["messages"].as_array().unwrap().clone()
}

/// What the checker said, page by page.
struct Verdict {
    /// Each error as "label (file:line:column): message [extract]".
    errors: Vec<String>,
    warnings: usize,
    /// Whether it found an error in the control page.
    control_caught: bool,
}

impl Verdict {
    fn of(messages: &[Value], labels: &BTreeMap<String, String>, control: &str) -> Verdict {
        let mut v = Verdict {
            errors: Vec::new(),
            warnings: 0,
            control_caught: false,
        };
        for m in messages {
            let file = m["url"].as_str().unwrap_or("?");
            let name = file.rsplit('/').next().unwrap_or(file);
            let (is_error, is_warning) = match (m["type"].as_str(), m["subType"].as_str()) {
                (Some("info"), sub) => (false, sub == Some("warning")),
                _ => (true, false),
            };
            if name == control {
                v.control_caught |= is_error;
            } else if is_warning {
                v.warnings += 1;
            } else if is_error {
                let label = labels.get(name).map_or(name, String::as_str);
                v.errors.push(format!(
                    "{label} ({name}:{}:{}): {} [{}]",
                    m["lastLine"],
                    m["firstColumn"],
                    m["message"].as_str().unwrap_or("?"),
                    m["extract"].as_str().unwrap_or("").trim()
                ));
            }
        }
        v
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_in_both_languages_is_valid_html() {
    let Some(jar) = checker_or_skip() else {
        return;
    };
    let app = TestApp::spawn_configured(portal_open(), None).await;
    let f = fixture(&app).await;
    let table = pages(&f);

    let mut clients = Vec::new();
    for who in Who::ALL {
        let c = match who.email() {
            Some(email) => app.login_as(email).await,
            None => Client::new(&app),
        };
        clients.push((who, c));
    }
    let client_of = |who: Who| &clients.iter().find(|(w, _)| *w == who).unwrap().1;

    let mut pages = Pages {
        dir: tempfile::tempdir().unwrap(),
        labels: BTreeMap::new(),
        failures: Vec::new(),
    };
    for lang in ["en", "ru"] {
        for (_, c) in &clients {
            speak(c, lang).await;
        }
        for check in &table {
            let (page, r) = visit(client_of(check.who), &check.visit).await;
            pages.keep(lang, check.who, &page, r, check.status).await;
        }
        second_factor_pages(&app, &mut pages, lang).await;
    }

    // A page with a known error, so that a checker that reads nothing
    // cannot pass the test.
    let control = "control.html";
    std::fs::write(
        pages.dir.path().join(control),
        "<!DOCTYPE html><html lang=en><title>t</title><p id=a><p id=a>",
    )
    .unwrap();
    let files = pages.labels.keys().cloned().chain([control.to_owned()]);
    let messages = check(&jar, pages.dir.path(), files);
    let verdict = Verdict::of(&messages, &pages.labels, control);
    let errors = verdict.errors.len();
    pages.failures.extend(verdict.errors);
    let extra = pages.labels.len() / 2 - table.len();
    eprintln!(
        "vnu.jar checked {} pages ({} of the page table and {extra} of the second factor, \
         in English and in Russian): {errors} errors, {} warnings",
        pages.labels.len(),
        table.len(),
        verdict.warnings,
    );
    assert!(
        verdict.control_caught,
        "vnu.jar found no error in a page with a duplicate id: did it check anything?\n{messages:#?}"
    );
    assert!(
        pages.failures.is_empty(),
        "{} problems:\n{}",
        pages.failures.len(),
        pages.failures.join("\n")
    );
}
