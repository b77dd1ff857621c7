//! "Forgot your password?": the same answer for any address, a link by
//! mail valid one hour for an active account, throttled, audited.

use super::{WAIT, setup_link};
use crate::helpers::{Client, location};

#[tokio::test]
async fn a_forgotten_password_gets_a_link_by_mail_and_the_same_answer_for_anyone() {
    let Some((sink, app)) = super::mailing().await else {
        return;
    };
    let c = Client::new(&app);
    let (status, page) = c.get_text("/password/forgot").await;
    assert_eq!(status, 200);
    assert!(page.contains("name=\"email\""));
    let known = c
        .post_form("/password/forgot", &[("email", "kz@example.org")])
        .await;
    let unknown = c
        .post_form("/password/forgot", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(
        (known.status().as_u16(), unknown.status().as_u16()),
        (200, 200)
    );
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());

    let got = sink.wait_for(1, WAIT).await;
    assert_eq!(got.len(), 1, "nothing for an address without an account");
    assert_eq!(got[0].to, vec!["kz@example.org".to_owned()]);
    let body = got[0].body();
    assert!(body.contains("one hour"), "{body}");
    let link = setup_link(&body);
    let path = link.trim_start_matches(&app.url(""));
    let new = "a fresh passphrase for kazakhstan";
    let r = c
        .post_form(path, &[("password", new), ("password2", new)])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/");
    let r = c
        .post_form(path, &[("password", new), ("password2", new)])
        .await;
    assert_eq!(r.status(), 403, "the link works once");
    let asked = app
        .count("SELECT count(*) FROM audit_log WHERE action = 'user.password_reset_asked'")
        .await;
    assert_eq!(asked, 2);
    let expires: String = app
        .conn()
        .query_row("SELECT expires_at FROM password_tokens", [], |r| r.get(0))
        .unwrap_or_default();
    assert!(expires.is_empty(), "used up");
}

#[tokio::test]
async fn asking_again_and_again_is_throttled() {
    let Some((sink, app)) = super::mailing().await else {
        return;
    };
    let c = Client::new(&app);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let r = c
            .post_form("/password/forgot", &[("email", "rev@example.org")])
            .await;
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 200, 429, 429]);
    let r = c.post_form("/password/forgot", &[("email", "")]).await;
    assert_eq!(r.status(), 422);
    // A deactivated account gets nothing, with the same answer.
    let got = sink.wait_for(4, WAIT).await;
    assert_eq!(got.len(), 4);
}

#[tokio::test]
async fn asking_for_a_link_leaves_an_invitation_working_and_without_mail_makes_none() {
    let Some((sink, app)) = super::mailing().await else {
        return;
    };
    let admin = app.login_as("admin@example.org").await;
    let r = admin
        .create_account("Invited", "inv@example.org", "donor", "")
        .await;
    assert_eq!(r.status(), 201);
    let invitation = setup_link(&sink.wait_for(1, WAIT).await[0].body());
    let c = Client::new(&app);
    let r = c
        .post_form("/password/forgot", &[("email", "inv@example.org")])
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(sink.wait_for(2, WAIT).await.len(), 2);
    assert_eq!(
        reqwest::get(&invitation).await.unwrap().status(),
        200,
        "the invitation still works"
    );

    // A tracker with no mail server makes no link nobody would receive.
    let quiet = crate::helpers::TestApp::with_standard_users().await;
    let c = Client::new(&quiet);
    let r = c
        .post_form("/password/forgot", &[("email", "kz@example.org")])
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("If an account exists"));
    assert_eq!(quiet.count("SELECT count(*) FROM password_tokens").await, 0);
    assert_eq!(quiet.count("SELECT count(*) FROM outbox").await, 0);
    let (_, page) = c.get_text("/password/forgot").await;
    assert!(page.contains("ask your administrator"), "{page}");
}
