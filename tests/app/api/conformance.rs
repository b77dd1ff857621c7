//! The API keeps to its own OpenAPI document, as third-party tools read it:
//! the document the server gives at `/api/v1/openapi.json` (to anyone, signed
//! in or not) is valid OpenAPI 3.1 by openapi-spec-validator, and the fuzzer
//! Schemathesis, run on it against the live server with every check it has,
//! finds no answer the document does not describe: no 5xx, no status, content
//! type, header or body it does not declare, no schema-valid request refused
//! and no schema-violating one accepted.
//!
//! Schemathesis runs five times: with the bearer token of each role (donor,
//! focal point, reviewer, admin, in that order) and with none. Each run drives
//! every operation of the document (signing in and out: only the run without
//! a token, see [`ENDS_THE_TOKEN`]) with a fixed seed, so that a failure seen
//! in CI comes back the same on any machine; its output names the operation,
//! the check and a `curl` line that repeats the case (the token is filtered
//! out of it). A run that leaves an operation untested fails too.
//! `cargo test --test app api::conformance -- --nocapture` shows how many
//! operations and cases each run drove, in how long, and the kinds of warning
//! Schemathesis gave (`missing_test_data`: operations answered only 404, for
//! want of a link in the document from the operation that makes the id).
//!
//! Both tools are pinned in `tests/api-fuzz/requirements.txt` and installed
//! by scripts/test into `tests/api-fuzz/.venv`. Without them the tests are
//! skipped with a note, unless JPOA_REQUIRE_FUZZER is set (as scripts/test
//! does), in which case they fail. `JPOA_FUZZ_EXAMPLES=N` asks for N cases per
//! operation instead of [`EXAMPLES`], for a deeper run by hand.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::TestApp;

/// Where scripts/test installs the two tools.
const VENV_BIN: &str = "tests/api-fuzz/.venv/bin";

/// Which checks Schemathesis makes: all of them, with any exception for one
/// operation there, and its reason.
const CONFIG: &str = "tests/api-fuzz/schemathesis.toml";

/// The fuzzer's seed: the same cases on every run.
const SEED: &str = "20220330";

/// Most cases the fuzzing phase generates per operation. Schemathesis adds
/// those of its other phases (boundary values and each kind of invalid input
/// of every parameter, and chains of calls that follow the document's
/// links), about 80 cases per operation in all. A run then takes a quarter
/// to half a second per operation of plain schemas on 2 cores, and up to
/// three seconds for a body whose strings have long `pattern`s: each run
/// prints its time.
const EXAMPLES: u32 = 10;

/// Longest a run may take before it is stopped and counted a failure: a hung
/// server or fuzzer, not a slow one (a run takes seconds, tens at most).
const RUN_LIMIT: Duration = Duration::from_secs(150);

/// Operations that would end the very token a run uses, or sign in (and so
/// be throttled for the address the other runs share): fuzzed by the run
/// without a token only. Signing out with a token revokes it, and every case
/// after it would then be answered 401. Any other operation that ends its
/// caller's own token (all of one's sessions, one's own account) belongs
/// here too.
const ENDS_THE_TOKEN: &str = "/(login|logout)$";

/// The people the runs act as, in order: the admin's last of the four, since
/// what an admin may do to accounts could reach the others' tokens.
const ROLES: [(&str, &str); 4] = [
    ("donor", "donor@example.org"),
    ("focal point", "kz@example.org"),
    ("reviewer", "rev@example.org"),
    ("admin", "admin@example.org"),
];

#[tokio::test]
async fn the_openapi_document_is_valid_openapi_3_1_and_served_to_anyone() {
    let Some(bin) = tools_or_skip() else { return };
    let app = TestApp::with_standard_users().await;
    let dir = tempfile::tempdir().unwrap();
    let doc = fetch_document(&app, dir.path()).await;
    let out = tokio::process::Command::new(bin.join("openapi-spec-validator"))
        .args(["--schema", "3.1", "--validation-errors", "all"])
        .arg(&doc)
        .current_dir(dir.path())
        .output()
        .await
        .expect("openapi-spec-validator did not start");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "openapi-spec-validator finds /api/v1/openapi.json invalid ({}):\n{said}",
        out.status
    );
}

#[tokio::test]
async fn schemathesis_finds_the_api_true_to_its_document_for_every_role() {
    let Some(bin) = tools_or_skip() else { return };
    let app = TestApp::with_standard_users().await;
    // Every token first: the run without one guesses at sign-ins, which soon
    // throttles the address that all of them come from.
    let mut runs = Vec::new();
    for (who, email) in ROLES {
        runs.push((who, Some(app.token_for(email).await)));
    }
    runs.push(("nobody (no token)", None));
    let dir = tempfile::tempdir().unwrap();
    let doc = fetch_document(&app, dir.path()).await;
    let origin = format!("http://{}", app.addr);
    let mut failures = Vec::new();
    for (who, token) in &runs {
        let run = fuzz(&bin, &doc, &origin, who, token.as_deref()).await;
        eprintln!("{}", run.summary());
        if let Some(failure) = run.failure() {
            failures.push(failure);
        }
    }
    assert!(
        failures.is_empty(),
        "Schemathesis found the API at odds with /api/v1/openapi.json in {} of {} runs \
         (seed {SEED}):\n\n{}",
        failures.len(),
        runs.len(),
        failures.join("\n\n")
    );
}

/// The `bin` folder of the tools' virtual environment, when they are installed.
fn tools_or_skip() -> Option<PathBuf> {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join(VENV_BIN);
    if bin.join("schemathesis").exists() && bin.join("openapi-spec-validator").exists() {
        return Some(bin);
    }
    let msg = format!(
        "{VENV_BIN} has no schemathesis or openapi-spec-validator (scripts/test installs them \
         from tests/api-fuzz/requirements.txt)"
    );
    assert!(
        std::env::var_os("JPOA_REQUIRE_FUZZER").is_none(),
        "JPOA_REQUIRE_FUZZER is set but {msg}"
    );
    eprintln!("note: API conformance test skipped: {msg}");
    None
}

/// The server's OpenAPI document, fetched without signing in, in a file of
/// `dir`; it must say it is OpenAPI 3.1.
async fn fetch_document(app: &TestApp, dir: &Path) -> PathBuf {
    let resp = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap();
    let status = resp.status();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = resp.text().await.unwrap();
    assert_eq!(
        status, 200,
        "GET /api/v1/openapi.json without a token: {text}"
    );
    assert!(
        content_type.starts_with("application/json"),
        "/api/v1/openapi.json comes as {content_type:?}"
    );
    let v: Value = serde_json::from_str(&text).expect("/api/v1/openapi.json is not JSON");
    let version = v["openapi"].as_str().unwrap_or_default();
    assert!(
        version.starts_with("3.1."),
        "/api/v1/openapi.json says openapi {version:?}, not 3.1"
    );
    let path = dir.join("openapi.json");
    std::fs::write(&path, text).unwrap();
    path
}

/// One run of Schemathesis and what it reported.
struct Run {
    who: String,
    passed: bool,
    /// Its exit status, or why it has none.
    status: String,
    /// Everything it printed, standard output then standard error.
    output: String,
    /// From its JSON report: operations tested of those in the document
    /// selected for the run, and cases sent; `None` without a report.
    counts: Option<(u64, u64, u64)>,
    /// Kinds of warning it gave (such as operations it could only answer
    /// with 404 for want of an id), each with how many operations.
    warnings: Vec<String>,
    took: Duration,
}

impl Run {
    fn summary(&self) -> String {
        let counts = match self.counts {
            Some((tested, selected, cases)) => {
                format!("{tested} operations (of {selected} selected), {cases} cases")
            }
            None => "no report".to_owned(),
        };
        let warned = if self.warnings.is_empty() {
            String::new()
        } else {
            format!("; warnings: {}", self.warnings.join(", "))
        };
        format!(
            "schemathesis as {}: {counts} in {:.1}s, {}{warned}",
            self.who,
            self.took.as_secs_f64(),
            if self.failure().is_none() {
                "passed"
            } else {
                "FAILED"
            },
        )
    }

    /// What went wrong, with all that Schemathesis said: a failed run, or
    /// one that left an operation of the document untested.
    fn failure(&self) -> Option<String> {
        let why = match self.counts {
            _ if !self.passed => self.status.clone(),
            None => "no report".to_owned(),
            Some((tested, selected, _)) if tested == 0 || tested < selected => {
                format!("{tested} of {selected} operations tested")
            }
            Some(_) => return None,
        };
        Some(format!(
            "==== schemathesis as {} ({why}) ====\n{}",
            self.who, self.output
        ))
    }
}

/// Schemathesis on the document at `doc` against the server at `origin`,
/// with `token` as the bearer token if any, in a directory of its own (it
/// keeps files in the one it runs in).
async fn fuzz(bin: &Path, doc: &Path, origin: &str, who: &str, token: Option<&str>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let examples = std::env::var("JPOA_FUZZ_EXAMPLES")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(EXAMPLES);
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join(CONFIG);
    let mut cmd = tokio::process::Command::new(bin.join("schemathesis"));
    cmd.arg("--no-color")
        .arg("--config-file")
        .arg(config)
        .arg("run")
        .arg(doc)
        // The document's own server path, if it has one, on the test's
        // server; `--url` would replace that path rather than keep it.
        .args(["--origin", origin])
        .args(["--seed", SEED])
        .args(["--max-examples", &examples.to_string()])
        // One after the other, so that the server's record evolves the same
        // way on each run; more workers (threads, in one Python) were no
        // faster either.
        .args(["--workers", "1"])
        // Cases found failing are not kept for the next run, which would
        // then differ from CI's.
        .args(["--generation-database", "none"])
        // A request left unanswered fails its case, not the whole run.
        .args(["--request-timeout", "10"])
        .args(["--report", "json", "--report-json-path"])
        .arg(&report)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(dir.path().join("stdout")).unwrap())
        .stderr(std::fs::File::create(dir.path().join("stderr")).unwrap())
        .kill_on_drop(true);
    if let Some(t) = token {
        cmd.args(["--header", &format!("Authorization: Bearer {t}")])
            .args(["--exclude-path-regex", ENDS_THE_TOKEN]);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("schemathesis did not start");
    let status = match tokio::time::timeout(RUN_LIMIT, child.wait()).await {
        Ok(Ok(s)) => Some(s),
        Ok(Err(e)) => panic!("schemathesis as {who}: {e}"),
        Err(_) => {
            let _ = child.kill().await;
            None
        }
    };
    let took = started.elapsed();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap_or_default();
    let output = format!("{}{}", read("stdout"), read("stderr"));
    let report: Option<Value> = std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let counts = report.as_ref().and_then(|r| {
        Some((
            r["operations"]["tested"].as_u64()?,
            r["operations"]["selected"].as_u64()?,
            r["test_cases"]["generated"].as_u64()?,
        ))
    });
    let warnings = report
        .as_ref()
        .and_then(|r| r["warnings"].as_object())
        .map(|w| {
            w.iter()
                .filter_map(|(kind, ops)| {
                    let n = ops.as_array().map_or(0, Vec::len);
                    (n > 0).then(|| format!("{kind} ({n})"))
                })
                .collect()
        })
        .unwrap_or_default();
    Run {
        who: who.to_owned(),
        passed: status.is_some_and(|s| s.success()),
        status: status.map_or_else(
            || format!("stopped after {}s", RUN_LIMIT.as_secs()),
            |s| s.to_string(),
        ),
        output,
        counts,
        warnings,
        took,
    }
}
