//! Light on slow links: compressed responses, a cacheable stylesheet, and
//! list pages that stay short however long the record grows.

use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_ENCODING, CONTENT_LENGTH,
    HeaderMap,
};

use jpoa_tracker::domain::Role;

use crate::helpers::{self, TestApp};

/// A client that neither asks for nor undoes compression by itself: what
/// comes back is the bytes on the wire.
fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The same path fetched plain, gzip-encoded as sent, and gzip-encoded
/// decoded by reqwest: (plain, on the wire, decoded) bodies.
async fn three_ways(
    app: &TestApp,
    path: &str,
    bearer: Option<&str>,
) -> (HeaderMap, Vec<u8>, Vec<u8>, Vec<u8>) {
    let get = |c: &reqwest::Client, gzip: bool| {
        let mut r = c.get(app.url(path));
        if gzip {
            r = r.header(ACCEPT_ENCODING, "gzip");
        }
        if let Some(t) = bearer {
            r = r.bearer_auth(t);
        }
        r
    };
    let raw = raw_client();
    let plain = get(&raw, false).send().await.unwrap();
    assert_eq!(plain.status(), 200, "{path}");
    assert!(
        plain.headers().get(CONTENT_ENCODING).is_none(),
        "{path} was encoded though nobody asked"
    );
    let plain = plain.bytes().await.unwrap().to_vec();
    let wire = get(&raw, true).send().await.unwrap();
    assert_eq!(wire.status(), 200, "{path}");
    let headers = wire.headers().clone();
    let wire = wire.bytes().await.unwrap().to_vec();
    // reqwest asks for gzip and decodes it.
    let decoding = reqwest::Client::builder().gzip(true).build().unwrap();
    let decoded = get(&decoding, false).send().await.unwrap();
    assert!(decoded.headers().get(CONTENT_ENCODING).is_none());
    let decoded = decoded.bytes().await.unwrap().to_vec();
    (headers, plain, wire, decoded)
}

fn assert_gzip(path: &str, headers: &HeaderMap, plain: &[u8], wire: &[u8], decoded: &[u8]) {
    assert_eq!(
        headers.get(CONTENT_ENCODING).map(|v| v.to_str().unwrap()),
        Some("gzip"),
        "{path} is not gzip-encoded when asked"
    );
    assert!(
        headers
            .get_all("vary")
            .iter()
            .any(|v| v.to_str().unwrap().contains("accept-encoding")),
        "{path} does not say it varies by Accept-Encoding"
    );
    assert!(
        wire.starts_with(&[0x1f, 0x8b]),
        "{path}: the body is not a gzip stream"
    );
    assert!(
        wire.len() < plain.len(),
        "{path}: {} bytes gzip-encoded for {} plain",
        wire.len(),
        plain.len()
    );
    assert_eq!(
        decoded, plain,
        "{path}: decompressed, it differs from the plain response"
    );
}

#[tokio::test]
async fn pages_and_the_stylesheet_come_gzip_encoded_when_asked() {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;

    let (headers, plain, wire, decoded) = three_ways(&app, "/login", None).await;
    assert_gzip("/login", &headers, &plain, &wire, &decoded);

    let html = String::from_utf8(plain).unwrap();
    let css = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the page links a stylesheet")
        .to_owned();
    let (headers, plain, wire, decoded) = three_ways(&app, &css, None).await;
    assert_gzip(&css, &headers, &plain, &wire, &decoded);
    assert!(String::from_utf8(plain).unwrap().contains("font-family"));

    // A signed-in page, through the session cookie like a browser.
    let raw = raw_client();
    let resp = raw
        .post(app.url("/login"))
        .form(&[
            ("email", "donor@example.org"),
            ("password", helpers::PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let wire = raw
        .get(app.url("/commitments"))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(wire.status(), 200);
    assert_eq!(wire.headers()[CONTENT_ENCODING], "gzip");
    let wire = wire.bytes().await.unwrap();
    let plain = raw
        .get(app.url("/commitments"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(plain.starts_with(b"<!DOCTYPE html>"));
    assert!(
        wire.len() * 4 < plain.len(),
        "{} vs {}",
        wire.len(),
        plain.len()
    );
}

#[tokio::test]
async fn the_stylesheet_is_named_by_its_content_and_cached_for_a_year() {
    let app = TestApp::spawn().await;
    let c = helpers::Client::new(&app);
    let (_, html) = c.get_text("/login").await;
    let css = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let hash = css
        .strip_prefix("/assets/style.")
        .and_then(|s| s.strip_suffix(".css"))
        .unwrap_or_else(|| panic!("unexpected stylesheet address {css}"));
    assert!(
        hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{css} is not named by a hash"
    );
    let resp = c.get(&css).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    // Any other name is not the stylesheet of this release.
    assert_eq!(c.get("/assets/style.000000000000.css").await.status(), 404);
    // Pages themselves are never cached.
    assert_eq!(c.get("/login").await.headers()[CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn csv_downloads_stream_gzip_encoded_and_xlsx_is_left_alone() {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    let token = app.token_for("donor@example.org").await;

    let path = "/reports/commitments.csv";
    let (headers, plain, wire, decoded) = three_ways(&app, path, Some(&token)).await;
    assert_gzip(path, &headers, &plain, &wire, &decoded);
    assert!(
        headers[CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"jpoa-commitments-"),
        "{headers:?}"
    );
    assert!(
        headers.get(CONTENT_LENGTH).is_none(),
        "a streamed, compressed body cannot announce its length"
    );
    helpers::parse_csv(&plain);

    // XLSX is a zip file already: sent as is, whatever the client accepts.
    let resp = raw_client()
        .get(app.url("/reports/commitments.xlsx"))
        .bearer_auth(&token)
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers().get(CONTENT_ENCODING).is_none());
    assert!(
        resp.headers()[CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(".xlsx")
    );
    let body = resp.bytes().await.unwrap();
    assert!(body.starts_with(b"PK"), "not a zip file");
}

/// `n` updates of the Kazakh focal point awaiting review, on tracks of
/// `country`, the first submitted first; their ids in that order.
fn submitted(app: &TestApp, country: &str, n: usize) -> Vec<i64> {
    let conn = app.conn();
    let author: i64 = conn
        .query_row(
            "SELECT id FROM users WHERE email = 'kz@example.org'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let tracks: Vec<i64> = conn
        .prepare("SELECT id FROM tracks WHERE country = ?1 ORDER BY id")
        .unwrap()
        .query_map([country], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (0..n)
        .map(|i| {
            let at = format!("2030-01-01T00:{:02}:{:02}.000Z", i / 60, i % 60);
            conn.execute(
                "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, state,
                    author_id, created_at, submitted_at)
                 VALUES (?1, '2029', 20292, 'limited', ?2, 'submitted', ?3, ?4, ?4)",
                rusqlite::params![tracks[i % tracks.len()], format!("entry {i}"), author, at],
            )
            .unwrap();
            conn.last_insert_rowid()
        })
        .collect()
}

/// The `href` of the link with `rel` (prev or next), unescaped.
fn rel_link(page: &str, rel: &str) -> Option<String> {
    let at = page.find(&format!("rel=\"{rel}\""))?;
    let start = page[..at].rfind("href=\"")? + 6;
    let end = start + page[start..].find('"')?;
    Some(page[start..end].replace("&amp;", "&"))
}

#[tokio::test]
async fn the_review_queue_comes_in_pages_that_keep_the_filter() {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    let ids = submitted(&app, "KZ", 120);
    submitted(&app, "UZ", 3);
    let rev = app.browser_as("rev@example.org").await;

    let (status, first) = rev.get_text("/review?country=KZ").await;
    assert_eq!(status, 200);
    assert!(first.contains("Showing 1–50 of 120"), "{first}");
    assert!(first.contains(&format!(">#{}<", ids[0])));
    assert!(!first.contains(&format!(">#{}<", ids[50])));
    assert_eq!(rel_link(&first, "prev"), None);
    let next = rel_link(&first, "next").expect("a link to page 2");
    assert_eq!(next, "/review?country=KZ&page=2");

    let (status, second) = rev.get_text(&next).await;
    assert_eq!(status, 200);
    assert!(second.contains("Showing 51–100 of 120"), "{second}");
    assert!(second.contains(&format!(">#{}<", ids[50])));
    assert!(second.contains(&format!(">#{}<", ids[99])));
    assert!(!second.contains(&format!(">#{}<", ids[49])));
    assert!(!second.contains(&format!(">#{}<", ids[100])));
    assert_eq!(
        rel_link(&second, "prev").as_deref(),
        Some("/review?country=KZ")
    );
    assert_eq!(
        rel_link(&second, "next").as_deref(),
        Some("/review?country=KZ&page=3")
    );

    let (_, third) = rev.get_text("/review?country=KZ&page=3").await;
    assert!(third.contains("Showing 101–120 of 120"));
    assert_eq!(rel_link(&third, "next"), None);

    // Past the end: an empty page that says so and leads back.
    let (status, past) = rev.get_text("/review?country=KZ&page=9").await;
    assert_eq!(status, 200);
    assert!(past.contains("There is nothing on page 9"), "{past}");
    assert!(past.contains(r#"href="/review?country=KZ&amp;page=3""#));
    assert!(!past.contains(&format!(">#{}<", ids[0])));

    for bad in ["0", "-1", "x", "1.5", "2&page=3", "99999999999"] {
        let (status, body) = rev.get_text(&format!("/review?page={bad}")).await;
        assert_eq!(status, 422, "page={bad}");
        assert!(body.contains("<html lang=\"en\""), "an error page: {body}");
    }
}

#[tokio::test]
async fn every_long_list_pages_and_says_what_it_shows() {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    let ids = submitted(&app, "KZ", 60);
    let kz = app.browser_as("kz@example.org").await;
    let admin = app.browser_as("admin@example.org").await;

    // My updates, newest first.
    let (_, mine) = kz.get_text("/my-updates?page=2").await;
    assert!(mine.contains("Showing 51–60 of 60"), "{mine}");
    assert!(mine.contains(&format!(">#{}<", ids[0])));
    assert!(!mine.contains(&format!(">#{}<", ids[59])));
    assert_eq!(kz.get_text("/my-updates?page=0").await.0, 422);

    // One track's whole history, a page at a time, at the same as-of day.
    let track = app.track("P1.01", "REG").await;
    let cid = app
        .count("SELECT id FROM commitments WHERE code = 'P1.01'")
        .await;
    for i in 0..70 {
        helpers::accepted(
            &app,
            track,
            "2024",
            "limited",
            &format!("2025-01-01T00:{:02}:{:02}.000Z", i / 60, i % 60),
            &format!("history entry {i}."),
        );
    }
    let (_, latest) = admin.get_text(&format!("/commitments/{cid}")).await;
    assert!(latest.contains("Showing the latest 20 updates."));
    let (_, whole) = admin
        .get_text(&format!("/commitments/{cid}?all={track}"))
        .await;
    assert!(whole.contains("history entry 69."));
    assert!(!whole.contains("history entry 19."), "50 on the first page");
    let next = rel_link(&whole, "next").expect("a second page of history");
    assert_eq!(
        next,
        format!("/commitments/{cid}?all={track}&page=2#track-{track}")
    );
    let (_, second) = admin.get_text(&next).await;
    assert!(second.contains("history entry 0."));
    assert!(!second.contains("history entry 20."));
    let (_, dated) = admin
        .get_text(&format!(
            "/commitments/{cid}?as_of=2025-06-30&all={track}&page=1"
        ))
        .await;
    assert!(
        rel_link(&dated, "next").unwrap().starts_with(&format!(
            "/commitments/{cid}?as_of=2025-06-30&all={track}&page=2"
        )),
        "the as-of day is kept"
    );
    assert_eq!(
        admin
            .get_text(&format!("/commitments/{cid}?all={track}&page=abc"))
            .await
            .0,
        422
    );

    // The audit log, filtered.
    {
        let conn = app.conn();
        for i in 0..75 {
            conn.execute(
                "INSERT INTO audit_log (at, actor, action, subject)
                 VALUES ('2030-01-01T00:00:00Z', 'system', 'test.paging', ?1)",
                [format!("subject {i}")],
            )
            .unwrap();
        }
    }
    let (_, log) = admin.get_text("/admin/audit?action=test.paging").await;
    assert!(log.contains("75 matching entries"), "{log}");
    assert!(log.contains("Showing 1–50 of 75"));
    assert!(log.contains("subject 74<") && !log.contains("subject 24<"));
    assert_eq!(
        rel_link(&log, "next").as_deref(),
        Some("/admin/audit?action=test.paging&page=2")
    );
    let (_, log2) = admin
        .get_text("/admin/audit?action=test.paging&page=2")
        .await;
    assert!(log2.contains("subject 0<") && !log2.contains("subject 25<"));
    assert_eq!(admin.get_text("/admin/audit?page=").await.0, 200);
    assert_eq!(admin.get_text("/admin/audit?page=-3").await.0, 422);

    // Short lists have one page; asking past it leads back.
    let (_, list) = admin.get_text("/commitments?pillar=1&page=2").await;
    assert!(list.contains("There is nothing on page 2"), "{list}");
    assert!(list.contains(r#"href="/commitments?pillar=1""#));
    for path in ["/due", "/admin/users", "/commitments"] {
        let (status, _) = admin.get_text(&format!("{path}?page=nope")).await;
        assert_eq!(status, 422, "{path}");
        let (status, page) = admin.get_text(&format!("{path}?page=1")).await;
        assert_eq!(status, 200, "{path}");
        assert!(!page.contains("There is nothing"), "{path}");
    }
}

#[tokio::test]
async fn the_due_list_and_accounts_come_in_pages() {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    for i in 0..60 {
        app.add_user(&format!("person{i:02}@example.org"), Role::Donor, None)
            .await;
    }
    let admin = app.browser_as("admin@example.org").await;
    let (_, users) = admin.get_text("/admin/users").await;
    assert!(users.contains("64 accounts."), "{users}");
    assert!(users.contains("Showing 1–50 of 64"));
    let (_, users2) = admin.get_text("/admin/users?page=2").await;
    assert!(users2.contains("Showing 51–64 of 64"));
    assert_eq!(
        users.matches("<tr>").count() + users2.matches("<tr>").count(),
        64 + 2
    );

    // Every track of the seed owes its first report: far more than a page.
    let (_, due) = admin.get_text("/due?pillar=2").await;
    let shown = due.matches("class=\"status overdue\"").count()
        + due.matches("class=\"status s-due\"").count();
    assert!(shown <= 50, "{shown} on one page");
    if let Some(next) = rel_link(&due, "next") {
        assert_eq!(next, "/due?pillar=2&page=2");
        let (status, _) = admin.get_text(&next).await;
        assert_eq!(status, 200);
    }
}

#[tokio::test]
async fn sign_in_and_password_link_errors_are_tied_to_their_fields() {
    let app = TestApp::spawn().await;
    app.add_standard_users().await;
    let c = helpers::Client::new(&app);
    let r = c
        .post_form(
            "/login",
            &[("email", "kz@example.org"), ("password", "not it at all")],
        )
        .await;
    assert_eq!(r.status(), 401);
    let page = r.text().await.unwrap();
    assert!(page.contains(r#"id="form-error""#), "{page}");
    assert_eq!(
        page.matches(r#"aria-describedby="form-error""#).count(),
        2,
        "both fields point at the message"
    );

    let invited = app.add_user("new@example.org", Role::Reviewer, None).await;
    let token = app
        .db
        .write(move |tx| {
            jpoa_tracker::db::users::new_password_token(
                tx,
                jpoa_tracker::db::audit::Actor::System("test"),
                Some(invited),
                chrono::Duration::days(1),
            )
        })
        .await
        .unwrap();
    let (status, page) = c.get_text(&format!("/setup/{token}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains("aria-invalid"), "nothing is invalid yet");
    let r = c
        .post_form(
            &format!("/setup/{token}"),
            &[("password", "short"), ("password2", "short")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(r#"aria-invalid="true" aria-describedby="form-error password-hint""#),
        "{page}"
    );
    assert_eq!(page.matches("aria-invalid").count(), 1, "only the password");
}
