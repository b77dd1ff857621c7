//! The conversation and drafts: a comment (form and API) and a draft saved
//! through the API write exactly their rows, or nothing.

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use reqwest::Method;
use rusqlite::Connection;

use super::fingerprint::{Fingerprint, fingerprint};
use super::forms::wire;
use super::json::json_body;
use super::values::{BAD_IDS, hostile, narrative, one_of, update_fields};
use super::{
    BODY_LIMIT, bare_client, check, fail, ids, insert_pool, never_5xx, refused, runtime, send,
    unexpected,
};
use crate::helpers::{CommentText, Draft, FormId, TestApp};

/// After a comment was accepted: one new comment holding exactly `body`
/// (when the test can tell), its audit entry, and the other side told: as
/// many notifications as mails in the outbox (everyone takes mail at once
/// here), at least one.
fn one_comment(
    conn: &Connection,
    before: &Fingerprint,
    body: Option<&str>,
) -> Result<(), TestCaseError> {
    let diff = before.diff(&fingerprint(conn));
    let told = diff
        .shape()
        .iter()
        .find(|(t, _, _)| t == "notifications")
        .map_or(0, |(_, added, _)| *added);
    prop_assert!(told >= 1, "nobody was told of the comment");
    diff.expect(&[
        ("update_comments", 1, 0),
        ("audit_log", 1, 0),
        ("notifications", told, 0),
        ("outbox", told, 0),
    ])?;
    let stored: String = conn
        .query_row(
            "SELECT body FROM update_comments ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if let Some(b) = body {
        prop_assert_eq!(stored.as_str(), b, "kept exactly");
    }
    Ok(())
}

fn comment_body() -> BoxedStrategy<String> {
    prop_oneof![4 => narrative(), 1 => Just(String::new()), 1 => Just(" \n ".to_owned())].boxed()
}

#[test]
fn comments_and_drafts_write_their_rows_or_nothing() {
    let rt = runtime();
    let (app, kz, token, open, drafts, others) = rt.block_on(async {
        let app = TestApp::with_standard_users().await;
        let kz = app.login_as("kz@example.org").await;
        let token = app.token_for("kz@example.org").await;
        let track = app.track("P1.02", "KZ").await;
        let open = insert_pool(&app, track, "kz@example.org", "submitted", 5);
        let drafts = insert_pool(&app, track, "kz@example.org", "draft", 5);
        let uz = app.track("P1.02", "UZ").await;
        let mut others = insert_pool(&app, uz, "admin@example.org", "submitted", 2);
        others.extend(insert_pool(&app, track, "rev@example.org", "draft", 2));
        (app, kz, token, open, drafts, others)
    });
    let conn = app.conn();
    let api = bare_client();
    // Mostly `mine` (updates one may comment on, or drafts one may save).
    let target = |mine: &[i64], other: &[i64]| {
        prop_oneof![
            6 => select(ids(mine)),
            1 => select(ids(other)),
            1 => select(ids(&others)),
            1 => select(BAD_IDS).prop_map(str::to_owned),
        ]
    };

    check(
        "POST /updates/{id}/comments",
        150,
        (
            target(&open, &drafts),
            wire(
                vec![
                    ("body", comment_body()),
                    ("form_id", one_of(&["", "f1", "f2", "a-b_C"], &["x y", "é"])),
                    ("owner", hostile()),
                ],
                0.9,
                true,
            ),
        ),
        |(id, w)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/updates/{id}/comments");
                let a = send(&kz.http, Method::POST, &app.url(&path), w.body(), None).await;
                never_5xx(&a)?;
                let oversize = w.encode().len() > BODY_LIMIT;
                let valid = CommentText::parse(w.get("body")).is_ok()
                    && FormId::parse(w.get("form_id")).is_ok();
                match a.status {
                    303 if a.location.contains("done=already-sent") => {
                        before.unchanged_after(&conn, 303)?;
                    }
                    303 => {
                        prop_assert!(
                            open.iter()
                                .any(|o| a.location.starts_with(&format!("/updates/{o}?"))),
                            "a comment on {}",
                            a.location
                        );
                        if w.clean() && !valid {
                            return Err(fail("accepted an invalid comment"));
                        }
                        one_comment(&conn, &before, w.clean().then(|| w.get("body")))?;
                    }
                    s if refused(&a) => {
                        let ours = open.iter().any(|o| o.to_string() == id);
                        if ours && w.clean() && valid && !oversize {
                            return Err(fail(format!("{s} for a valid comment: {}", a.text())));
                        }
                        before.unchanged_after(&conn, s)?;
                    }
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );

    check(
        "POST /api/v1/updates/{id}/comments",
        150,
        (
            target(&open, &drafts),
            json_body(vec![("body", comment_body())]),
        ),
        |(id, b)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/api/v1/updates/{id}/comments");
                let a = send(&api, Method::POST, &app.url(&path), b.body(), Some(&token)).await;
                never_5xx(&a)?;
                let text = b.text_field("body").filter(|_| b.clean());
                match a.status {
                    201 => {
                        if let Some(t) = &text {
                            prop_assert!(CommentText::parse(t).is_ok(), "accepted {t:?}");
                        }
                        one_comment(&conn, &before, text.as_deref())?;
                    }
                    s if refused(&a) => {
                        prop_assert!(a.content_type.starts_with("application/json"));
                        before.unchanged_after(&conn, s)?;
                    }
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );

    check(
        "PUT /api/v1/updates/{id}",
        300,
        (target(&drafts, &open), json_body(update_fields())),
        |(id, b)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/api/v1/updates/{id}");
                let a = send(&api, Method::PUT, &app.url(&path), b.body(), Some(&token)).await;
                never_5xx(&a)?;
                match a.status {
                    200 => {
                        prop_assert!(drafts.iter().any(|d| d.to_string() == id), "saved {id}");
                        let diff = before.diff(&fingerprint(&conn));
                        if !diff.shape().is_empty() {
                            diff.expect(&[("updates", 1, 1)])?;
                        }
                        let f: Option<Vec<String>> = [
                            "period",
                            "status",
                            "narrative_en",
                            "narrative_ru",
                            "evidence_url",
                        ]
                        .iter()
                        .map(|k| b.text_field(k))
                        .collect();
                        if let Some(f) = f.filter(|_| b.clean()) {
                            prop_assert!(
                                Draft::parse(&f[0], &f[1], &f[2], &f[3], &f[4]).is_ok(),
                                "saved an invalid draft"
                            );
                        }
                    }
                    s if refused(&a) => before.unchanged_after(&conn, s)?,
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );
}
