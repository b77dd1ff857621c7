//! `jpoa-tracker check`: is the database whole and at a known schema
//! version, and are the settings of a real deployment there? One line per
//! finding on standard output, `ok`, `WARN` or `FAIL` first, for a deploy
//! script, a monitoring probe and the quarterly restore drill. Nothing is
//! written: a pending migration is reported, not run.

use std::io::Write;
use std::path::Path;

use clap::Args;

use super::DbArg;
use crate::db::health;
use crate::settings::{Mfa, Settings};

#[derive(Args)]
pub(super) struct CheckArgs {
    #[command(flatten)]
    db: DbArg,
    /// The address people use, as for serve (env JPOA_BASE_URL).
    #[arg(long, env = "JPOA_BASE_URL")]
    base_url: Option<String>,
    /// Where Litestream replicates the database (deploy/litestream.yml):
    /// s3://BUCKET/PATH or file:///PATH.
    #[arg(long, env = "JPOA_REPLICA_URL")]
    replica_url: Option<String>,
    /// SQLite's quick_check instead of the full integrity check: it skips
    /// comparing indexes with their tables, for a frequent probe of a
    /// large file.
    #[arg(long)]
    quick: bool,
    #[command(flatten)]
    settings: Settings,
}

impl CheckArgs {
    pub(super) fn settings(&self) -> &Settings {
        &self.settings
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Ok,
    Warn,
    Fail,
}

/// What `check` found wrong: the command's exit code says which kind.
#[derive(Debug)]
pub(super) struct Problems {
    failures: usize,
    warnings: usize,
}

impl Problems {
    /// 1 with any failure, 3 with warnings only.
    pub(super) fn exit_code(&self) -> u8 {
        if self.failures > 0 { 1 } else { 3 }
    }
}

impl std::fmt::Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        write!(
            f,
            "check found {} and {}",
            plural(self.failures, "failure"),
            plural(self.warnings, "warning")
        )
    }
}

impl std::error::Error for Problems {}

struct Findings(Vec<(Level, &'static str, String)>);

impl Findings {
    fn add(&mut self, level: Level, area: &'static str, text: impl Into<String>) {
        self.0.push((level, area, text.into()));
    }
}

pub(super) fn run(a: &CheckArgs) -> anyhow::Result<()> {
    let mut found = Findings(Vec::new());
    database(&mut found, &a.db.db, a.quick);
    base_url(&mut found, a.base_url.as_deref());
    mail(&mut found, &a.settings);
    replica(&mut found, a.replica_url.as_deref(), &a.db.db);
    let mut failures = 0;
    let mut warnings = 0;
    let mut out = std::io::stdout().lock();
    for (level, area, text) in &found.0 {
        let tag = match level {
            Level::Ok => "ok  ",
            Level::Warn => {
                warnings += 1;
                "WARN"
            }
            Level::Fail => {
                failures += 1;
                "FAIL"
            }
        };
        writeln!(out, "{tag} {area}: {text}")?;
    }
    if failures + warnings == 0 {
        Ok(())
    } else {
        Err(Problems { failures, warnings }.into())
    }
}

fn database(found: &mut Findings, path: &Path, quick: bool) {
    const AREA: &str = "database";
    let shown = path.display();
    if !path.is_file() {
        found.add(Level::Fail, AREA, format!("{shown} does not exist"));
        return;
    }
    let h = match health::examine(path, quick) {
        Ok(h) => h,
        Err(e) => {
            // The context and SQLite's words; not SQLite's error code after them.
            let why: Vec<String> = e.chain().take(2).map(|c| c.to_string()).collect();
            let why = why.join(": ").replace('\n', " ");
            found.add(Level::Fail, AREA, format!("{shown}: {why}"));
            return;
        }
    };
    let which = if quick {
        "quick check"
    } else {
        "integrity check"
    };
    match h.problems.first() {
        None => found.add(Level::Ok, AREA, format!("{shown}: {which} ok")),
        Some(first) => found.add(
            Level::Fail,
            AREA,
            format!(
                "{shown}: the {which} found {}{} problems, the first: {}",
                if h.problems.len() >= 20 {
                    "at least "
                } else {
                    ""
                },
                h.problems.len(),
                first.replace('\n', " ")
            ),
        ),
    }
    for (table, rows) in &h.dangling {
        found.add(
            Level::Fail,
            AREA,
            format!("{rows} rows of {table} point at rows that do not exist"),
        );
    }
    if h.empty {
        found.add(
            Level::Warn,
            AREA,
            "the file holds no tables yet: the server creates them when it starts",
        );
    } else if h.version == h.latest {
        found.add(
            Level::Ok,
            AREA,
            format!("schema version {}, the latest", h.version),
        );
    } else if h.version < h.latest {
        let n = h.latest - h.version;
        found.add(
            Level::Warn,
            AREA,
            format!(
                "schema version {} of {}: {n} migration{} pending, which the server runs when it starts (back the file up first)",
                h.version,
                h.latest,
                if n == 1 { "" } else { "s" }
            ),
        );
    } else {
        found.add(
            Level::Fail,
            AREA,
            format!(
                "schema version {} is newer than this binary knows ({}): it was written by a later jpoa-tracker, which it needs",
                h.version, h.latest
            ),
        );
    }
}

/// `https://host[:port]/…` → `host`.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn base_url(found: &mut Findings, url: Option<&str>) {
    const AREA: &str = "settings";
    let url = url.map(str::trim).filter(|u| !u.is_empty());
    let Some(url) = url else {
        found.add(
            Level::Fail,
            AREA,
            "JPOA_BASE_URL is not set: links in mail point at the address the server listens on, and the session cookie is not marked Secure",
        );
        return;
    };
    match crate::server::parse_base_url(url) {
        Err(e) => found.add(Level::Fail, AREA, format!("JPOA_BASE_URL: {e}")),
        Ok(url) if url.starts_with("https://") => {
            found.add(Level::Ok, AREA, format!("JPOA_BASE_URL is {url}"));
        }
        Ok(url) if is_loopback(host_of(&url)) => found.add(
            Level::Warn,
            AREA,
            format!("JPOA_BASE_URL {url} is plain http: fine on this machine alone"),
        ),
        Ok(url) => found.add(
            Level::Fail,
            AREA,
            format!(
                "JPOA_BASE_URL {url} is plain http: passwords and session cookies would cross the network unencrypted (put the server behind TLS, see deploy/Caddyfile)"
            ),
        ),
    }
}

fn mail(found: &mut Findings, settings: &Settings) {
    const AREA: &str = "settings";
    match &settings.smtp_url {
        None => found.add(
            Level::Warn,
            AREA,
            "JPOA_SMTP_URL is not set: mail waits in the outbox and nobody is mailed",
        ),
        Some(url) => match url.check() {
            Err(e) => found.add(Level::Fail, AREA, e),
            Ok(()) => found.add(
                Level::Ok,
                AREA,
                format!(
                    "JPOA_SMTP_URL names {} (jpoa-tracker mail test sends a mail through it)",
                    url.host()
                ),
            ),
        },
    }
    match crate::mailer::sender(settings) {
        Err(e) => found.add(Level::Fail, AREA, format!("{e:#}")),
        Ok(from) if from.email.domain() == "localhost" && settings.smtp_url.is_some() => found.add(
            Level::Warn,
            AREA,
            format!("JPOA_MAIL_FROM is {from}: mail would come from an address nobody can answer"),
        ),
        Ok(_) => {}
    }
    if let Some(Err(e)) = settings.metrics_token.as_ref().map(|t| t.check()) {
        found.add(Level::Fail, AREA, e);
    }
    if settings.mfa == Mfa::Off {
        found.add(
            Level::Warn,
            AREA,
            "JPOA_MFA=off: nobody is asked for a second factor; for a closed test network only",
        );
    }
}

fn replica(found: &mut Findings, url: Option<&str>, db: &Path) {
    const AREA: &str = "replica";
    let url = url.map(str::trim).filter(|u| !u.is_empty());
    let Some(url) = url else {
        found.add(
            Level::Fail,
            AREA,
            "JPOA_REPLICA_URL is not set: nothing replicates the database, and a lost disk loses everything since the last backup",
        );
        return;
    };
    let shape = "JPOA_REPLICA_URL must be s3://BUCKET/PATH or file:///PATH";
    if let Some(rest) = url.strip_prefix("s3://") {
        let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (bucket, path) = location.split_once('/').unwrap_or((location, ""));
        let path = path.trim_matches('/');
        if bucket.is_empty() || path.is_empty() || !url.bytes().all(|b| b.is_ascii_graphic()) {
            found.add(Level::Fail, AREA, format!("{shape}, not {url}"));
            return;
        }
        let endpoint = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("endpoint="))
            .unwrap_or_default();
        if endpoint.starts_with("http://") && !is_loopback(host_of(endpoint)) {
            found.add(
                Level::Warn,
                AREA,
                format!(
                    "the replica's endpoint {} is plain http: the database crosses the network unencrypted",
                    host_of(endpoint)
                ),
            );
        } else {
            found.add(
                Level::Ok,
                AREA,
                format!("JPOA_REPLICA_URL names bucket {bucket}, path {path}"),
            );
        }
        return;
    }
    let Some(path) = url
        .strip_prefix("file://")
        .filter(|p| p.starts_with('/') && p.len() > 1)
    else {
        found.add(Level::Fail, AREA, format!("{shape}, not {url}"));
        return;
    };
    if same_disk(Path::new(path), db) {
        found.add(
            Level::Warn,
            AREA,
            format!(
                "the replica {path} is on the same file system as the database: it survives a deleted file, not a lost disk"
            ),
        );
    } else {
        found.add(
            Level::Ok,
            AREA,
            format!("JPOA_REPLICA_URL names the folder {path}"),
        );
    }
}

/// Whether the replica folder (or the nearest folder above it that
/// exists) is on the file system of the database's folder.
#[cfg(unix)]
fn same_disk(replica: &Path, db: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let device = |p: &Path| {
        p.ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .find_map(|a| std::fs::metadata(a).ok())
            .map(|m| m.dev())
    };
    let db_dir = std::path::absolute(db)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    match (device(replica), db_dir.and_then(|d| device(&d))) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_disk(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_read_from_urls() {
        assert_eq!(
            host_of("https://tracker.example.org/x"),
            "tracker.example.org"
        );
        assert_eq!(host_of("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:8080/"), "::1");
        assert_eq!(
            host_of("http://u:p@s3.example.org:9000?x"),
            "s3.example.org"
        );
        assert!(is_loopback("localhost") && is_loopback("::1") && is_loopback("127.0.0.2"));
        assert!(!is_loopback("tracker.example.org") && !is_loopback("10.0.0.1"));
    }

    fn levels(url: Option<&str>) -> Vec<Level> {
        let mut f = Findings(Vec::new());
        replica(&mut f, url, Path::new("/nonexistent-dir/j.db"));
        f.0.into_iter().map(|(l, _, _)| l).collect()
    }

    #[test]
    fn replica_urls_are_s3_or_file() {
        assert_eq!(levels(Some("s3://bkt/jpoa")), [Level::Ok]);
        assert_eq!(
            levels(Some("s3://bkt/jpoa?endpoint=https://s3.example.org")),
            [Level::Ok]
        );
        assert_eq!(
            levels(Some("s3://bkt/jpoa?endpoint=http://s3.example.org")),
            [Level::Warn]
        );
        assert_eq!(
            levels(Some("s3://bkt/jpoa?endpoint=http://127.0.0.1:9000")),
            [Level::Ok]
        );
        for bad in [
            "s3://bkt",
            "s3:///x",
            "gs://b/p",
            "file://rel",
            "/backup",
            "file:///",
        ] {
            assert_eq!(levels(Some(bad)), [Level::Fail], "{bad}");
        }
        assert_eq!(levels(None), [Level::Fail]);
        assert_eq!(levels(Some("  ")), [Level::Fail]);
    }
}
