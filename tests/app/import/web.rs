//! An administrator imports commitments from a CSV file in the browser
//! (`/admin/import`): the parser and the all-or-nothing rule of
//! `jpoa-tracker import commitments`, audited, with every problem shown.

use crate::helpers::{Client, TestApp, col, location, parse_csv};

const HEADER: &str = "document,code,pillar,theme,target_year,title_en,title_ru,tracks\n";

const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"Click\")";

/// What an import could change, to compare before and after.
async fn record(app: &TestApp) -> (i64, i64, i64, i64, String) {
    let titles = app
        .db
        .read(|conn| {
            Ok(conn.query_row(
                "SELECT group_concat(code || '=' || title_en, '|') FROM commitments",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    (
        app.count("SELECT count(*) FROM commitments").await,
        app.count("SELECT count(*) FROM tracks").await,
        app.count("SELECT count(*) FROM themes").await,
        app.count("SELECT count(*) FROM audit_log WHERE action = 'import.commitments'")
            .await,
        titles,
    )
}

#[tokio::test]
async fn an_admin_imports_a_csv_file_sees_the_summary_and_the_import_is_audited() {
    let app = TestApp::with_standard_users().await;
    let admin = app.login_as("admin@example.org").await;

    let (status, page) = admin.get_text("/admin/import").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"enctype="multipart/form-data""#) && page.contains(r#"type="file""#),
        "{page}"
    );
    let (_, accounts) = admin.get_text("/admin/users").await;
    assert!(
        accounts.contains(r#"href="/admin/import""#),
        "the accounts page links to the import"
    );

    let commitments = app.count("SELECT count(*) FROM commitments").await;
    let csv = format!(
        "\u{feff}{HEADER}\
         JPOA-2022,P2.12,2,financing,2027,Official text of action 2.12,Официальный текст,KZ KG TJ TM UZ\n\
         JPOA-2022,P1.01,1,tolerance,2030,Promote tolerance (official wording),,KZ KG REG\n\
         TASHKENT-DECL-2022,TD.9,3,web-theme,2031,\"{}\",,REG\n",
        FORMULA.replace('"', "\"\"")
    );
    let r = admin
        .post_file("/admin/import", "official.csv", csv.as_bytes())
        .await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    for expected in [
        "Imported official.csv",
        "3 rows read",
        "1 commitment created",
        "2 commitments updated",
        "1 track added",
        "3 tracks removed",
        "New themes",
        "web-theme",
    ] {
        assert!(page.contains(expected), "no {expected:?} in:\n{page}");
    }
    assert_eq!(
        app.count("SELECT count(*) FROM commitments").await,
        commitments + 1
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM tracks t JOIN commitments c ON c.id = t.commitment_id
             WHERE c.code = 'P1.01'"
        )
        .await,
        3
    );

    // Audited like the command line, with the administrator as the actor.
    let (actor, after): (String, String) = app
        .db
        .read(|conn| {
            Ok(conn.query_row(
                "SELECT actor, after FROM audit_log WHERE action = 'import.commitments'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(actor, "admin@example.org");
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(after["file"], "official.csv");
    assert_eq!(after["rows"], 3);
    assert_eq!(after["themes_created"], serde_json::json!(["web-theme"]));

    // A formula in a title is kept as text: escaped on pages, neutralised in CSV.
    let td9 = app.commitment("TD.9").await;
    let stored: String = app
        .db
        .read(move |conn| {
            Ok(conn.query_row(
                "SELECT title_en FROM commitments WHERE id = ?1",
                [td9],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(stored, FORMULA);
    let (_, page) = admin.get_text(&format!("/commitments/{td9}")).await;
    assert!(
        page.contains("=HYPERLINK(&quot;http://evil.example&quot;")
            && !page.contains("<a href=\"http://evil.example"),
        "{page}"
    );
    let r = admin.get("/reports/commitments.csv").await;
    let (header, rows) = parse_csv(&r.bytes().await.unwrap());
    let title = col(&header, "commitment_title");
    assert!(
        rows.iter().any(|row| row[title] == format!("'{FORMULA}")),
        "the formula is neutralised in the report"
    );

    // The same page in Russian.
    let ru = app
        .login_speaking("ru-RU,ru;q=0.9", "admin@example.org")
        .await;
    let r = ru
        .post_file("/admin/import", "official.csv", csv.as_bytes())
        .await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("Файл official.csv импортирован"), "{page}");
    assert!(page.contains("Прочитано 3 строки"), "{page}");
    assert!(page.contains("Обновлено 3 обязательства"), "{page}");
    assert!(page.contains("Новых тем нет"), "{page}");
}

#[tokio::test]
async fn a_bad_file_gets_422_with_every_problem_located_and_changes_nothing() {
    let app = TestApp::with_standard_users().await;
    let admin = app.login_as("admin@example.org").await;
    let before = record(&app).await;

    let mut latin1 = format!("{HEADER}JPOA-2022,P9.09,1,youth,2027,Caf").into_bytes();
    latin1.extend([0xE9, b',', b',', b'K', b'Z', b'\n']);
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "columns.csv",
            b"code,titel\nX,Y\n".to_vec(),
            vec![
                "<td data-label=\"Line\">1</td>",
                "unknown column 'titel'",
                "missing column 'document'",
            ],
        ),
        (
            "duplicate.csv",
            format!(
                "{HEADER}JPOA-2022,P1.01,1,youth,2027,First,,KZ\n\
                 JPOA-2022,P9.02,5,youth,2040,Bad pillar and year,,KZ\n\
                 JPOA-2022,P1.01,1,youth,2027,Duplicate code,,KZ\n"
            )
            .into_bytes(),
            vec![
                "<td data-label=\"Line\">3</td>",
                "<td data-label=\"Column\">3 <code>pillar</code></td>",
                "<td data-label=\"Column\">5 <code>target_year</code></td>",
                "<td data-label=\"Line\">4</td>",
                "<td data-label=\"Column\">2 <code>code</code></td>",
                "already appears on line 2",
            ],
        ),
        (
            "latin1.csv",
            latin1,
            vec!["<td data-label=\"Line\">2</td>", "is not valid UTF-8"],
        ),
        (
            "empty.csv",
            HEADER.as_bytes().to_vec(),
            vec!["the file has no commitments"],
        ),
    ];
    for (name, bytes, expected) in &cases {
        let r = admin.post_file("/admin/import", name, bytes).await;
        assert_eq!(r.status(), 422, "{name}");
        let page = r.text().await.unwrap();
        assert!(
            page.contains(&format!("Nothing was imported from {name}")),
            "{name}:\n{page}"
        );
        for e in expected {
            assert!(page.contains(e), "{name}: no {e:?} in:\n{page}");
        }
        assert_eq!(record(&app).await, before, "{name} changed the record");
    }

    // The form sent without a file.
    let r = admin.post_file("/admin/import", "", b"").await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("choose a CSV file to import")
    );
    // In Russian, the frame of the problem list is Russian.
    let ru = app
        .login_speaking("ru-RU,ru;q=0.9", "admin@example.org")
        .await;
    let r = ru
        .post_file("/admin/import", "columns.csv", &cases[0].1)
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Из файла columns.csv ничего не импортировано: 7 ошибок"),
        "{page}"
    );
    assert!(page.contains("<td data-label=\"Строка\">1</td>"), "{page}");
    assert_eq!(record(&app).await, before);
}

#[tokio::test]
async fn only_administrators_import_and_the_route_takes_files_up_to_2_mib() {
    let app = TestApp::with_standard_users().await;
    let before = record(&app).await;
    let good = format!("{HEADER}JPOA-2022,P9.01,1,youth,2027,New one,,KZ\n");

    let anonymous = Client::new(&app);
    let r = anonymous
        .post_file("/admin/import", "a.csv", good.as_bytes())
        .await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/login"), "{}", location(&r));
    for email in ["kz@example.org", "rev@example.org", "donor@example.org"] {
        let c = app.login_as(email).await;
        let r = c.post_file("/admin/import", "a.csv", good.as_bytes()).await;
        assert_eq!(r.status(), 403, "{email}");
        assert_eq!(c.get("/admin/import").await.status(), 403, "{email}");
    }
    assert_eq!(
        record(&app).await,
        before,
        "a refused upload changed nothing"
    );

    // Over the app-wide 256 KiB, within this route's 2 MiB: imported.
    let admin = app.login_as("admin@example.org").await;
    let mut big = HEADER.to_owned();
    for i in 0..200 {
        big.push_str(&format!(
            "JPOA-2022,B.{i},2,youth,2030,{},{},KZ REG\n",
            "Official text ".repeat(70),
            "Официальный текст ".repeat(30)
        ));
    }
    assert!(big.len() > 300 * 1024, "{} bytes", big.len());
    let r = admin
        .post_file("/admin/import", "big.csv", big.as_bytes())
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("200 rows read"));
    assert_eq!(
        app.count("SELECT count(*) FROM commitments WHERE code LIKE 'B.%'")
            .await,
        200
    );

    // Over 2 MiB: 413, and nothing more is imported.
    let mut huge = HEADER.to_owned();
    let mut i = 0;
    while huge.len() <= 2 * 1024 * 1024 + 1024 {
        huge.push_str(&format!(
            "JPOA-2022,H.{i},2,youth,2030,{},,KZ\n",
            "x".repeat(1000)
        ));
        i += 1;
    }
    let r = admin
        .post_file("/admin/import", "huge.csv", huge.as_bytes())
        .await;
    assert_eq!(r.status(), 413);
    assert_eq!(
        app.count("SELECT count(*) FROM commitments WHERE code LIKE 'H.%'")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'import.commitments'")
            .await,
        1
    );
}

#[tokio::test]
async fn an_imported_title_with_an_invisible_formatting_character_is_refused() {
    let app = TestApp::with_standard_users().await;
    let admin = app.login_as("admin@example.org").await;
    let before = record(&app).await;
    for c in ['\u{202E}', '\u{061C}', '\u{200B}'] {
        let csv = format!("{HEADER}JPOA-2022,P1.01,1,tolerance,2030,Promote{c} tolerance,,KZ\n");
        let r = admin
            .post_file("/admin/import", "plan.csv", csv.as_bytes())
            .await;
        assert_eq!(r.status(), 422, "U+{:04X}", u32::from(c));
        let page = r.text().await.unwrap();
        assert!(page.contains("invisible formatting character"), "{page}");
    }
    assert_eq!(record(&app).await, before, "nothing was imported");
}
