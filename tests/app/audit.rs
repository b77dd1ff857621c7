//! The audit trail: every change leaves a row in the same transaction, a
//! refused change leaves none, and nothing can alter the log.

use crate::helpers::{Country, Role, TestApp, col, parse_csv};

async fn actions(app: &TestApp) -> Vec<(String, String, String)> {
    app.db
        .read(|conn| {
            let mut stmt =
                conn.prepare("SELECT actor, action, subject FROM audit_log ORDER BY id")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn changes_and_sign_ins_are_logged_and_refusals_are_not() {
    let app = TestApp::spawn().await;
    app.add_user("kz@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    app.add_user("rev@example.org", Role::Reviewer, None).await;
    app.add_user("admin@example.org", Role::Admin, None).await;
    let kz = app.login_as("kz@example.org").await;
    let rev = app.login_as("rev@example.org").await;
    let admin = app.login_as("admin@example.org").await;
    let track = app.track("P1.02", "KZ").await;
    let uz_track = app.track("P1.02", "UZ").await;

    let r = kz
        .post_form(
            &format!("/tracks/{track}/updates"),
            &[
                ("period", "2024"),
                ("status", "limited"),
                ("narrative_ru", "Сделано"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let id = app.count("SELECT max(id) FROM updates").await;
    let before = actions(&app).await.len();
    // Refused: another country's track, self-review by nobody, a bad period, a 409.
    assert_eq!(
        kz.post_form(
            &format!("/tracks/{uz_track}/updates"),
            &[("period", "2024"), ("status", "limited")]
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        kz.post_form(
            &format!("/tracks/{track}/updates"),
            &[("period", "2040"), ("status", "limited")]
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        rev.post_form(&format!("/updates/{id}/review"), &[("decision", "accept")])
            .await
            .status(),
        303
    );
    assert_eq!(
        rev.post_form(
            &format!("/updates/{id}/review"),
            &[("decision", "return"), ("comment", "x")]
        )
        .await
        .status(),
        409
    );
    let after = actions(&app).await;
    assert_eq!(
        after.len(),
        before + 1,
        "only the acceptance was logged: {:?}",
        &after[before..]
    );
    assert_eq!(
        after[before],
        (
            "rev@example.org".into(),
            "update.accept".into(),
            format!("update:{id}")
        )
    );

    let r = kz.sign_in("kz@example.org", "wrong password here").await;
    assert_eq!(r.status(), 401);
    let kz_id = app.user_id("kz@example.org").await;
    assert_eq!(
        admin
            .post_form(
                &format!("/admin/users/{kz_id}/deactivate"),
                &[("version", "1")]
            )
            .await
            .status(),
        303
    );

    let log = actions(&app).await;
    let has = |actor: &str, action: &str| log.iter().any(|(a, b, _)| a == actor && b == action);
    assert!(has("test", "user.create"));
    assert!(has("kz@example.org", "session.sign_in"));
    assert!(has("kz@example.org", "update.submit"));
    assert!(has("anonymous", "session.sign_in_failed"));
    assert!(has("admin@example.org", "user.deactivate"));
    let failed = log
        .iter()
        .find(|(_, b, _)| b == "session.sign_in_failed")
        .unwrap();
    assert_eq!(failed.2, "email:kz@example.org");
    let no_secret: i64 = app.count("SELECT count(*) FROM audit_log WHERE coalesce(after, '') LIKE '%wrong password%' OR subject LIKE '%wrong password%'").await;
    assert_eq!(no_secret, 0, "a tried password is never logged");

    // The admin reads and downloads it; nobody else can.
    let (status, page) = admin.get_text("/admin/audit?action=update.accept").await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("update:{id}")));
    let r = admin.get("/admin/audit.csv?actor=rev@example.org").await;
    assert_eq!(r.status(), 200);
    let (h, rows) = parse_csv(&r.bytes().await.unwrap());
    assert!(
        rows.iter()
            .all(|r| r[col(&h, "actor")] == "rev@example.org")
    );
    assert!(rows.iter().any(|r| r[col(&h, "action")] == "update.accept"
        && r[col(&h, "after")].contains("\"state\":\"accepted\"")));
    assert_eq!(admin.get("/admin/audit?from=yesterday").await.status(), 422);
    for c in [&rev] {
        assert_eq!(c.get("/admin/audit").await.status(), 403);
        assert_eq!(c.get("/admin/audit.csv").await.status(), 403);
    }

    // No route alters the log, and neither can SQL.
    let conn = app.conn();
    assert!(
        conn.execute("UPDATE audit_log SET actor = 'someone else'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
}

#[tokio::test]
async fn a_failed_sign_in_keeps_what_was_typed_only_when_it_names_an_account() {
    let app = TestApp::with_standard_users().await;
    // A password typed into the address field, then a mistyped address.
    let typed = ["Tr0ub4dor&3-horse-battery", "kz@exmaple.org"];
    for email in typed {
        let r = app.form_sign_in(email, "wrong password").await;
        assert_eq!(r.status(), 401);
    }
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/login"))
        .json(&serde_json::json!({"email": "S3cret-in-the-wrong-field", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = app.form_sign_in("KZ@example.org", "wrong password").await;
    assert_eq!(r.status(), 401);

    let log = actions(&app).await;
    let failed: Vec<&str> = log
        .iter()
        .filter(|(_, action, _)| action == "session.sign_in_failed")
        .map(|(_, _, subject)| subject.as_str())
        .collect();
    assert_eq!(
        failed,
        [
            "email:(no such account)",
            "email:(no such account)",
            "email:(no such account)",
            "email:kz@example.org"
        ]
    );
    for secret in typed.iter().chain(&["S3cret-in-the-wrong-field"]) {
        let found: i64 = app
            .db
            .read({
                let like = format!("%{secret}%");
                move |conn| {
                    Ok(conn.query_row(
                        "SELECT count(*) FROM audit_log
                         WHERE subject LIKE ?1 OR coalesce(after, '') LIKE ?1
                            OR coalesce(before, '') LIKE ?1",
                        [like],
                        |r| r.get(0),
                    )?)
                }
            })
            .await
            .unwrap();
        assert_eq!(found, 0, "{secret} stays out of the log");
    }
}
