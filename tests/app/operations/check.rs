//! `jpoa-tracker check`, run as the real binary on a temporary file: a
//! deployment's database and settings pass; a damaged file fails; a file a
//! migration behind is reported and left as it was.

use std::path::Path;

use crate::database::upgrade::{latest_version, schema_at};
use crate::helpers::{check, query_value, run};

/// The settings of a real deployment, all of them right.
const DEPLOYED: &[(&str, &str)] = &[
    ("JPOA_BASE_URL", "https://tracker.example.org"),
    ("JPOA_REPLICA_URL", "s3://jpoa-backups/tracker"),
    (
        "JPOA_SMTP_URL",
        "smtp+starttls://tracker:secret@mail.example.org:587",
    ),
    ("JPOA_MAIL_FROM", "JPoA Tracker <tracker@example.org>"),
];

fn without(var: &str) -> Vec<(&'static str, &'static str)> {
    DEPLOYED
        .iter()
        .copied()
        .filter(|(k, _)| *k != var)
        .collect()
}

fn fresh(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("j.db");
    let (ok, _, err) = run(
        &[
            "user",
            "add",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "admin",
        ],
        &db,
        "a long enough password\n",
    );
    assert!(ok, "{err}");
    db
}

#[test]
fn a_fresh_database_with_a_deployments_settings_passes_and_each_missing_setting_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path());
    let (code, out, err) = check(&db, DEPLOYED, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.lines().all(|l| l.starts_with("ok ")), "{out}");
    assert!(out.contains("integrity check ok"), "{out}");
    assert!(
        out.contains(&format!("schema version {}, the latest", latest_version())),
        "{out}"
    );
    assert!(
        !out.contains("secret"),
        "the mail password is never shown: {out}"
    );
    let (code, out, _) = check(&db, DEPLOYED, &["--quick"]);
    assert_eq!(code, 0);
    assert!(out.contains("quick check ok"), "{out}");

    // Each setting missing or wrong, one line saying so: warnings exit 3,
    // failures 1.
    let http = [
        ("JPOA_BASE_URL", "http://tracker.example.org"),
        DEPLOYED[1],
        DEPLOYED[2],
        DEPLOYED[3],
    ];
    let s3_http = [
        DEPLOYED[0],
        (
            "JPOA_REPLICA_URL",
            "s3://b/p?endpoint=http://s3.example.org",
        ),
        DEPLOYED[2],
        DEPLOYED[3],
    ];
    let bad_replica = [
        DEPLOYED[0],
        ("JPOA_REPLICA_URL", "/var/backups/jpoa"),
        DEPLOYED[2],
        DEPLOYED[3],
    ];
    let mut mfa_off = DEPLOYED.to_vec();
    mfa_off.push(("JPOA_MFA", "off"));
    let mut short_token = DEPLOYED.to_vec();
    short_token.push(("JPOA_METRICS_TOKEN", "too-short"));
    for (settings, code, line) in [
        (
            without("JPOA_SMTP_URL"),
            3,
            "WARN settings: JPOA_SMTP_URL is not set",
        ),
        (
            without("JPOA_MAIL_FROM"),
            3,
            "WARN settings: JPOA_MAIL_FROM is",
        ),
        (mfa_off, 3, "WARN settings: JPOA_MFA=off"),
        (
            short_token,
            1,
            "FAIL settings: JPOA_METRICS_TOKEN must be at least 16",
        ),
        (
            s3_http.to_vec(),
            3,
            "WARN replica: the replica's endpoint s3.example.org is plain http",
        ),
        (
            without("JPOA_BASE_URL"),
            1,
            "FAIL settings: JPOA_BASE_URL is not set",
        ),
        (
            http.to_vec(),
            1,
            "FAIL settings: JPOA_BASE_URL http://tracker.example.org is plain http",
        ),
        (
            without("JPOA_REPLICA_URL"),
            1,
            "FAIL replica: JPOA_REPLICA_URL is not set",
        ),
        (
            bad_replica.to_vec(),
            1,
            "FAIL replica: JPOA_REPLICA_URL must be s3://BUCKET/PATH or file:///PATH",
        ),
    ] {
        let (got, out, err) = check(&db, &settings, &[]);
        assert_eq!(got, code, "{line}: {out}");
        let problems: Vec<&str> = out.lines().filter(|l| !l.starts_with("ok ")).collect();
        assert_eq!(problems.len(), 1, "{out}");
        assert!(problems[0].starts_with(line), "{out}");
        assert!(err.starts_with("jpoa-tracker: check found"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn a_missing_or_damaged_file_fails_and_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let (code, out, _) = check(&missing, DEPLOYED, &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("FAIL database:") && out.contains("does not exist"),
        "{out}"
    );
    assert!(!missing.exists());

    let garbage = dir.path().join("garbage.db");
    std::fs::write(
        &garbage,
        "not a database, though its name says so\n".repeat(200),
    )
    .unwrap();
    let (code, out, _) = check(&garbage, DEPLOYED, &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("FAIL database:") && out.contains("not a database"),
        "{out}"
    );

    // A real file whose pages past the first were overwritten in places, as
    // a failing disk does: SQLite finds it.
    let db = dir.path().join("damaged.db");
    let (ok, _, err) = run(&["demo-data", "--updates", "2000"], &db, "");
    assert!(ok, "{err}");
    let folded: i64 = query_value(&db, "PRAGMA wal_checkpoint(TRUNCATE)");
    assert_eq!(folded, 0);
    let page: usize = query_value::<i64>(&db, "PRAGMA page_size") as usize;
    let mut bytes = std::fs::read(&db).unwrap();
    let pages = bytes.len() / page;
    assert!(pages > 40, "{pages} pages");
    for n in (pages / 3..pages).step_by(7) {
        bytes[n * page + 8..n * page + 64].fill(0xA5);
    }
    std::fs::write(&db, &bytes).unwrap();
    for args in [&[][..], &["--quick"][..]] {
        let (code, out, _) = check(&db, DEPLOYED, args);
        assert_eq!(code, 1, "{out}");
        assert!(
            out.lines().any(|l| l.starts_with("FAIL database:")),
            "{out}"
        );
    }
}

#[test]
fn a_database_one_migration_behind_is_reported_and_not_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("behind.db");
    let latest = latest_version();
    schema_at(&db, latest - 1);
    let before = std::fs::read(&db).unwrap();
    let (code, out, _) = check(&db, DEPLOYED, &[]);
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains(&format!(
            "WARN database: schema version {} of {latest}: 1 migration pending",
            latest - 1
        )),
        "{out}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "check wrote nothing");
    assert_eq!(
        query_value::<i64>(&db, "PRAGMA user_version") as usize,
        latest - 1
    );

    // The next start of the app runs it.
    let (ok, _, err) = run(
        &[
            "user",
            "add",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "admin",
        ],
        &db,
        "a long enough password\n",
    );
    assert!(ok, "{err}");
    let (code, out, _) = check(&db, DEPLOYED, &[]);
    assert_eq!(code, 0, "{out}");

    // A file from a later binary than this one: this one must not run on it.
    let newer = dir.path().join("newer.db");
    schema_at(&newer, latest);
    let conn = rusqlite::Connection::open(&newer).unwrap();
    conn.pragma_update(None, "user_version", (latest + 1) as i64)
        .unwrap();
    drop(conn);
    let (code, out, _) = check(&newer, DEPLOYED, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "FAIL database: schema version {} is newer than this binary knows ({latest})",
            latest + 1
        )),
        "{out}"
    );
}
