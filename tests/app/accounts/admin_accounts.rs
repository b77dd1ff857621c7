//! An administrator edits an account: the form carries the account's
//! version, and a stale form changes nothing.

use crate::helpers::{Role, TestApp, location};

#[tokio::test]
async fn an_account_edit_carries_its_version_and_a_stale_form_changes_nothing() {
    let app = TestApp::with_standard_users().await;
    let admin = app.login_as("admin@example.org").await;
    let other_admin_id = app.add_user("admin2@example.org", Role::Admin, None).await;
    let kz_id = app.user_id("kz@example.org").await;
    let kz = app.login_as("kz@example.org").await;

    let (status, page) = admin.get_text(&format!("/admin/users/{kz_id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"name="version" value="1""#), "{page}");
    let edit = |name: &'static str, country: &'static str, version: &'static str| {
        vec![
            ("email", "kz@example.org"),
            ("name", name),
            ("role", "focal-point"),
            ("country", country),
            ("version", version),
        ]
    };
    let path = format!("/admin/users/{kz_id}");
    // Moving the focal point to Kyrgyzstan: saved, audited, effective at once.
    let r = admin.post_form(&path, &edit("Айгерим 🇰🇿", "KG", "1")).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/users?done=saved");
    assert_eq!(
        app.count("SELECT version FROM users WHERE email = 'kz@example.org'")
            .await,
        2
    );
    let kz_track = app.track("P1.02", "KZ").await;
    assert_eq!(
        kz.get(&format!("/tracks/{kz_track}/updates/new"))
            .await
            .status(),
        403,
        "the old country is closed from the next request"
    );
    let (_, after) = admin.get_text("/admin/audit?action=user.update").await;
    assert!(after.contains("Айгерим"), "the change is in the audit log");

    // A second admin's form, read at version 1, comes back 409 with the saved values.
    let r = admin
        .post_form(&path, &edit("Someone Else", "TJ", "1"))
        .await;
    assert_eq!(r.status(), 409);
    let page = r.text().await.unwrap();
    assert!(page.contains("Someone else changed this account"));
    assert!(page.contains("Айгерим") && page.contains(r#"name="version" value="2""#));
    let (name, country): (String, String) = app
        .conn()
        .query_row(
            "SELECT name, country FROM users WHERE id = ?1",
            [kz_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((name.as_str(), country.as_str()), ("Айгерим 🇰🇿", "KG"));

    // Deactivation from a stale list is refused too; the current version works.
    let deactivate = format!("/admin/users/{kz_id}/deactivate");
    let r = admin.post_form(&deactivate, &[("version", "1")]).await;
    assert_eq!(r.status(), 409);
    assert_eq!(kz.get("/").await.status(), 200, "still signed in");
    let r = admin.post_form(&deactivate, &[("version", "2")]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(kz.get("/").await.status(), 303);

    // Bad values: 422 naming the problem, nothing saved.
    for (form, says) in [
        (edit("K", "", "3"), "country"),
        (edit("K", "REG", "3"), "regional"),
        (edit("", "KZ", "3"), "name"),
        (edit("K", "KZ", "three"), "version"),
    ] {
        let r = admin.post_form(&path, &form).await;
        assert_eq!(r.status(), 422, "{form:?}");
        let body = r.text().await.unwrap().to_lowercase();
        assert!(body.contains(says), "{form:?} should mention {says}");
    }
    let r = admin
        .post_form(
            &path,
            &[
                ("email", "ADMIN2@example.org"),
                ("name", "K"),
                ("role", "focal-point"),
                ("country", "KZ"),
                ("version", "3"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422, "another account's email, in any case");
    assert_eq!(
        app.count("SELECT version FROM users WHERE email = 'kz@example.org'")
            .await,
        3
    );

    // An administrator cannot take the role from themselves, but from another.
    let me = app.user_id("admin@example.org").await;
    let r = admin
        .post_form(
            &format!("/admin/users/{me}"),
            &[
                ("email", "admin@example.org"),
                ("name", "Admin"),
                ("role", "reviewer"),
                ("country", ""),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 409);
    let r = admin
        .post_form(
            &format!("/admin/users/{other_admin_id}"),
            &[
                ("email", "admin2@example.org"),
                ("name", "Admin Two"),
                ("role", "reviewer"),
                ("country", ""),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE role = 'admin'")
            .await,
        1
    );
}

#[tokio::test]
async fn an_administrator_gets_no_password_link_for_their_own_account() {
    let app = TestApp::with_standard_users().await;
    let me = app.user_id("admin@example.org").await;
    let other = app.user_id("kz@example.org").await;
    let admin = app.login_as("admin@example.org").await;
    let links = "SELECT count(*) FROM password_tokens";
    let audited = "SELECT count(*) FROM audit_log WHERE action = 'user.password_link'";
    let (tokens, logged) = (app.count(links).await, app.count(audited).await);

    let r = admin
        .post_form(&format!("/admin/users/{me}/invite"), &[])
        .await;
    assert_eq!(r.status(), 403);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("You cannot issue a password link for your own account")
    );
    assert_eq!(
        (app.count(links).await, app.count(audited).await),
        (tokens, logged),
        "no link, no audit row"
    );
    // For someone else it still works.
    let r = admin
        .post_form(&format!("/admin/users/{other}/invite"), &[])
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(app.count(links).await, tokens + 1);
}

#[tokio::test]
async fn a_new_account_has_no_role_until_one_is_chosen() {
    let app = crate::helpers::TestApp::with_standard_users().await;
    let admin = app.login_as("admin@example.org").await;
    let (_, page) = admin.get_text("/admin/users").await;
    let select = &page[page.find("id=\"role\"").unwrap()..];
    let first = &select[select.find("<option").unwrap()..select.find("</option>").unwrap()];
    assert!(
        first.contains("value=\"\"") && first.contains("selected"),
        "{first}"
    );
    assert!(first.contains("Choose a role"));
    let before = app.count("SELECT count(*) FROM users").await;
    let r = admin
        .create_account("Skipped", "skip@example.org", "", "")
        .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("choose the person") && body.contains("s role"),
        "{body}"
    );
    assert_eq!(app.count("SELECT count(*) FROM users").await, before);
}
