//! Query strings, path ids and tokens of what is only read.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::sample::select;
use reqwest::Method;

use super::fingerprint::fingerprint;
use super::forms::{Field, wire};
use super::values::{NEAR_STATUSES, hostile, one_of, path_id, period};
use super::{ANSWERED, bare_client, check, never_5xx, refused, runtime, send};
use crate::helpers::TestApp;

fn report_query_fields() -> Vec<Field> {
    vec![
        (
            "pillar",
            one_of(&["", "1", "2", "3", "4", "I", "IV"], &["5", "0"]),
        ),
        (
            "country",
            one_of(&["", "KZ", "kg", "TJ", "TM", "UZ", "REG"], &["RU"]),
        ),
        (
            "theme",
            one_of(
                &["", "youth", "repatriation", "tolerance"],
                &["YOUTH", "no-such-theme"],
            ),
        ),
        (
            "status",
            one_of(
                &["", "no_information", "not_started", "limited", "complete"],
                NEAR_STATUSES,
            ),
        ),
        ("from", period()),
        ("to", period()),
        (
            "as_of",
            one_of(
                &["", "2024-12-31", "2023-06-30", "2031-12-31", "2024-02-29"],
                &["2023-02-29", "2024-13-01", "1999-01-01"],
            ),
        ),
        (
            "q",
            prop_oneof![1 => "[a-zа-я0-9 ]{0,10}", 1 => hostile()].boxed(),
        ),
        ("lang", one_of(&["", "en", "ru"], &["kk"])),
        ("sep", one_of(&["", "comma", "semicolon", ";"], &["tab"])),
        (
            "action",
            one_of(&["", "session.sign_in", "update.submit"], &["no.such"]),
        ),
        ("actor", hostile()),
        ("done", hostile()),
        ("next", hostile()),
    ]
}

#[test]
fn query_strings_path_ids_and_tokens_never_break_a_page_or_write_anything() {
    let rt = runtime();
    let (app, admin, token, commitment, snapshot) = rt.block_on(async {
        let app = TestApp::with_standard_users().await;
        let admin = app.login_as("admin@example.org").await;
        let token = app.token_for("admin@example.org").await;
        let r = admin
            .post_form(
                "/snapshots",
                &[("name", "Baseline"), ("as_of", "2024-12-31")],
            )
            .await;
        assert_eq!(r.status(), 303);
        let commitment = app.commitment("P1.02").await;
        let snapshot = app.count("SELECT max(id) FROM snapshots").await;
        (app, admin, token, commitment, snapshot)
    });
    let conn = app.conn();
    let api = bare_client();
    let untouched = fingerprint(&conn);

    let file = || {
        (
            select(
                &[
                    "commitments",
                    "progress",
                    "status-matrix",
                    "timeline",
                    "secrets",
                    "",
                    "..",
                    "progress.csv",
                ][..],
            ),
            select(&["csv", "xlsx", "json", "", "CSV"][..]),
        )
            .prop_map(|(n, e)| format!("{n}.{e}"))
    };
    let fixed = |p: &'static str| Just((p, p.to_owned()));
    let route = prop_oneof![
        fixed("/"),
        fixed("/commitments"),
        path_id(vec![commitment.to_string()])
            .prop_map(|id| ("/commitments/{id}", format!("/commitments/{id}"))),
        fixed("/due"),
        fixed("/reports"),
        file().prop_map(|f| ("/reports/{file}", format!("/reports/{f}"))),
        (path_id(vec![snapshot.to_string()]), file())
            .prop_map(|(id, f)| ("/snapshots/{id}/{file}", format!("/snapshots/{id}/{f}"))),
        fixed("/admin/audit"),
        fixed("/admin/audit.csv"),
        fixed("/api/v1/commitments"),
        path_id(vec![commitment.to_string()]).prop_map(|id| (
            "/api/v1/commitments/{id}",
            format!("/api/v1/commitments/{id}")
        )),
        fixed("/review"),
        fixed("/login"),
    ];
    let tried: std::cell::RefCell<BTreeMap<&str, u32>> = Default::default();
    check(
        "GET pages, reports and the API with query strings",
        420,
        (route, wire(report_query_fields(), 0.2, false)),
        |((label, path), mut w)| {
            rt.block_on(async {
                // A URL of some kilobytes is enough; far longer ones are the
                // HTTP server's business (431), not the app's.
                for (_, v) in &mut w.pairs {
                    *v = v.chars().take(1000).collect();
                }
                let url = format!("{}?{}", app.url(&path), w.encode());
                let api_call = path.starts_with("/api/");
                let a = if api_call {
                    send(&api, Method::GET, &url, None, Some(&token)).await
                } else {
                    send(&admin.http, Method::GET, &url, None, None).await
                };
                *tried.borrow_mut().entry(label).or_default() += 1;
                never_5xx(&a)?;
                prop_assert!(
                    a.status == 200 || refused(&a),
                    "unexpected {}: {}",
                    a.status,
                    a.text()
                );
                let body = a.body.as_deref().unwrap_or_default();
                if a.status == 200 && a.content_type.starts_with("text/csv") {
                    prop_assert!(
                        body.starts_with(b"\xEF\xBB\xBF"),
                        "a CSV starts with its BOM"
                    );
                }
                if api_call {
                    prop_assert!(
                        serde_json::from_slice::<serde_json::Value>(body).is_ok(),
                        "the API answers JSON: {}",
                        a.text()
                    );
                }
                untouched.diff(&fingerprint(&conn)).unchanged()
            })
        },
    );
    for (route, n) in tried.borrow().iter() {
        eprintln!("props:   GET {route}: {n}");
    }

    // Who is asking: any bearer token or session cookie that is not a live one is nobody.
    let anonymous = bare_client();
    check(
        "Authorization and session cookie headers",
        150,
        (
            hostile().prop_map(|s| s.chars().take(2000).collect::<String>()),
            any::<bool>(),
        ),
        |(secret, as_cookie)| {
            rt.block_on(async {
                let value = if as_cookie {
                    format!("jpoa_session={secret}")
                } else {
                    format!("Bearer {secret}")
                };
                let Ok(value) = reqwest::header::HeaderValue::from_str(&value) else {
                    return Ok(()); // not a header any client can send
                };
                let name = if as_cookie {
                    reqwest::header::COOKIE
                } else {
                    reqwest::header::AUTHORIZATION
                };
                for (method, path) in [
                    (Method::GET, "/api/v1/commitments"),
                    (Method::GET, "/"),
                    (Method::POST, "/api/v1/logout"),
                ] {
                    let r = anonymous
                        .request(method, app.url(path))
                        .header(name.clone(), value.clone())
                        .send()
                        .await
                        .unwrap();
                    let status = r.status().as_u16();
                    ANSWERED.with_borrow_mut(|s| *s.entry(status).or_default() += 1);
                    prop_assert!(r.bytes().await.is_ok());
                    prop_assert!(
                        status == 303 || (400..500).contains(&status),
                        "{}: {}",
                        path,
                        status
                    );
                }
                untouched.diff(&fingerprint(&conn)).unchanged()
            })
        },
    );
}
