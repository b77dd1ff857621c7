//! An administrator sets a document's reporting cycle.

use crate::helpers::{TestApp, location};

#[tokio::test]
async fn an_admin_sets_the_reporting_cycle_and_a_stale_form_gets_409() {
    let app = TestApp::with_standard_users().await;
    let admin = app.login_as("admin@example.org").await;
    let kz = app.login_as("kz@example.org").await;
    let doc = app
        .count("SELECT id FROM documents WHERE code = 'JPOA-2022'")
        .await;
    let (_, before) = kz.get_text("/due?as_of=2025-07-15").await;
    assert!(!before.contains("2025-H1"));

    let (code, page) = admin.get_text("/admin/reporting").await;
    assert_eq!(code, 200);
    assert!(page.contains("name=\"version\" value=\"0\""));
    let path = format!("/admin/reporting/{doc}");
    let r = admin
        .post_form(
            &path,
            &[
                ("cycle", "semiannual"),
                ("due_days", "14"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/reporting?done=1");
    // H1 2025 was due on 14 July 2025.
    let (_, after) = kz.get_text("/due?as_of=2025-07-15").await;
    assert!(
        after.contains(">2025-H1<") && after.contains("2025-07-14"),
        "semi-annual now"
    );

    // A second admin tab still holding version 0 loses nothing and changes nothing.
    let r = admin
        .post_form(
            &path,
            &[("cycle", "annual"), ("due_days", "60"), ("version", "0")],
        )
        .await;
    assert_eq!(r.status(), 409);
    let body = r.text().await.unwrap();
    assert!(body.contains("Someone else changed this reporting cycle"));
    assert!(
        body.contains("name=\"version\" value=\"1\""),
        "the fresh version to try again"
    );
    let (cycle, days, version): (String, i64, i64) = app
        .conn()
        .query_row(
            "SELECT cycle, due_days, version FROM reporting_cycles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((cycle.as_str(), days, version), ("semiannual", 14, 1));
    for bad in [
        vec![("cycle", "weekly"), ("due_days", "14"), ("version", "1")],
        vec![("cycle", "annual"), ("due_days", "366"), ("version", "1")],
        vec![("cycle", "annual"), ("due_days", "-1"), ("version", "1")],
        vec![("cycle", "annual"), ("due_days", "14"), ("version", "x")],
    ] {
        assert_eq!(admin.post_form(&path, &bad).await.status(), 422, "{bad:?}");
    }
    assert_eq!(
        kz.post_form(
            &path,
            &[("cycle", "annual"), ("due_days", "14"), ("version", "1")]
        )
        .await
        .status(),
        403
    );
    assert_eq!(app.count("SELECT version FROM reporting_cycles").await, 1);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'settings.reporting_cycle'")
            .await,
        1
    );
}
