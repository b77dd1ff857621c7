//! Each role's whole job through the pages, end to end.

use jpoa_tracker::domain::{Country, Role};

use crate::helpers::{TestApp, col, location, parse_csv};

#[tokio::test]
async fn focal_point_logs_reviewer_returns_author_revises_reviewer_accepts_donor_sees_it() {
    let app = TestApp::spawn().await;
    app.add_user("fp-kz@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    app.add_user("rev@example.org", Role::Reviewer, None).await;
    app.add_user("donor@example.org", Role::Donor, None).await;
    let track = app.track("P2.05", "KZ").await;

    // The donor's dashboard before: nothing substantial anywhere in pillar II for KZ.
    let donor = app.browser_as("donor@example.org").await;
    let (status, before) = donor.get_text("/").await;
    assert_eq!(status, 200);
    assert!(before.contains("Pillar II, Kazakhstan: "));
    assert!(
        !before.contains("substantial progress\""),
        "a fresh database has no progress"
    );

    // The focal point logs progress through the form.
    let fp = app.browser_as("fp-kz@example.org").await;
    let (status, form) = fp.get_text(&format!("/tracks/{track}/updates/new")).await;
    assert_eq!(status, 200);
    assert!(form.contains("Log progress") && form.contains("name=\"narrative_ru\""));
    let narrative_ru = "Принят закон о противодействии финансированию терроризма 📜";
    let r = fp
        .post_form(
            &format!("/tracks/{track}/updates"),
            &[
                ("period", "2024-H2"),
                ("status", "limited"),
                ("narrative_en", "First draft"),
                ("narrative_ru", narrative_ru),
                ("evidence_url", "https://example.org/law.pdf"),
                ("country", "UZ"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let update_page = location(&r);
    assert!(update_page.starts_with("/updates/") && update_page.ends_with("?done=submitted"));
    let first_id: i64 = update_page["/updates/".len()..]
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, page) = fp.get_text(&update_page).await;
    assert!(page.contains("Your update was submitted"));
    assert!(
        page.contains(narrative_ru),
        "Cyrillic and emoji come back exactly"
    );

    // The reviewer sees it in the queue and returns it with a comment.
    let rev = app.browser_as("rev@example.org").await;
    let (_, queue) = rev.get_text("/review").await;
    assert!(queue.contains(&format!("/updates/{first_id}")));
    let r = rev
        .post_form(
            &format!("/updates/{first_id}/review"),
            &[("decision", "return"), ("comment", "")],
        )
        .await;
    assert_eq!(r.status(), 422, "a return needs a comment");
    let r = rev
        .post_form(
            &format!("/updates/{first_id}/review"),
            &[
                ("decision", "return"),
                ("comment", "Please name the law and its date."),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/review?done=returned");

    // The author sees it returned, with the comment, and revises.
    let (_, mine) = fp.get_text("/my-updates").await;
    assert!(mine.contains("1 returned to you"));
    assert!(mine.contains(&format!("/updates/{first_id}/revise")));
    let (status, revise) = fp.get_text(&format!("/updates/{first_id}/revise")).await;
    assert_eq!(status, 200);
    assert!(revise.contains("Please name the law and its date."));
    assert!(
        revise.contains(narrative_ru),
        "the form starts from what was returned"
    );
    let r = fp
        .post_form(
            &format!("/updates/{first_id}/revise"),
            &[
                ("period", "2024-H2"),
                ("status", "substantial"),
                ("narrative_en", "Law No. 123 of 5 November 2024 adopted"),
                ("narrative_ru", narrative_ru),
                ("evidence_url", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let second_id: i64 = location(&r)["/updates/".len()..]
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(first_id, second_id, "a revision is a new update");
    let r = fp
        .post_form(
            &format!("/updates/{first_id}/revise"),
            &[("period", "2024"), ("status", "limited")],
        )
        .await;
    assert_eq!(r.status(), 409, "a returned update is revised once");

    // The reviewer accepts the revision.
    let r = rev
        .post_form(
            &format!("/updates/{second_id}/review"),
            &[("decision", "accept"), ("comment", "")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/review?done=accepted");

    // The donor's dashboard cell changed, and the track's page shows the history.
    let (_, after) = donor.get_text("/").await;
    assert!(
        after.contains("1 substantial progress"),
        "dashboard shows the accepted status"
    );
    let (_, listing) = donor
        .get_text("/commitments?country=KZ&status=substantial")
        .await;
    assert!(listing.contains("P2.05"));
    let cid = app
        .count("SELECT id FROM commitments WHERE code = 'P2.05'")
        .await;
    let (_, commitment) = donor.get_text(&format!("/commitments/{cid}")).await;
    assert!(commitment.contains("Law No. 123"));
    assert!(
        !commitment.contains("First draft"),
        "donors see accepted updates only"
    );

    // The donor downloads progress.csv and finds the accepted update in it.
    let r = donor.get("/reports/progress.csv?country=KZ").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let (header, rows) = parse_csv(&r.bytes().await.unwrap());
    let row = rows
        .iter()
        .find(|r| r[col(&header, "update_id")] == second_id.to_string())
        .expect("accepted update is in the report");
    assert_eq!(row[col(&header, "commitment_code")], "P2.05");
    assert_eq!(row[col(&header, "country")], "KZ");
    assert_eq!(row[col(&header, "period")], "2024-H2");
    assert_eq!(row[col(&header, "status")], "substantial");
    assert_eq!(row[col(&header, "narrative_ru")], narrative_ru);
    assert_eq!(row[col(&header, "submitted_by")], "Test fp-kz@example.org");
    assert_eq!(row[col(&header, "reviewed_by")], "Test rev@example.org");
    assert!(
        !rows
            .iter()
            .any(|r| r[col(&header, "update_id")] == first_id.to_string()),
        "returned updates are not in the progress report"
    );
}

#[tokio::test]
async fn first_administrator_comes_from_the_setup_link_and_invites_the_others() {
    let app = TestApp::spawn().await;
    let token = app
        .db
        .write(|tx| {
            jpoa_tracker::db::users::new_password_token(
                tx,
                jpoa_tracker::db::audit::Actor::System("test"),
                None,
                chrono::Duration::hours(24),
            )
        })
        .await
        .unwrap();
    let admin = crate::helpers::Client::new(&app);
    let (status, page) = admin.get_text(&format!("/setup/{token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Create the first administrator"));
    let r = admin
        .post_form(
            &format!("/setup/{token}"),
            &[
                ("name", "Aigerim"),
                ("email", "admin@example.org"),
                ("password", "short"),
                ("password2", "short"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422, "passwords under 12 characters are refused");
    for common in ["password1234", "aigerim@example.org"] {
        let r = admin
            .post_form(
                &format!("/setup/{token}"),
                &[
                    ("name", "Aigerim"),
                    ("email", "aigerim@example.org"),
                    ("password", common),
                    ("password2", common),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "{common}: a guessable password is refused");
        assert!(r.text().await.unwrap().contains("too easy to guess"));
    }
    let pw = "a long enough admin pass";
    let r = admin
        .post_form(
            &format!("/setup/{token}"),
            &[
                ("name", "Aigerim"),
                ("email", "admin@example.org"),
                ("password", pw),
                ("password2", pw),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/users?done=setup");
    let (status, _) = crate::helpers::Client::new(&app)
        .get_text(&format!("/setup/{token}"))
        .await;
    assert_eq!(status, 403, "the setup link works once");

    // The admin creates a focal point for Kazakhstan, who sets a password by link.
    let r = admin
        .post_form(
            "/admin/users",
            &[
                ("name", "Focal KZ"),
                ("email", "kz@example.org"),
                ("role", "focal-point"),
                ("country", "KZ"),
            ],
        )
        .await;
    assert_eq!(r.status(), 201);
    let page = r.text().await.unwrap();
    let link = page
        .split("id=\"invite-link\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    let path = &link[link.find("/setup/").unwrap()..];
    let r = admin
        .post_form(
            "/admin/users",
            &[
                ("name", "No country"),
                ("email", "x@example.org"),
                ("role", "focal-point"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422, "a focal point needs a country");
    let r = admin
        .post_form(
            "/admin/users",
            &[
                ("name", "Dup"),
                ("email", "KZ@example.org"),
                ("role", "donor"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422, "emails are unique whatever their case");

    let kz = crate::helpers::Client::new(&app);
    let (status, page) = kz.get_text(path).await;
    assert_eq!(status, 200);
    assert!(page.contains("Choose your password"));
    let kpw = "kazakhstan focal point pw";
    let r = kz
        .post_form(path, &[("password", kpw), ("password2", kpw)])
        .await;
    assert_eq!(r.status(), 303);
    let (status, home) = kz.get_text("/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Log progress for Kazakhstan"));

    // Deactivation ends the browser session and the API token at once.
    let token = {
        let r = reqwest::Client::new()
            .post(app.url("/api/v1/login"))
            .json(&serde_json::json!({"email": "kz@example.org", "password": kpw}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json::<serde_json::Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let kz_id = app
        .count("SELECT id FROM users WHERE email = 'kz@example.org'")
        .await;
    let r = admin
        .post_form(
            &format!("/admin/users/{kz_id}/deactivate"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = kz.get("/").await;
    assert_eq!(
        r.status(),
        303,
        "the deactivated account's session has ended"
    );
    assert!(location(&r).starts_with("/login"));
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/commitments"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "and so has its token");
    let r = kz
        .post_form("/login", &[("email", "kz@example.org"), ("password", kpw)])
        .await;
    assert_eq!(r.status(), 401, "a deactivated account cannot sign in");
}

#[tokio::test]
async fn sign_in_gives_a_fresh_http_only_session_and_sign_out_ends_it() {
    let app = TestApp::spawn().await;
    app.add_user("d@example.org", Role::Donor, None).await;
    let c = crate::helpers::Client::new(&app);
    let r = c
        .post_form(
            "/login",
            &[
                ("email", "d@example.org"),
                ("password", "wrong password!!"),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(r.status(), 401);
    let wrong_pw = r.text().await.unwrap();
    let r = c
        .post_form(
            "/login",
            &[
                ("email", "nobody@example.org"),
                ("password", "wrong password!!"),
            ],
        )
        .await;
    assert_eq!(r.status(), 401);
    let unknown = r.text().await.unwrap();
    assert!(wrong_pw.contains("The email or password is not right."));
    assert!(unknown.contains("The email or password is not right."));

    let r = c
        .post_form(
            "/login",
            &[
                ("email", "D@Example.org"),
                ("password", crate::helpers::PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/", "no open redirect through next");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let r = c.get("/reports").await;
    assert_eq!(r.status(), 200);
    let r = c.post_form("/logout", &[]).await;
    assert_eq!(r.status(), 303);
    let r = c.get("/reports").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login?next=%2Freports");
    let sessions = app.count("SELECT count(*) FROM sessions").await;
    assert_eq!(sessions, 0, "sign-out deletes the session on the server");
}

#[tokio::test]
async fn behind_a_proxy_links_use_the_base_url_and_cookies_are_secure() {
    let app = TestApp::spawn_with(Some("https://tracker.example.org")).await;
    app.add_user("admin@example.org", Role::Admin, None).await;
    let r = crate::helpers::Client::new(&app)
        .post_form(
            "/login",
            &[
                ("email", "admin@example.org"),
                ("password", crate::helpers::PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
    let token = app.token_for("admin@example.org").await;
    let r = reqwest::Client::new()
        .post(app.url("/admin/users"))
        .bearer_auth(&token)
        .header("host", "evil.example")
        .form(&[
            ("name", "Donor"),
            ("email", "d@example.org"),
            ("role", "donor"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("https://tracker.example.org/setup/"),
        "the link uses the base URL"
    );
    assert!(!page.contains("evil.example"), "never the Host header");
}
