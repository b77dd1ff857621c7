//! Upgrades: a database file from the first schema version (`schema.sql`
//! alone, as the first release wrote it), holding a little of everything,
//! is opened by today's binary: every migration runs, nothing of what it
//! held is lost or changed, and the app works on it.

use std::path::Path;

use serde_json::{Value, json};

use super::writers::Server;
use crate::helpers::{PASSWORD, check, query_value, run};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The migrations after version 1, in order (`migrations/0002_….sql`…).
fn migration_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(repo().join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
}

/// The schema version of today's binary, counted from the files.
pub fn latest_version() -> usize {
    1 + migration_files().len()
}

/// A new file at schema `version`: `schema.sql` and the migrations after
/// it up to that version, as a binary of that version left it.
pub fn schema_at(db: &Path, version: usize) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch(&std::fs::read_to_string(repo().join("schema.sql")).unwrap())
        .unwrap();
    for file in migration_files().iter().take(version - 1) {
        conn.execute_batch(&std::fs::read_to_string(file).unwrap())
            .unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64)
        .unwrap();
}

/// A little of everything version 1 could hold: the reference data, four
/// accounts (a real password hash), a session, an invitation, updates in
/// every state (a return and its revision among them), the audit log.
fn version_1_rows(db: &Path, hash: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(
        "INSERT INTO pillars VALUES (1, 'Pillar I', 'Столп I'), (2, 'Pillar II', 'Столп II'),
                                    (3, 'Pillar III', 'Столп III'), (4, 'Pillar IV', 'Столп IV');
         INSERT INTO countries VALUES
            ('KZ', 'KAZ', '398', 'Kazakhstan', 'Казахстан', 'state', 1),
            ('KG', 'KGZ', '417', 'Kyrgyzstan', 'Кыргызстан', 'state', 2),
            ('TJ', 'TJK', '762', 'Tajikistan', 'Таджикистан', 'state', 3),
            ('TM', 'TKM', '795', 'Turkmenistan', 'Туркменистан', 'state', 4),
            ('UZ', 'UZB', '860', 'Uzbekistan', 'Узбекистан', 'state', 5),
            ('REG', NULL, NULL, 'Regional', 'Региональный', 'region', 6);
         INSERT INTO documents VALUES (1, 'JPOA-2022', 'Joint Plan of Action', 'Совместный план действий',
                                       '', 'Tashkent', '2022-03-30', 2022, 2031);
         INSERT INTO themes VALUES ('border-security', 'Border security', 'Безопасность границ');
         INSERT INTO commitments VALUES
            (1, 1, 'P2.12', 2, 'border-security', 2025, 'Equip border posts', 'Оснастить погранпосты', 0,
             '2022-04-01T00:00:00Z', '2022-04-01T00:00:00Z'),
            (2, 1, 'P1.3', 1, 'border-security', 2024, 'Adopt a national plan', 'Принять национальный план', 1,
             '2022-04-01T00:00:00Z', '2022-04-01T00:00:00Z');
         INSERT INTO tracks VALUES (1, 1, 'KZ'), (2, 1, 'UZ'), (3, 1, 'REG'), (4, 2, 'KZ');",
    )
    .unwrap();
    let mut user = conn
        .prepare(
            "INSERT INTO users (id, email, name, role, country, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2022-04-02T08:00:00Z')",
        )
        .unwrap();
    for (id, email, name, role, country) in [
        (1, "admin@example.org", "Admin", "admin", None),
        (2, "rev@example.org", "Reviewer", "reviewer", None),
        (3, "kz@example.org", "Айгерим", "focal-point", Some("KZ")),
        (4, "donor@example.org", "Donor", "donor", None),
    ] {
        user.execute(rusqlite::params![id, email, name, role, country, hash])
            .unwrap();
    }
    // A session begun an hour ago, still current when the app opens the file.
    let at = |hours: i64| {
        (chrono::Utc::now() + chrono::Duration::hours(hours))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    conn.execute(
        "INSERT INTO sessions VALUES ('0123abcd', 3, 'api', ?1, ?2)",
        [at(-1), at(24 * 29)],
    )
    .unwrap();
    conn.execute_batch(
        "INSERT INTO password_tokens VALUES ('4567ef01', 4, '2022-04-09T08:00:00Z');
         INSERT INTO updates (id, track_id, period, period_rank, status, narrative_en, narrative_ru,
                              evidence_url, state, author_id, created_at, submitted_at, reviewer_id,
                              reviewed_at, review_comment, revises_id)
         VALUES
            (1, 1, '2023', 20232, 'limited', 'Border posts equipped', 'Погранпосты оснащены',
             'https://example.org/report', 'accepted', 3, '2024-01-10T09:00:00Z', '2024-01-10T09:00:00Z',
             2, '2024-01-20T10:00:00Z', '', NULL),
            (2, 4, '2024-H1', 20241, 'substantial', 'First draft of the plan', '',
             '', 'returned', 3, '2024-07-05T09:00:00Z', '2024-07-05T09:00:00Z',
             2, '2024-07-10T10:00:00Z', 'Please add evidence', NULL),
            (3, 4, '2024-H1', 20241, 'substantial', 'Plan adopted, see the link', 'План принят',
             'https://example.org/plan', 'submitted', 3, '2024-07-15T09:00:00Z', '2024-07-15T09:00:00Z',
             NULL, NULL, '', 2),
            (4, 1, '2024', 20242, 'not_started', 'Words not yet sent', '',
             '', 'draft', 3, '2025-01-05T09:00:00Z', NULL, NULL, NULL, '', NULL);
         INSERT INTO audit_log (at, actor_id, actor, action, subject, before, after) VALUES
            ('2022-04-02T08:00:00Z', 1, 'admin@example.org', 'user.create', 'user:3', NULL,
             '{\"email\":\"kz@example.org\",\"role\":\"focal-point\"}'),
            ('2024-01-10T09:00:00Z', 3, 'kz@example.org', 'update.submit', 'update:1', NULL,
             '{\"state\":\"submitted\"}'),
            ('2024-01-20T10:00:00Z', 2, 'rev@example.org', 'update.accept', 'update:1',
             '{\"state\":\"submitted\"}', '{\"state\":\"accepted\"}');",
    )
    .unwrap();
}

/// Every row of `table`, its version-1 columns only, as text, sorted.
fn rows(db: &Path, table: &str, columns: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let sql = format!("SELECT json_array({columns}) FROM {table} ORDER BY 1");
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Version 1's tables and their columns, read from the file.
fn version_1_tables(db: &Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT m.name, group_concat(quote(c.name), ', ')
             FROM sqlite_schema m, pragma_table_info(m.name) c
             WHERE m.type = 'table' GROUP BY m.name ORDER BY m.name",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get::<_, String>(1)?.replace('\'', "\"")))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_from_the_first_schema_version_migrates_to_todays_with_everything_kept() {
    let dir = tempfile::tempdir().unwrap();
    // A real password hash, made by the binary.
    let scratch = dir.path().join("scratch.db");
    let (ok, _, err) = run(
        &[
            "user",
            "add",
            "--email",
            "x@example.org",
            "--name",
            "X",
            "--role",
            "donor",
        ],
        &scratch,
        &format!("{PASSWORD}\n"),
    );
    assert!(ok, "{err}");
    let hash: String = query_value(&scratch, "SELECT password_hash FROM users");

    let db = dir.path().join("v1.db");
    schema_at(&db, 1);
    version_1_rows(&db, &hash);
    let tables = version_1_tables(&db);
    let before: Vec<Vec<String>> = tables.iter().map(|(t, c)| rows(&db, t, c)).collect();

    let (code, out, _) = check(&db, &[], &[]);
    assert_eq!(code, 1, "settings are missing here: {out}");
    let latest = latest_version();
    assert!(
        out.contains(&format!(
            "WARN database: schema version 1 of {latest}: {} migrations pending",
            latest - 1
        )),
        "{out}"
    );

    // Today's server opens it: the migrations run, and it serves the record.
    let server = Server::start(&db).await;
    assert_eq!(
        query_value::<i64>(&db, "PRAGMA user_version") as usize,
        latest
    );
    let http = reqwest::Client::new();
    let token = |email: &'static str| {
        let http = http.clone();
        let base = server.base.clone();
        async move {
            let r = http
                .post(format!("{base}/api/v1/login"))
                .json(&json!({"email": email, "password": PASSWORD}))
                .send()
                .await
                .unwrap();
            assert_eq!(
                r.status(),
                200,
                "{email} signs in with the password of version 1"
            );
            r.json::<Value>().await.unwrap()["token"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let kz = token("kz@example.org").await;
    let r = http
        .get(format!("{}/api/v1/updates/1", server.base))
        .bearer_auth(&kz)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let update: Value = r.json().await.unwrap();
    assert_eq!(update["narrative_en"], "Border posts equipped");
    assert_eq!(update["state"], "accepted");
    // The revision submitted under version 1 is reviewed under today's.
    let rev = token("rev@example.org").await;
    let r = http
        .post(format!("{}/api/v1/updates/3/review", server.base))
        .bearer_auth(&rev)
        .json(&json!({"decision": "accept"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    drop(server);

    // Every row of version 1 is there, as it was, beside what came since
    // (sign-ins, the audit of the review); only the update reviewed now
    // has changed.
    for ((table, columns), was) in tables.iter().zip(&before) {
        let now = rows(&db, table, columns);
        let missing: Vec<&String> = was
            .iter()
            .filter(|r| !(now.contains(r) || table == "updates" && r.starts_with("[3,")))
            .collect();
        assert!(missing.is_empty(), "{table} lost or changed {missing:?}");
        if !["audit_log", "sessions"].contains(&table.as_str()) {
            assert_eq!(now.len(), was.len(), "{table}: {now:?}");
        }
    }
    let fk: i64 = query_value(&db, "SELECT count(*) FROM pragma_foreign_key_check");
    assert_eq!(fk, 0);
    let export = dir.path().join("progress.csv");
    let (ok, _, err) = run(
        &["export", "progress", "--out", export.to_str().unwrap()],
        &db,
        "",
    );
    assert!(ok, "{err}");
    let csv = std::fs::read_to_string(&export).unwrap();
    assert!(csv.contains("Border posts equipped") && csv.contains("Plan adopted, see the link"));
    let (code, out, _) = check(&db, &[], &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!(
            "ok   database: schema version {latest}, the latest"
        )),
        "{out}"
    );
    assert!(out.contains("integrity check ok"), "{out}");
}
