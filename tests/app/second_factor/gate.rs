//! Until enrolled, an account that `JPOA_MFA` covers reaches enrolment, the
//! guides and sign-out, and nothing else: every other route of the app's
//! own table sends it to enrol (pages) or answers 403 `otp` (the API).

use serde_json::Value;

use super::{enrol, signed_in, staff_app};
use crate::helpers::{Route, location, route_table};

/// A concrete path for a route pattern: every `{…}` becomes 1.
fn concrete(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|s| if s.starts_with('{') { "1" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

fn open_before_enrolment(path: &str) -> bool {
    path == "/healthz"
        || path == "/favicon.ico"
        || path == "/robots.txt"
        || path.starts_with("/login")
        || path.starts_with("/logout")
        || path.starts_with("/guide")
        || path.starts_with("/assets/")
        || path.starts_with("/account/second-factor")
        || path == "/language"
        || path == "/api/v1/logout"
        || path == "/api/v1/login"
        || path == "/api/v1/openapi.json"
        // The public portal needs no account (closed here: not found).
        || path == "/public"
        || path.starts_with("/public/")
}

#[tokio::test]
async fn staff_must_enrol_before_any_page_but_enrolment_guides_and_sign_out() {
    let app = staff_app().await;
    let mut gated = 0;
    for email in ["rev@example.org", "admin@example.org"] {
        let c = signed_in(&app, email).await;
        for Route { method, path } in route_table() {
            let path = concrete(&path);
            if open_before_enrolment(&path) {
                continue;
            }
            let r = match method {
                "GET" => c.get(&path).await,
                _ => c.post_form(&path, &[]).await,
            };
            if path.starts_with("/api/") {
                assert_eq!(r.status(), 403, "{method} {path} as {email}");
                let body: Value = r.json().await.unwrap();
                assert_eq!(body["field"], "otp", "{method} {path}");
            } else {
                assert_eq!(r.status(), 303, "{method} {path} as {email}");
                assert_eq!(location(&r), "/account/second-factor", "{method} {path}");
            }
            gated += 1;
        }
        for open in ["/guide", "/guide/reviewer", "/account/second-factor"] {
            let (status, _) = c.get_text(open).await;
            assert_eq!(status, 200, "{open} as {email}");
        }
        let r = c.post_form("/logout", &[]).await;
        assert_eq!(location(&r), "/login");
    }
    assert!(gated > 60, "{gated} route checks");
    eprintln!("enrolment gate: {gated} route checks");
    // Nothing was written by a gated request.
    assert_eq!(app.count("SELECT count(*) FROM updates").await, 0);
    assert_eq!(app.count("SELECT sum(version) FROM users").await, 4);
}

#[tokio::test]
async fn once_enrolled_the_same_session_goes_on_and_others_were_never_stopped() {
    let app = staff_app().await;
    let kz = signed_in(&app, "kz@example.org").await;
    let (status, _) = kz.get_text("/my-updates").await;
    assert_eq!(status, 200, "a focal point is not covered by `staff`");
    let rev = signed_in(&app, "rev@example.org").await;
    assert_eq!(
        location(&rev.get("/review").await),
        "/account/second-factor"
    );
    enrol(&rev).await;
    let (status, _) = rev.get_text("/review").await;
    assert_eq!(status, 200);
}
