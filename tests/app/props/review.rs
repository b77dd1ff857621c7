//! Reviewing: the form and the API decide once or change nothing.

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use reqwest::Method;
use rusqlite::Connection;

use super::fingerprint::{Fingerprint, fingerprint};
use super::forms::wire;
use super::json::{Val, json_body};
use super::values::{BAD_IDS, long, narrative, one_of};
use super::{
    bare_client, check, fail, id_of, ids, insert_pool, never_5xx, refused, runtime, send,
    unexpected,
};
use crate::helpers::TestApp;

fn decision() -> BoxedStrategy<String> {
    one_of(
        &["accept", "return", " accept "],
        &["Accept", "reject", "", "ACCEPT"],
    )
}

fn comment() -> BoxedStrategy<String> {
    prop_oneof![2 => Just(String::new()), 3 => narrative(), 1 => long()].boxed()
}

/// After an accepted decision: the update changed state, with one audit
/// entry, and its author told (inbox and outbox).
fn one_decision(
    conn: &Connection,
    before: &Fingerprint,
    id: &str,
    decision: Option<&str>,
) -> Result<(), TestCaseError> {
    before.diff(&fingerprint(conn)).expect(&[
        ("updates", 1, 1),
        ("audit_log", 1, 0),
        ("notifications", 1, 0),
        ("outbox", 1, 0),
    ])?;
    let id = id_of(id).ok_or_else(|| fail("decided on a bad id"))?;
    let state: String = conn
        .query_row("SELECT state FROM updates WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    if let Some(d) = decision {
        let want = if d.trim() == "accept" {
            "accepted"
        } else {
            "returned"
        };
        prop_assert_eq!(state.as_str(), want);
    }
    Ok(())
}

#[test]
fn review_form_and_api_decide_once_or_change_nothing() {
    let rt = runtime();
    let (app, rev, admin_token, pool, own) = rt.block_on(async {
        let app = TestApp::with_standard_users().await;
        let rev = app.login_as("rev@example.org").await;
        let admin = app.token_for("admin@example.org").await;
        let track = app.track("P1.02", "KZ").await;
        let pool = insert_pool(&app, track, "kz@example.org", "submitted", 260);
        let own = insert_pool(&app, track, "rev@example.org", "submitted", 3);
        (app, rev, admin, pool, own)
    });
    let conn = app.conn();
    let api = bare_client();
    let target = || {
        prop_oneof![
            8 => select(ids(&pool)),
            1 => select(ids(&own)),
            1 => select(BAD_IDS).prop_map(str::to_owned),
        ]
    };

    check(
        "POST /updates/{id}/review",
        200,
        (
            target(),
            wire(
                vec![("decision", decision()), ("comment", comment())],
                0.9,
                true,
            ),
        ),
        |(id, w)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/updates/{id}/review");
                let a = send(&rev.http, Method::POST, &app.url(&path), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        prop_assert!(
                            !id_of(&id).is_some_and(|n| own.contains(&n)),
                            "a reviewer decided on their own update"
                        );
                        one_decision(&conn, &before, &id, w.clean().then(|| w.get("decision")))?;
                    }
                    s if refused(&a) => before.unchanged_after(&conn, s)?,
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );

    check(
        "POST /api/v1/updates/{id}/review",
        200,
        (
            target(),
            json_body(vec![("decision", decision()), ("comment", comment())]),
        ),
        |(id, b)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/api/v1/updates/{id}/review");
                let a = send(
                    &api,
                    Method::POST,
                    &app.url(&path),
                    b.body(),
                    Some(&admin_token),
                )
                .await;
                never_5xx(&a)?;
                match a.status {
                    200 => {
                        let d = match b.get("decision") {
                            Some(Val::Str(s)) if b.clean() => Some(s.as_str()),
                            _ => None,
                        };
                        one_decision(&conn, &before, &id, d)?;
                    }
                    s if refused(&a) => {
                        prop_assert!(
                            a.content_type.starts_with("application/json"),
                            "{}",
                            a.content_type
                        );
                        before.unchanged_after(&conn, s)?
                    }
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );
}
