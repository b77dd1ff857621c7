//! What the people who run the server see of it: its log lines, as text or
//! as one JSON object per line, the lines it writes for whoever started it,
//! and its metrics in the Prometheus text format.
//!
//! Metrics go through the `metrics` facade to one recorder per process,
//! installed by the first app built ([`install`]); without it (the command
//! line, unit tests) recording costs nothing. Every family's name, labels
//! and help text is here, so that the README's list can be read against one
//! file; the layers below the web record through these functions.

use std::sync::OnceLock;
use std::time::Duration;

use metrics::{
    Unit, counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::settings::LogFormat;

pub const REQUESTS: &str = "jpoa_http_requests_total";
pub const REQUEST_SECONDS: &str = "jpoa_http_request_duration_seconds";
pub const SIGN_INS: &str = "jpoa_sign_ins_total";
pub const BUSY: &str = "jpoa_busy_total";
pub const WRITE_GROUP: &str = "jpoa_db_write_group_size";
pub const WRITE_GROUP_SECONDS: &str = "jpoa_db_write_group_duration_seconds";
pub const COMMIT_SECONDS: &str = "jpoa_db_commit_duration_seconds";
pub const COMMIT_FAILURES: &str = "jpoa_db_commit_failures_total";
pub const KEPT: &str = "jpoa_kept_lookups_total";
pub const DB_BYTES: &str = "jpoa_db_file_bytes";
pub const WAL_BYTES: &str = "jpoa_db_wal_bytes";
pub const OUTBOX: &str = "jpoa_outbox_mails";
pub const OUTBOX_RETRYING: &str = "jpoa_outbox_retrying_mails";
pub const BUILD: &str = "jpoa_build_info";

/// Request latencies, from a page served from kept figures (under a
/// millisecond) to a request at the request timeout.
const SECONDS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];
/// Commits wait for the disk (`synchronous=FULL`): a fraction of a
/// millisecond on an SSD that lies, tens of milliseconds on one that does not.
const COMMIT: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];
/// Writes in one commit, up to the largest group `--write-group` allows.
const GROUP: &[f64] = &[
    1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0, 4096.0, 10000.0,
];

static FORMAT: OnceLock<LogFormat> = OnceLock::new();

/// Starts the log: standard error, filtered by `JPOA_LOG` (`warn` and the
/// tracker's own `info` by default), as text or one JSON object per line.
/// In JSON a panic's message is a log line too, not loose text.
pub fn init_logs(format: LogFormat) {
    let _ = FORMAT.set(format);
    let filter = tracing_subscriber::EnvFilter::try_from_env("JPOA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,jpoa_tracker=info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => {
            // The event's fields at the top level; the request's id,
            // method and path in `spans` (outermost first).
            logs.json()
                .flatten_event(true)
                .with_current_span(false)
                .with_span_list(true)
                .init();
            std::panic::set_hook(Box::new(|info| {
                tracing::error!(panic = %info, "panicked");
            }));
        }
    }
}

fn format() -> LogFormat {
    FORMAT.get().copied().unwrap_or(LogFormat::Text)
}

/// One object of the JSON log's shape, written whole on one line.
fn json_line(level: &str, message: &str, fields: &[(&str, &str)]) -> String {
    let mut line = serde_json::Map::new();
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    line.insert("timestamp".into(), now.into());
    line.insert("level".into(), level.into());
    line.insert("message".into(), message.into());
    for (k, v) in fields {
        line.insert((*k).into(), (*v).into());
    }
    line.insert("target".into(), "jpoa_tracker::console".into());
    serde_json::Value::Object(line).to_string()
}

/// A line for whoever started the server (how to get in, where it
/// listens), on standard output: `text` as it is, or with
/// `JPOA_LOG_FORMAT=json` one JSON object with `message` and `fields`.
pub fn say(text: &str, message: &str, fields: &[(&str, &str)]) {
    match format() {
        LogFormat::Text => println!("{text}"),
        LogFormat::Json => println!("{}", json_line("INFO", message, fields)),
    }
}

/// A warning for whoever started the server, on standard error whatever
/// `JPOA_LOG` lets through: `WARNING: …`, or one JSON object.
pub fn warn(message: &str) {
    match format() {
        LogFormat::Text => eprintln!("WARNING: {message}"),
        LogFormat::Json => eprintln!("{}", json_line("WARN", message, &[])),
    }
}

/// The one line a command that failed ends with, on standard error:
/// `jpoa-tracker: …`, or one JSON object.
pub fn failed(message: &str) {
    match format() {
        LogFormat::Text => eprintln!("jpoa-tracker: {message}"),
        LogFormat::Json => eprintln!("{}", json_line("ERROR", message, &[])),
    }
}

/// Whether log lines are JSON objects.
pub fn json_logs() -> bool {
    format() == LogFormat::Json
}

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's metrics recorder, installed at the first call; `None`
/// if another recorder was installed first.
pub fn install() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), SECONDS)
                .and_then(|b| {
                    b.set_buckets_for_metric(Matcher::Full(COMMIT_SECONDS.into()), COMMIT)
                })
                .and_then(|b| {
                    b.set_buckets_for_metric(Matcher::Full(WRITE_GROUP_SECONDS.into()), COMMIT)
                })
                .and_then(|b| b.set_buckets_for_metric(Matcher::Full(WRITE_GROUP.into()), GROUP))
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            describe();
            // Histograms keep their samples until upkeep folds them in: a
            // server nobody scrapes must not grow.
            let upkeep = handle.clone();
            std::thread::Builder::new()
                .name("metrics-upkeep".into())
                .spawn(move || {
                    loop {
                        std::thread::sleep(Duration::from_secs(5));
                        upkeep.run_upkeep();
                    }
                })
                .ok()?;
            Some(handle)
        })
        .as_ref()
}

/// Help texts, and the series that exist from the start at zero, so that
/// a rate over them is defined before the first event.
fn describe() {
    describe_counter!(
        REQUESTS,
        "HTTP requests answered, by route pattern, method and status"
    );
    describe_histogram!(
        REQUEST_SECONDS,
        Unit::Seconds,
        "Time to answer an HTTP request (to the answer's head), by route pattern, method and status"
    );
    describe_counter!(
        SIGN_INS,
        "Sign-ins by outcome: succeeded (a session or token started), failed (a wrong email, \
         password or second-factor code), throttled (refused by the sign-in throttle, 429)"
    );
    describe_counter!(
        BUSY,
        "Requests refused with 503 because work of this kind was at its bound"
    );
    describe_histogram!(WRITE_GROUP, "Writes committed together in one transaction");
    describe_histogram!(
        WRITE_GROUP_SECONDS,
        Unit::Seconds,
        "Time of one write group, from BEGIN to the end of its COMMIT"
    );
    describe_histogram!(
        COMMIT_SECONDS,
        Unit::Seconds,
        "Time of one COMMIT (the wait for the disk)"
    );
    describe_counter!(COMMIT_FAILURES, "Write groups whose COMMIT failed");
    describe_counter!(
        KEPT,
        "Look-ups of kept figures, by memo, hit (kept value used) or miss (computed)"
    );
    describe_gauge!(
        DB_BYTES,
        Unit::Bytes,
        "Size of the database file, read at scrape time"
    );
    describe_gauge!(
        WAL_BYTES,
        Unit::Bytes,
        "Size of the write-ahead log file (-wal), read at scrape time"
    );
    describe_gauge!(
        OUTBOX,
        "Mails in the outbox by state (queued, failed, sent), read at scrape time"
    );
    describe_gauge!(
        OUTBOX_RETRYING,
        "Queued mails whose last delivery failed and that wait for a retry, read at scrape time"
    );
    describe_gauge!(BUILD, "Always 1; the version of the running server");
    for outcome in ["succeeded", "failed", "throttled"] {
        counter!(SIGN_INS, "outcome" => outcome).increment(0);
    }
    for work in ["passwords", "files"] {
        counter!(BUSY, "work" => work).increment(0);
    }
    counter!(COMMIT_FAILURES).increment(0);
    gauge!(BUILD, "version" => env!("CARGO_PKG_VERSION")).set(1.0);
}

/// An HTTP request answered: `route` is a route pattern of the app or
/// `unmatched`, never a path as sent.
pub fn request(method: &'static str, route: String, status: u16, took: Duration) {
    let status = status.to_string();
    counter!(REQUESTS, "method" => method, "route" => route.clone(), "status" => status.clone())
        .increment(1);
    histogram!(REQUEST_SECONDS, "method" => method, "route" => route, "status" => status)
        .record(took.as_secs_f64());
}

/// How a sign-in ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignIn {
    Succeeded,
    Failed,
    Throttled,
}

pub fn sign_in(outcome: SignIn) {
    let outcome = match outcome {
        SignIn::Succeeded => "succeeded",
        SignIn::Failed => "failed",
        SignIn::Throttled => "throttled",
    };
    counter!(SIGN_INS, "outcome" => outcome).increment(1);
}

/// A request refused with 503 at the bound of `work` (`passwords`, `files`).
pub fn busy(work: &'static str) {
    counter!(BUSY, "work" => work).increment(1);
}

/// A write group committed (or not): its size, its whole time, and the
/// time of its COMMIT.
pub fn write_group(writes: usize, took: Duration, commit: Duration, failed: bool) {
    histogram!(WRITE_GROUP).record(writes as f64);
    histogram!(WRITE_GROUP_SECONDS).record(took.as_secs_f64());
    histogram!(COMMIT_SECONDS).record(commit.as_secs_f64());
    if failed {
        counter!(COMMIT_FAILURES).increment(1);
    }
}

/// A look-up of a kept figure in the memo named `memo`.
pub fn kept(memo: &'static str, hit: bool) {
    let result = if hit { "hit" } else { "miss" };
    counter!(KEPT, "memo" => memo, "result" => result).increment(1);
}

/// What is read at scrape time rather than counted as it happens.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scraped {
    pub db_bytes: u64,
    pub wal_bytes: u64,
    pub queued: i64,
    pub retrying: i64,
    pub failed: i64,
    pub sent: i64,
}

/// The whole exposition, in the Prometheus text format (0.0.4), with the
/// figures read at this scrape.
pub fn render(handle: &PrometheusHandle, now: &Scraped) -> String {
    gauge!(DB_BYTES).set(now.db_bytes as f64);
    gauge!(WAL_BYTES).set(now.wal_bytes as f64);
    gauge!(OUTBOX, "state" => "queued").set(now.queued as f64);
    gauge!(OUTBOX, "state" => "failed").set(now.failed as f64);
    gauge!(OUTBOX, "state" => "sent").set(now.sent as f64);
    gauge!(OUTBOX_RETRYING).set(now.retrying as f64);
    handle.render()
}
