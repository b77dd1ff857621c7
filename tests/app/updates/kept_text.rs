//! No lost text: a form sent after its session ended is kept, comes back
//! filled in on its page once its author signs in again (never sent by
//! itself), and a form sent twice makes one update or comment.

use crate::helpers::{Client, PASSWORD, TestApp, field_value, id_after, location, urlencode};

/// The person's browser sessions end and are forgotten, as the server
/// forgets sessions past their time.
fn sessions_gone(app: &TestApp, email: &str) {
    app.conn()
        .execute(
            "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ?1)",
            [email],
        )
        .unwrap();
}

/// The person's browser sessions end, as an idle hour would end them.
fn sessions_end(app: &TestApp, email: &str) {
    app.conn()
        .execute(
            "UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00.000Z'
             WHERE user_id = (SELECT id FROM users WHERE email = ?1)",
            [email],
        )
        .unwrap();
}

/// Signs `email` in on browser `c`, going on to `next`.
async fn sign_in_to(c: &Client, email: &str, next: &str) {
    let r = c
        .post_form(
            "/login",
            &[("email", email), ("password", PASSWORD), ("next", next)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), next);
}

#[tokio::test]
async fn a_form_sent_after_its_session_ended_comes_back_filled_in_for_its_author_only() {
    let app = TestApp::with_standard_users().await;
    let track = app.track("P2.05", "KZ").await;
    let page = format!("/tracks/{track}/updates/new");
    let kz = app.login_as("kz@example.org").await;
    let (_, form) = kz.get_text(&page).await;
    let form_id = field_value(&form, "form_id").unwrap();
    let owner = field_value(&form, "owner").unwrap();
    assert_eq!(owner, app.user_id("kz@example.org").await.to_string());
    let typed = "Закон о противодействии финансированию терроризма принят в мае 2024 года; <b>45</b> сотрудников обучены.";

    sessions_gone(&app, "kz@example.org");
    let fields = [
        ("period", "2024-H1"),
        ("status", "substantial"),
        ("narrative_ru", typed),
        ("evidence_url", "https://example.org/law"),
        ("form_id", form_id.as_str()),
        ("owner", owner.as_str()),
        ("action", "submit"),
    ];
    let r = kz
        .post_form(&format!("/tracks/{track}/updates"), &fields)
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/login?next={}", urlencode(&page)));
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("jpoa_kept="))
        .expect("the kept form's key");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=86400"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert_eq!(
        app.count("SELECT count(*) FROM updates").await,
        0,
        "nothing sent"
    );
    let key = cookie["jpoa_kept=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let stored: String = app
        .conn()
        .query_row("SELECT key_hash || fields FROM kept_forms", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(!stored.contains(&key), "only the key's hash is kept");
    let (_, login) = kz.get_text(&location(&r)).await;
    assert!(login.contains("what you typed was kept"), "{login}");

    // Someone else signing in on this browser does not get it.
    sign_in_to(&kz, "rev@example.org", &page).await;
    let (status, theirs) = kz.get_text(&page).await;
    assert_eq!(status, 200);
    assert!(!theirs.contains("45</b>") && !theirs.contains("мае 2024"));

    sign_in_to(&kz, "kz@example.org", &page).await;
    let (_, back) = kz.get_text(&page).await;
    assert!(back.contains("Nothing has been sent yet"), "{back}");
    assert_eq!(field_value(&back, "narrative_ru").as_deref(), Some(typed));
    assert_eq!(
        field_value(&back, "evidence_url").as_deref(),
        Some("https://example.org/law")
    );
    assert!(back.contains(r#"value="substantial" checked"#));
    assert!(back.contains(r#"value="2024-H1" selected"#));
    assert_eq!(field_value(&back, "form_id"), Some(form_id.clone()));
    assert_eq!(
        app.count("SELECT count(*) FROM updates").await,
        0,
        "never sent by itself"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM kept_forms").await,
        0,
        "given once"
    );
    let (_, fresh) = kz.get_text(&page).await;
    assert!(!fresh.contains("мае 2024") && field_value(&fresh, "form_id") != Some(form_id.clone()));

    // Sent, and sent again (a second tab, the back button): one update.
    let r = kz
        .post_form(&format!("/tracks/{track}/updates"), &fields)
        .await;
    let id = id_after("/updates/", &location(&r));
    assert_eq!(location(&r), format!("/updates/{id}?done=submitted"));
    let r = kz
        .post_form(&format!("/tracks/{track}/updates"), &fields)
        .await;
    assert_eq!(location(&r), format!("/updates/{id}?done=already-sent"));
    let (_, said) = kz.get_text(&location(&r)).await;
    assert!(said.contains("Nothing was sent twice"));
    assert_eq!(app.count("SELECT count(*) FROM updates").await, 1);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'update.submit'")
            .await,
        1
    );
}

#[tokio::test]
async fn every_form_keeps_its_text_and_is_answered_once() {
    let app = TestApp::with_standard_users().await;
    let track = app.track("P2.05", "KZ").await;
    let kz = app.login_as("kz@example.org").await;
    let rev = app.login_as("rev@example.org").await;
    let submit = |narrative: &'static str, action: &'static str| {
        let kz = &kz;
        async move {
            let r = kz
                .post_form(
                    &format!("/tracks/{track}/updates"),
                    &[
                        ("period", "2024"),
                        ("status", "limited"),
                        ("narrative_en", narrative),
                        ("action", action),
                    ],
                )
                .await;
            location(&r)
                .split(['?', '/'])
                .nth(2)
                .unwrap()
                .parse::<i64>()
                .unwrap()
        }
    };
    let returned = submit("first", "submit").await;
    let r = rev
        .post_form(
            &format!("/updates/{returned}/review"),
            &[("decision", "return"), ("comment", "more")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let draft = submit("", "draft").await;

    // The comment form, the revise form and a draft's form, each with its text.
    let forms: [(String, String, &str, &str); 3] = [
        (
            format!("/updates/{returned}"),
            format!("/updates/{returned}/comments"),
            "body",
            "Kept comment",
        ),
        (
            format!("/updates/{returned}/revise"),
            format!("/updates/{returned}/revise"),
            "narrative_en",
            "Kept revision",
        ),
        (
            format!("/updates/{draft}/edit"),
            format!("/updates/{draft}/edit"),
            "narrative_en",
            "Kept draft",
        ),
    ];
    for (page, action, field, text) in &forms {
        let (_, form) = kz.get_text(page).await;
        let form_id = field_value(&form, "form_id").unwrap_or_default();
        sessions_end(&app, "kz@example.org");
        let sent = [
            (*field, *text),
            ("period", "2024"),
            ("status", "limited"),
            ("form_id", form_id.as_str()),
            ("action", "draft"),
        ];
        let r = kz.post_form(action, &sent).await;
        assert_eq!(
            location(&r),
            format!("/login?next={}", urlencode(page)),
            "{action}"
        );
        sign_in_to(&kz, "kz@example.org", page).await;
        let (_, back) = kz.get_text(page).await;
        assert_eq!(field_value(&back, field).as_deref(), Some(*text), "{page}");
        assert!(back.contains("Nothing has been sent yet"), "{page}");
        // Sent twice: answered once.
        let first = location(&kz.post_form(action, &sent).await);
        let second = location(&kz.post_form(action, &sent).await);
        assert!(!first.contains("already-sent"), "{first}");
        if form_id.is_empty() {
            assert_eq!(first, second, "saving a draft again is the same save");
        } else {
            assert!(second.contains("done=already-sent"), "{second}");
        }
    }
    assert_eq!(app.count("SELECT count(*) FROM update_comments").await, 1);
    assert_eq!(
        app.count("SELECT count(*) FROM updates WHERE revises_id IS NOT NULL")
            .await,
        1
    );

    // A form that names an account that does not exist is kept all the same.
    sessions_gone(&app, "kz@example.org");
    let r = kz
        .post_form(
            &format!("/updates/{returned}/comments"),
            &[("body", "x"), ("owner", "999999")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count("SELECT count(*) FROM kept_forms WHERE user_id IS NULL")
            .await,
        1
    );

    // A kept form lasts a day.
    sessions_end(&app, "kz@example.org");
    let page = format!("/tracks/{track}/updates/new");
    let r = kz
        .post_form(
            &format!("/tracks/{track}/updates"),
            &[("narrative_en", "Too late")],
        )
        .await;
    assert_eq!(r.status(), 303);
    app.conn()
        .execute(
            "UPDATE kept_forms SET expires_at = '2000-01-01T00:00:00.000Z'",
            [],
        )
        .unwrap();
    sign_in_to(&kz, "kz@example.org", &page).await;
    let (_, form) = kz.get_text(&page).await;
    assert!(!form.contains("Too late"));
    assert_eq!(app.count("SELECT count(*) FROM updates").await, 3);
}
