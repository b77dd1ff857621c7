//! Every page each role can reach, in English and in Russian, in headless
//! Chromium: axe-core finds no WCAG 2.1 A or AA violation, and the page with
//! its stylesheet weighs at most [`BUDGET`] bytes as transferred.
//!
//! axe-core comes from npm (`tests/browser/package.json`; scripts/test runs
//! `npm ci --prefix tests/browser`). It is injected over WebDriver, which
//! the page's Content-Security-Policy does not govern.

use std::fmt::Write as _;
use std::path::Path;

use fantoccini::Client;
use serde_json::{Value, json};

use super::{
    Driver, ENGLISH, click, sign_in, switch_language, type_into, upload, wait_for_css,
    wait_for_path,
};
use crate::helpers::TestApp;
use crate::helpers::pages::{Visit, Who, fixture, pages, portal_open};

/// Page plus stylesheet, as transferred (HTML compressed, headers included).
const BUDGET: u64 = 60 * 1024;

const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// axe-core's script, installed by `npm ci --prefix tests/browser`.
fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `npm ci --prefix tests/browser` (scripts/test does)",
            path.display()
        )
    })
}

/// Each violation as "rule (impact): selectors — help", one a line.
async fn axe_violations(c: &Client, axe: &str) -> Vec<String> {
    c.execute(&format!("{axe}\n;return true;"), vec![])
        .await
        .expect("axe-core could not be injected");
    let result = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: arguments[0] } })
               .then(r => done(r.violations.map(v => ({
                   id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(' ') + ' ⇒ ' + n.failureSummary.replace(/\\s+/g, ' ')),
               }))))
               .catch(e => done([{ id: 'axe-error', impact: 'error', help: String(e), nodes: [] }]));",
            vec![json!(AXE_TAGS)],
        )
        .await
        .expect("axe.run did not answer");
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let all = v["nodes"].as_array().unwrap();
            let mut nodes: Vec<String> = all
                .iter()
                .filter_map(Value::as_str)
                .take(4)
                .map(str::to_owned)
                .collect();
            if all.len() > 4 {
                nodes.push(format!("and {} more", all.len() - 4));
            }
            format!(
                "{} ({}): {} — {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                nodes.join(" | ")
            )
        })
        .collect()
}

/// What the Navigation and Resource Timing APIs say the page cost.
#[derive(Debug, Default, Clone, Copy)]
struct Weight {
    status: u16,
    /// The document as transferred: compressed body and headers.
    html: u64,
    /// The document's body once decoded.
    html_decoded: u64,
    /// The stylesheet as transferred, 0 when it came from the cache.
    css: u64,
}

async fn weight(c: &Client) -> Weight {
    let v = c
        .execute(
            "const n = performance.getEntriesByType('navigation')[0];
             const css = performance.getEntriesByType('resource')
               .filter(r => r.initiatorType === 'link' || r.name.endsWith('.css'))
               .reduce((a, r) => a + r.transferSize, 0);
             return [n.responseStatus, n.transferSize, n.decodedBodySize, css];",
            vec![],
        )
        .await
        .unwrap();
    let n = |i: usize| v[i].as_u64().unwrap_or(0);
    Weight {
        status: u16::try_from(n(0)).unwrap_or(0),
        html: n(1),
        html_decoded: n(2),
        css: n(3),
    }
}

async fn visit(c: &Client, app: &TestApp, v: &Visit) -> String {
    match v {
        Visit::Get(path) => {
            c.goto(&app.url(path)).await.unwrap();
            path.clone()
        }
        Visit::InvalidUpdate(path) => {
            c.goto(&app.url(path)).await.unwrap();
            click(c, "#status-limited").await;
            click(c, "main form button[type=submit]").await;
            let posted = path.trim_end_matches("/new");
            wait_for_path(c, posted).await;
            format!("POST {posted} (no narrative)")
        }
        Visit::BadImport(path) => {
            let file = std::env::temp_dir().join(format!("jpoa-bad-{}.csv", std::process::id()));
            std::fs::write(&file, "code,titel\nX,Y\n").unwrap();
            c.goto(&app.url(path)).await.unwrap();
            upload(c, &file).await;
            wait_for_css(c, "#import-problems").await;
            let _ = std::fs::remove_file(&file);
            format!("POST {path} (wrong columns)")
        }
        Visit::FailedSignIn(path) => {
            c.goto(&app.url(path)).await.unwrap();
            type_into(c, "email", "nobody@example.org").await;
            type_into(c, "password", "not the password").await;
            click(c, "main form button[type=submit]").await;
            wait_for_css(c, "#form-error").await;
            format!("POST {path} (unknown address)")
        }
    }
}

/// Switches the page language with the header's button (a form), which
/// remembers it in a cookie and, when signed in, on the account.
async fn speak(c: &Client, app: &TestApp, lang: &str) {
    c.goto(&app.url("/account")).await.unwrap();
    switch_language(c, lang).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_and_stays_within_budget_in_a_browser() {
    let Some(mut driver) = Driver::start_or_skip().await else {
        return;
    };
    let axe = axe_source();
    let app = TestApp::spawn_configured(portal_open(), None).await;
    let f = fixture(&app).await;
    let table = pages(&f);

    let mut browsers = Vec::new();
    for who in Who::ALL {
        let c = driver.browser().await;
        if let Some(email) = who.email() {
            sign_in(&c, &app, email, &ENGLISH).await;
        }
        browsers.push((who, c));
    }
    let browser_of = |who: Who| &browsers.iter().find(|(w, _)| *w == who).unwrap().1;

    // The stylesheet once, as a first visit transfers it; later pages take it
    // from the cache, but every page's budget counts it.
    let mut css = 0;
    let mut failures = Vec::new();
    let mut report =
        String::from("lang  role         bytes (html+css)  html  html decoded  page\n");
    // English at a desktop's width, Russian (the longer words) at a phone's:
    // both layouts get checked without a third pass.
    for (lang, (width, height)) in [("en", (1280, 900)), ("ru", (390, 844))] {
        for (_, c) in &browsers {
            if lang != "en" {
                speak(c, &app, lang).await;
            }
            c.set_window_size(width, height).await.unwrap();
        }
        for check in &table {
            let c = browser_of(check.who);
            let page = visit(c, &app, &check.visit).await;
            let w = weight(c).await;
            css = css.max(w.css);
            let label = format!("{lang} {:?} {page}", check.who);
            let html_lang = c
                .execute("return document.documentElement.lang;", vec![])
                .await
                .unwrap();
            if html_lang != json!(lang) {
                failures.push(format!("{label}: <html lang={html_lang}>"));
            }
            if w.status != check.status {
                failures.push(format!(
                    "{label}: status {} instead of {}",
                    w.status, check.status
                ));
            }
            for v in axe_violations(c, &axe).await {
                failures.push(format!("{label}: axe {v}"));
            }
            let total = w.html + css;
            if total > BUDGET {
                failures.push(format!(
                    "{label}: {total} bytes transferred, over the budget of {BUDGET}"
                ));
            }
            let _ = writeln!(
                report,
                "{lang}    {:<12} {total:>16}  {:>5}  {:>12}  {page}",
                format!("{:?}", check.who),
                w.html,
                w.html_decoded
            );
        }
    }
    let _ = writeln!(
        report,
        "(html: the document as transferred, gzip-encoded, headers included; the stylesheet, \
         transferred once: {css} bytes, counted in every page)"
    );
    eprintln!("{report}");
    assert!(css > 0, "the stylesheet's size was not measured");
    for (_, c) in browsers {
        c.close().await.unwrap();
    }
    drop(driver);
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
