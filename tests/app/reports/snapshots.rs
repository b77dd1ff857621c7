//! Snapshots: frozen report files whose bytes never change.

use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, accepted, location};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn a_snapshot_gives_the_same_bytes_whatever_happens_later() {
    let app = TestApp::with_standard_users().await;
    let admin = app.login_as("admin@example.org").await;
    let donor = app.login_as("donor@example.org").await;
    let track = app.track("P1.01", "KZ").await;
    accepted(
        &app,
        track,
        "2023",
        "limited",
        "2024-01-15T09:00:00.000Z",
        "Отчёт =1+1",
    );
    let r = admin
        .post_form(
            "/snapshots",
            &[
                ("name", "Mid-term review 2024"),
                ("as_of", "2024-12-31"),
                ("country", "KZ"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page_path = location(&r);
    let (code, page) = donor.get_text(&page_path).await;
    assert_eq!(code, 200);
    assert!(
        page.contains("Mid-term review 2024")
            && page.contains("2024-12-31")
            && page.contains("Kazakhstan")
    );

    // Every file listed, its checksum shown, the bytes identical twice.
    let mut files = Vec::new();
    for chunk in page.split("<a href=\"/snapshots/").skip(1) {
        let href =
            format!("/snapshots/{}", &chunk[..chunk.find('"').unwrap()]).replace("&amp;", "&");
        if href.contains('.') {
            files.push(href);
        }
    }
    assert_eq!(
        files.len(),
        24,
        "4 reports × CSV, CSV ; and XLSX × en and ru"
    );
    let mut first = Vec::new();
    for f in &files {
        let r = donor.get(f).await;
        assert_eq!(r.status(), 200, "{f}");
        let cd = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(cd.contains("mid-term-review-2024-as-of-2024-12-31"), "{cd}");
        let bytes = r.bytes().await.unwrap();
        let sum = hex(&Sha256::digest(&bytes));
        assert!(page.contains(&sum), "{f}: checksum {sum} on the page");
        first.push(bytes);
    }

    // Later: a new acceptance dated inside the as-of day, a retitled commitment.
    accepted(
        &app,
        track,
        "2024",
        "complete",
        "2024-12-30T09:00:00.000Z",
        "late entry",
    );
    app.conn()
        .execute(
            "UPDATE commitments SET title_en = 'Retitled' WHERE code = 'P1.01'",
            [],
        )
        .unwrap();
    // A country renamed (as the regional track was, in Russian): the name
    // columns and the XLSX layout may change, a frozen file does not.
    app.conn()
        .execute(
            "UPDATE countries SET name_en = 'Kazakhstan (renamed)', name_ru = 'Казахстан (новое)'
             WHERE code = 'KZ'",
            [],
        )
        .unwrap();
    assert_eq!(
        app.count("SELECT count(*) FROM snapshot_files WHERE content IS NULL")
            .await,
        0,
        "every file is kept as frozen"
    );
    for (f, before) in files.iter().zip(&first) {
        let again = donor.get_bytes(f).await;
        assert_eq!(&again, before, "{f} changed");
    }
    let live = donor.get_bytes("/reports/commitments.csv?country=KZ").await;
    assert!(
        String::from_utf8(live)
            .unwrap()
            .contains("Kazakhstan (renamed)")
    );

    // A file frozen before the bytes were kept is written again from its
    // rows: the same bytes while nothing it shows has changed.
    let undo_rename = "UPDATE countries SET name_en = 'Kazakhstan', name_ru = 'Казахстан'
                       WHERE code = 'KZ'";
    app.conn().execute(undo_rename, []).unwrap();
    app.conn()
        .execute_batch(
            "DROP TRIGGER snapshot_files_frozen;
             UPDATE snapshot_files SET content = NULL;",
        )
        .unwrap();
    for (f, before) in files.iter().zip(&first) {
        let again = donor.get_bytes(f).await;
        assert_eq!(&again, before, "{f} written again differs");
    }
    // The live report as of the same day does change.
    let live = donor
        .get("/reports/progress.csv?as_of=2024-12-31&country=KZ")
        .await
        .text()
        .await
        .unwrap();
    assert!(live.contains("late entry"));
    let frozen = String::from_utf8(
        first[files
            .iter()
            .position(|f| f.contains("/progress.csv") && !f.contains('?'))
            .unwrap()]
        .to_vec(),
    )
    .unwrap();
    assert!(frozen.contains("Отчёт =1+1") && !frozen.contains("late entry"));

    // Names are unique; a future as-of date and an empty name are refused.
    for (name, as_of) in [
        ("mid-term REVIEW 2024", "2024-12-31"),
        ("", "2024-12-31"),
        ("Future", "2999-01-01"),
        ("Bad", "2024-02-30"),
    ] {
        let r = admin
            .post_form("/snapshots", &[("name", name), ("as_of", as_of)])
            .await;
        assert_eq!(r.status(), 422, "{name} {as_of}");
    }
    assert_eq!(app.count("SELECT count(*) FROM snapshots").await, 1);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'snapshot.created'")
            .await,
        1
    );
    // Frozen in the database too.
    assert!(
        app.conn()
            .execute("DELETE FROM snapshot_reports", [])
            .is_err()
    );
    assert!(
        app.conn()
            .execute("UPDATE snapshots SET name = 'x'", [])
            .is_err()
    );
}
