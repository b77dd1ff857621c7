//! Signing out ends this session; signing out everywhere ends every session
//! and API token of the account; the account page lists them, and each can
//! be ended there by its owner and nobody else.

use crate::helpers::{Client, TestApp, location};

/// The sessions the account page lists: each one's id, and whether it is
/// the session of the browser looking.
fn listed(page: &str) -> Vec<(String, bool)> {
    const FORM: &str = "action=\"/account/sessions/";
    page.split("<tr")
        .filter_map(|row| {
            let at = row.find(FORM)? + FORM.len();
            let id = row[at..].split('/').next()?.to_owned();
            Some((id, row.contains("(this browser)")))
        })
        .collect()
}

/// The id of the session of the browser `c`, as its account page marks it.
async fn own_id(c: &Client) -> String {
    let (code, page) = c.get_text("/account").await;
    assert_eq!(code, 200);
    let ids: Vec<String> = listed(&page)
        .into_iter()
        .filter_map(|(id, here)| here.then_some(id))
        .collect();
    assert_eq!(ids.len(), 1, "one session is this browser's: {page}");
    ids[0].clone()
}

/// Whether the API token still works.
async fn token_works(app: &TestApp, token: &str) -> bool {
    let status = app
        .get_with_token(token, "/api/v1/commitments")
        .await
        .status();
    assert!(status == 200 || status == 401, "{status}");
    status == 200
}

#[tokio::test]
async fn sign_out_ends_this_session_and_sign_out_everywhere_ends_every_one() {
    let app = TestApp::with_standard_users().await;
    let (here, there, token) = app.signed_in_twice_with_a_token("kz@example.org").await;
    let rev = app.login_as("rev@example.org").await;

    assert_eq!(here.post_form("/logout", &[]).await.status(), 303);
    assert_eq!(here.get("/").await.status(), 303, "signed out here");
    assert_eq!(there.get("/").await.status(), 200, "still signed in there");
    assert!(token_works(&app, &token).await);

    let here = app.login_as("kz@example.org").await;
    let (_, page) = here.get_text("/account").await;
    assert!(page.contains(r#"action="/logout/everywhere""#), "{page}");
    let r = here.post_form("/logout/everywhere", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login");
    assert_eq!(here.get("/").await.status(), 303);
    assert_eq!(there.get("/").await.status(), 303, "signed out there too");
    assert!(!token_works(&app, &token).await, "and the token ended");
    assert_eq!(rev.get("/review").await.status(), 200, "others go on");
    assert_eq!(
        app.count(
            "SELECT count(*) FROM sessions
             WHERE user_id = (SELECT id FROM users WHERE email = 'kz@example.org')"
        )
        .await,
        0
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE action = 'session.sign_out'
             AND actor = 'kz@example.org' AND after LIKE '%\"cookie\"%'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE action = 'session.sign_out_everywhere'
             AND actor = 'kz@example.org' AND after LIKE '%\"ended\":3%'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn the_account_page_lists_ones_sessions_and_ends_the_one_chosen_by_its_owner_only() {
    let app = TestApp::with_standard_users().await;
    let (here, there, token) = app.signed_in_twice_with_a_token("kz@example.org").await;
    let rev = app.login_as("rev@example.org").await;

    let (code, page) = here.get_text("/account").await;
    assert_eq!(code, 200);
    let rows = listed(&page);
    assert_eq!(rows.len(), 3, "two browsers and a token: {page}");
    for shown in ["Browser session", "API token", "127.0.0.1", "Last used"] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    assert!(!page.contains(&token), "never a secret on the page");
    let mine = own_id(&here).await;
    let theirs = own_id(&there).await;
    let token_id = rows
        .iter()
        .map(|(id, _)| id.clone())
        .find(|id| *id != mine && *id != theirs)
        .unwrap();

    // Someone else's session, or no session at all: 404, and nothing ends.
    for id in [theirs.as_str(), token_id.as_str(), "not-a-session"] {
        let r = rev
            .post_form(&format!("/account/sessions/{id}/end"), &[])
            .await;
        assert_eq!(r.status(), 404, "{id}");
    }
    assert_eq!(there.get("/").await.status(), 200);
    assert!(token_works(&app, &token).await);

    // The other browser's session: exactly it ends.
    let r = here
        .post_form(&format!("/account/sessions/{theirs}/end"), &[])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account?ended=1");
    assert_eq!(there.get("/").await.status(), 303);
    assert_eq!(here.get("/").await.status(), 200);
    assert!(token_works(&app, &token).await);
    let (_, page) = here.get_text("/account?ended=1").await;
    assert!(page.contains("The session was ended."), "{page}");
    assert_eq!(listed(&page).len(), 2);
    let r = here
        .post_form(&format!("/account/sessions/{theirs}/end"), &[])
        .await;
    assert_eq!(r.status(), 404, "ended already");

    // The token, then this browser's own session, which signs it out.
    let r = here
        .post_form(&format!("/account/sessions/{token_id}/end"), &[])
        .await;
    assert_eq!(r.status(), 303);
    assert!(!token_works(&app, &token).await);
    let r = here
        .post_form(&format!("/account/sessions/{mine}/end"), &[])
        .await;
    assert_eq!(location(&r), "/login");
    assert_eq!(here.get("/").await.status(), 303);
    assert_eq!(rev.get("/review").await.status(), 200, "others go on");
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log
             WHERE action = 'session.end' AND actor = 'kz@example.org'"
        )
        .await,
        3
    );
}
