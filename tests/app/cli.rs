//! The command line of CONTRACT.md, run as the real binary.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jpoa-tracker"))
}

pub fn run(args: &[&str], db: &std::path::Path, stdin: &str) -> (bool, String, String) {
    let mut child = bin()
        .args(args)
        .arg("--db")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails before reading its input closes the pipe early.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// A small synthetic load with synthetic commitments, the same each time.
const SYNTHETIC: &[&str] = &[
    "demo-data",
    "--updates",
    "3000",
    "--commitments",
    "30",
    "--seed",
    "7",
];

fn text(db: &std::path::Path, sql: &str) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn user_add_reads_the_password_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (ok, out, err) = run(
        &[
            "user",
            "add",
            "--email",
            "KZ@Example.org",
            "--name",
            "Айгерим",
            "--role",
            "focal-point",
            "--country",
            "KZ",
        ],
        &db,
        "a long enough password\n",
    );
    assert!(ok, "{err}");
    assert!(out.contains("kz@example.org"));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM users WHERE email = 'kz@example.org' AND country = 'KZ' AND password_hash LIKE '$argon2id$%'"
        ),
        1
    );

    for (args, input, why) in [
        (
            vec![
                "--email",
                "a@example.org",
                "--name",
                "A",
                "--role",
                "focal-point",
            ],
            "a long enough password\n",
            "country",
        ),
        (
            vec!["--email", "b@example.org", "--name", "B", "--role", "donor"],
            "short\n",
            "at least 12",
        ),
        (
            vec!["--email", "c@example.org", "--name", "C", "--role", "king"],
            "a long enough password\n",
            "role",
        ),
        (
            vec![
                "--email",
                "kz@example.org",
                "--name",
                "D",
                "--role",
                "donor",
            ],
            "a long enough password\n",
            "already exists",
        ),
    ] {
        let mut full = vec!["user", "add"];
        full.extend(args);
        let (ok, _, err) = run(&full, &db, input);
        assert!(!ok);
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(err.contains(why), "{err}");
    }
    assert_eq!(count(&db, "SELECT count(*) FROM users"), 1);
}

#[test]
fn import_is_all_or_nothing_with_line_and_column_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let good = dir.path().join("official.csv");
    std::fs::write(
        &good,
        "\u{feff}document,code,pillar,theme,target_year,title_en,title_ru,tracks\n\
         JPOA-2022,P2.12,2,financing,2027,Official text of action 2.12,Официальный текст,KZ KG TJ TM UZ\n\
         JPOA-2022,P1.01,1,tolerance,2030,Promote tolerance (official wording),,KZ KG REG\n\
         TASHKENT-DECL-2022,TD.1,3,new-theme,2031,Declaration item,,REG\n",
    )
    .unwrap();
    let (ok, out, err) = run(&["import", "commitments", good.to_str().unwrap()], &db, "");
    assert!(ok, "{err}");
    assert!(out.contains("1 commitments created, 2 updated"), "{out}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM commitments WHERE code = 'P2.12' AND illustrative = 0"
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM tracks t JOIN commitments c ON c.id = t.commitment_id WHERE c.code = 'P1.01'"
        ),
        3
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM themes WHERE code = 'new-theme'"),
        1
    );

    let before = count(&db, "SELECT count(*) FROM commitments");
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "document,code,pillar,theme,target_year,title_en,title_ru,tracks\n\
         JPOA-2022,P9.01,1,youth,2027,Fine line,,KZ\n\
         JPOA-2022,P9.02,5,youth,2040,Bad pillar and year,,KZ\n\
         JPOA-2022,P9.01,1,youth,2027,Duplicate code,,KZ\n\
         JPOA-2022,P9.03,1,youth,2027,Bad track,,RU\n",
    )
    .unwrap();
    let (ok, _, err) = run(&["import", "commitments", bad.to_str().unwrap()], &db, "");
    assert!(!ok);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("line 3, column 3 (pillar)"), "{err}");
    assert!(err.contains("line 3, column 5 (target_year)"), "{err}");
    assert!(
        err.contains("line 4, column 2 (code): code 'P9.01' already appears on line 2"),
        "{err}"
    );
    assert!(err.contains("line 5, column 8 (tracks)"), "{err}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM commitments"),
        before,
        "nothing was imported"
    );

    let wrong_columns = dir.path().join("cols.csv");
    std::fs::write(&wrong_columns, "code,titel\nX,Y\n").unwrap();
    let (ok, _, err) = run(
        &["import", "commitments", wrong_columns.to_str().unwrap()],
        &db,
        "",
    );
    assert!(!ok);
    assert!(
        err.contains("unknown column 'titel'") && err.contains("missing column 'document'"),
        "{err}"
    );

    let latin1 = dir.path().join("latin1.csv");
    let mut bytes = b"document,code,pillar,theme,target_year,title_en,title_ru,tracks\nJPOA-2022,P9.09,1,youth,2027,Caf".to_vec();
    bytes.extend([0xE9, b',', b',', b'K', b'Z', b'\n']);
    std::fs::write(&latin1, bytes).unwrap();
    let (ok, _, err) = run(
        &["import", "commitments", latin1.to_str().unwrap()],
        &db,
        "",
    );
    assert!(!ok);
    assert!(err.contains("line 2") && err.contains("UTF-8"), "{err}");
}

#[test]
fn serve_prints_a_one_time_setup_link_and_demo_data_and_backup_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("j.db");
    let mut child = bin()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut link = None;
    let mut url = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.contains("/setup/") {
            link = Some(line.trim().to_owned());
        }
        if line.starts_with("jpoa-tracker is serving") {
            url = Some(line.rsplit(' ').next().unwrap().to_owned());
            break;
        }
    }
    let link = link.expect("a setup link is printed when there is no administrator");
    let url = url.expect("the URL is printed");
    assert!(link.starts_with(url.trim_end_matches('/')));
    let body = std::process::Command::new("curl")
        .args(["-s", &link])
        .output();
    if let Ok(out) = body {
        assert!(String::from_utf8_lossy(&out.stdout).contains("Create the first administrator"));
    }
    assert_eq!(
        count(&db, "SELECT count(*) FROM commitments"),
        40,
        "a new database is seeded"
    );

    // Synthetic load and a backup while the server runs.
    let schema = "SELECT group_concat(name || sql, ';') FROM (SELECT name, sql FROM sqlite_master ORDER BY name)";
    let schema_before = text(&db, schema);
    let (ok, out, err) = run(SYNTHETIC, &db, "");
    assert!(ok, "{err}");
    assert!(out.contains("added 30 synthetic commitments"), "{out}");
    assert!(out.contains("added 3000"));
    assert!(err.contains("3000/3000"), "shows progress: {err}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM updates WHERE is_demo = 1"),
        3000
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM commitments c JOIN documents d ON d.id = c.document_id
             WHERE d.code = 'SYNTHETIC-LOAD-TEST' AND c.illustrative = 1"
        ),
        30,
        "synthetic commitments belong to a document that says so"
    );
    assert!(
        count(
            &db,
            "SELECT count(*) FROM tracks t JOIN commitments c ON c.id = t.commitment_id
             WHERE c.code LIKE 'S0%'"
        ) >= 150,
        "each synthetic commitment is tracked by the five states"
    );
    assert!(
        count(
            &db,
            "SELECT count(DISTINCT u.track_id) FROM updates u JOIN tracks t ON t.id = u.track_id
             JOIN commitments c ON c.id = t.commitment_id WHERE c.code LIKE 'S0%'"
        ) > 100,
        "updates go to the synthetic tracks too"
    );
    assert_eq!(
        text(&db, schema),
        schema_before,
        "the triggers set aside for the bulk insert are back, unchanged"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM update_counts k
             WHERE n <> (SELECT count(*) FROM updates u WHERE u.state = k.state)"
        ),
        0,
        "the kept counts agree with the updates"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'demo.data'"
        ),
        1
    );
    // The same seed on a copy of the same database gives the same rows.
    let fingerprint =
        "SELECT group_concat(track_id || period || status || state || submitted_at, ',')
                       FROM (SELECT * FROM updates ORDER BY id)";
    let again = dir.path().join("again.db");
    let (ok, _, err) = run(SYNTHETIC, &again, "");
    assert!(ok, "{err}");
    assert_eq!(
        text(&again, fingerprint),
        text(&db, fingerprint),
        "deterministic"
    );
    let copy = dir.path().join("backup.db");
    let (ok, out, err) = run(&["backup", "--to", copy.to_str().unwrap()], &db, "");
    assert!(ok, "{err}");
    assert!(out.contains("integrity check ok"));
    assert_eq!(count(&copy, "SELECT count(*) FROM updates"), 3000);
    let (ok, _, err) = run(&["backup", "--to", copy.to_str().unwrap()], &db, "");
    assert!(
        !ok && err.contains("exists already"),
        "never overwrites: {err}"
    );
    let (ok, _, err) = run(&["export", "progress", "--pillar", "9"], &db, "");
    assert!(!ok && err.contains("pillar"), "{err}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn the_schema_refuses_to_change_or_delete_an_accepted_update() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (ok, _, err) = run(&["demo-data", "--updates", "50"], &db, "");
    assert!(ok, "{err}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let id: i64 = conn
        .query_row(
            "SELECT id FROM updates WHERE state = 'accepted' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        conn.execute("UPDATE updates SET status = 'complete' WHERE id = ?1", [id])
            .is_err()
    );
    assert!(
        conn.execute(
            "UPDATE updates SET narrative_en = 'rewritten' WHERE id = ?1",
            [id]
        )
        .is_err()
    );
    assert!(
        conn.execute("UPDATE updates SET state = 'submitted' WHERE id = ?1", [id])
            .is_err()
    );
    assert!(
        conn.execute("DELETE FROM updates WHERE id = ?1", [id])
            .is_err()
    );
    let pending: i64 = conn
        .query_row(
            "SELECT id FROM updates WHERE state = 'submitted' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        conn.execute(
            "UPDATE updates SET narrative_en = 'rewritten' WHERE id = ?1",
            [pending]
        )
        .is_err(),
        "submitted text is frozen too"
    );
    // No report for a period that had not begun when it was submitted.
    let author: i64 = conn
        .query_row("SELECT author_id FROM updates LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let insert = |period: &str, submitted: &str| {
        conn.execute(
            "INSERT INTO updates (track_id, period, period_rank, status, state, author_id,
                                  created_at, submitted_at)
             VALUES (1, ?1, 20242, 'limited', 'submitted', ?2, ?3, ?3)",
            rusqlite::params![period, author, submitted],
        )
    };
    assert!(insert("2024-H2", "2024-06-30T23:59:59.000Z").is_err());
    assert!(insert("2025", "2024-12-31T10:00:00.000Z").is_err());
    assert!(insert("2024-H2", "2024-07-01T00:00:00.000Z").is_ok());
}

#[test]
fn serve_refuses_a_base_url_that_is_not_http() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (ok, _, err) = run(
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--base-url",
            "ftp://x.example",
        ],
        &db,
        "",
    );
    assert!(!ok);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("base URL"), "{err}");
}
