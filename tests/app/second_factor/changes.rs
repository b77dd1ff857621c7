//! Changing a factor: new recovery codes and removing one's own ask for the
//! password and a code again; an administrator removes someone else's,
//! never their own; whoever runs the server enrols and resets from the
//! command line. Each is audited.

use serde_json::json;

use super::{Authenticator, enrol, recovery_codes, sign_in_with_code, signed_in, staff_app};
use crate::helpers::{Client, PASSWORD, location};

async fn actions(app: &crate::helpers::TestApp, action: &'static str) -> Vec<(String, String)> {
    let conn = app.conn();
    let mut stmt = conn
        .prepare("SELECT actor, subject FROM audit_log WHERE action = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([action], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn removing_ones_factor_asks_for_the_password_and_a_code() {
    let app = staff_app().await;
    let c = signed_in(&app, "rev@example.org").await;
    let (mut phone, _) = enrol(&c).await;
    let code = phone.code().await;
    let r = c
        .post_form(
            "/account/second-factor/remove",
            &[("password", "not my password!"), ("code", &code)],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("the current password is not right")
    );
    let r = c
        .post_form(
            "/account/second-factor/remove",
            &[("password", PASSWORD), ("code", "000000")],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("That code is not right"));
    assert_eq!(app.count("SELECT count(*) FROM second_factors").await, 1);

    let r = c
        .post_form(
            "/account/second-factor/remove",
            &[("password", PASSWORD), ("code", &code)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count("SELECT count(*) FROM second_factors WHERE confirmed_at IS NOT NULL")
            .await,
        0
    );
    assert_eq!(app.count("SELECT count(*) FROM recovery_codes").await, 0);
    // A reviewer without a factor is sent to enrol again.
    let r = c.get("/review").await;
    assert_eq!(location(&r), "/account/second-factor");
    assert_eq!(actions(&app, "second_factor.remove").await.len(), 1);
}

#[tokio::test]
async fn new_recovery_codes_replace_the_old_ones() {
    let app = staff_app().await;
    let c = signed_in(&app, "rev@example.org").await;
    let (mut phone, old) = enrol(&c).await;
    let code = phone.code().await;
    let r = c
        .post_form(
            "/account/second-factor/recovery-codes",
            &[("password", PASSWORD), ("code", &code)],
        )
        .await;
    assert_eq!(r.status(), 200);
    let new = recovery_codes(&r.text().await.unwrap());
    assert_eq!(new.len(), 10);
    assert!(new.iter().all(|n| !old.contains(n)));
    let (_, r) = sign_in_with_code(&app, "rev@example.org", &old[0]).await;
    assert_eq!(r.status(), 401, "the old codes no longer work");
    let (_, r) = sign_in_with_code(&app, "rev@example.org", &new[0]).await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn an_admin_removes_someone_elses_factor_but_not_their_own() {
    let app = staff_app().await;
    let admin = signed_in(&app, "admin@example.org").await;
    enrol(&admin).await;
    let rev = signed_in(&app, "rev@example.org").await;
    enrol(&rev).await;
    let rev_id = app.user_id("rev@example.org").await;
    let admin_id = app.user_id("admin@example.org").await;

    let (_, page) = admin.get_text("/admin/users").await;
    assert!(page.contains(&format!("/admin/users/{rev_id}/second-factor/remove")));
    assert!(!page.contains(&format!("/admin/users/{admin_id}/second-factor/remove")));

    let r = rev
        .post_form(
            &format!("/admin/users/{admin_id}/second-factor/remove"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 403, "a reviewer may not");
    let r = admin
        .post_form(
            &format!("/admin/users/{admin_id}/second-factor/remove"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 403, "nobody removes their own this way");
    let r = admin
        .post_form(&format!("/admin/users/{rev_id}/second-factor/remove"), &[])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/users?done=factor-removed");
    let r = admin
        .post_form(&format!("/admin/users/{rev_id}/second-factor/remove"), &[])
        .await;
    assert_eq!(r.status(), 409, "nothing left to remove");

    // The reviewer's session ended; they sign in and enrol again.
    let r = rev.get("/review").await;
    assert!(location(&r).starts_with("/login"));
    let again = signed_in(&app, "rev@example.org").await;
    let r = again.get("/review").await;
    assert_eq!(location(&r), "/account/second-factor");
    let resets = actions(&app, "second_factor.reset").await;
    assert_eq!(
        resets,
        vec![("admin@example.org".to_owned(), format!("user:{rev_id}"))]
    );
}

#[tokio::test]
async fn the_command_line_enrols_once_and_resets() {
    let app = staff_app().await;
    let (ok, out, err) = app.run(&["user", "mfa", "--email", "rev@example.org"]);
    assert!(ok, "{err}");
    let uri = out.trim();
    assert!(
        uri.starts_with("otpauth://totp/JPoA%20Tracker:rev%40example.org?secret="),
        "{uri}"
    );
    assert!(uri.contains("&digits=6&period=30") && uri.contains("algorithm=SHA1"));
    assert_eq!(out.lines().count(), 1, "the URI alone on standard output");
    let secret = uri
        .split("secret=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let mut phone = Authenticator::new(secret);

    let code = phone.code().await;
    let body = json!({"email": "rev@example.org", "password": PASSWORD, "otp": code});
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/login"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the URI's secret gives working codes");

    let (ok, out, err) = app.run(&["user", "mfa", "--email", "rev@example.org"]);
    assert!(!ok && out.is_empty(), "shown once: {out}");
    assert!(err.contains("--reset"), "{err}");
    let (ok, _, err) = app.run(&["user", "mfa", "--email", "nobody@example.org"]);
    assert!(!ok && err.contains("no account"), "{err}");

    let c = Client::new(&app);
    let (ok, out, err) = app.run(&["user", "mfa", "--email", "rev@example.org", "--reset"]);
    assert!(ok && out.contains("removed"), "{out} {err}");
    assert_eq!(
        app.count("SELECT count(*) FROM sessions").await,
        0,
        "its sessions end"
    );
    let r = c.sign_in("rev@example.org", PASSWORD).await;
    assert_eq!(location(&r), "/", "no code asked any more");
    let enrols = actions(&app, "second_factor.enrol").await;
    let resets = actions(&app, "second_factor.reset").await;
    assert_eq!(enrols[0].0, "command line");
    assert_eq!(resets[0].0, "command line");
}
