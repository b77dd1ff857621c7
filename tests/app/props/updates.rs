//! Logging progress: the form, the API and the revision form.

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use reqwest::Method;
use rusqlite::Connection;

use super::fingerprint::{Fingerprint, fingerprint};
use super::forms::{Field, Wire, wire};
use super::json::json_body_with;
use super::values::{BAD_IDS, one_of, path_id, update_fields};
use super::{
    BODY_LIMIT, bare_client, check, fail, id_of, ids, insert_pool, never_5xx, refused, runtime,
    send, unexpected,
};
use crate::helpers::{NewUpdate, TestApp};

/// After an accepted submission: one new update holding exactly what was
/// sent, its audit entry, and the reviewer told (in the inbox, and by mail
/// through the outbox).
fn one_new_update(
    conn: &Connection,
    before: &Fingerprint,
    fields: Option<&NewUpdate>,
    revises: Option<i64>,
) -> Result<(), TestCaseError> {
    before.diff(&fingerprint(conn)).expect(&[
        ("updates", 1, 0),
        ("audit_log", 1, 0),
        ("notifications", 1, 0),
        ("outbox", 1, 0),
    ])?;
    let (text, rev) = conn
        .query_row(
            "SELECT period, status, narrative_en, narrative_ru, evidence_url, state, revises_id
             FROM updates ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                let text = (0..6)
                    .map(|i| r.get::<_, String>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((text, r.get::<_, Option<i64>>(6)?))
            },
        )
        .unwrap();
    prop_assert_eq!(text[5].as_str(), "submitted");
    prop_assert_eq!(rev, revises);
    if let Some(u) = fields {
        let sent = [
            u.period.to_string(),
            u.status.as_str().to_owned(),
            u.narrative_en.as_str().to_owned(),
            u.narrative_ru.as_str().to_owned(),
            u.evidence_url.as_str().to_owned(),
        ];
        prop_assert_eq!(&text[..5], &sent[..], "what was sent is kept exactly");
    }
    Ok(())
}

#[test]
fn log_progress_form_api_and_revision_write_one_update_or_nothing() {
    let rt = runtime();
    let (app, kz, token, own, others, returned) = rt.block_on(async {
        let app = TestApp::with_standard_users().await;
        let kz = app.login_as("kz@example.org").await;
        let token = app.token_for("kz@example.org").await;
        let own = vec![
            app.track("P1.02", "KZ").await,
            app.track("P2.01", "KZ").await,
        ];
        let others = vec![
            app.track("P1.02", "UZ").await,
            app.track("P1.01", "REG").await,
        ];
        let returned = insert_pool(&app, own[0], "kz@example.org", "returned", 30);
        (app, kz, token, own, others, returned)
    });
    let conn = app.conn();
    let api = bare_client();
    let track = || {
        prop_oneof![
            6 => select(ids(&own)),
            1 => select(ids(&others)),
            1 => select(BAD_IDS).prop_map(str::to_owned),
        ]
    };
    // Whose track a path names, as the server will read it.
    let country_of = |id: &str| -> Option<String> {
        let id = id_of(id)?;
        conn.query_row("SELECT country FROM tracks WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .ok()
    };
    let expect_parse = |w: &Wire| {
        NewUpdate::parse(
            w.get("period"),
            w.get("status"),
            w.get("narrative_en"),
            w.get("narrative_ru"),
            w.get("evidence_url"),
        )
    };

    check(
        "POST /tracks/{id}/updates",
        220,
        (track(), wire(update_fields(), 0.9, true)),
        |(id, w)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/tracks/{id}/updates");
                let a = send(&kz.http, Method::POST, &app.url(&path), w.body(), None).await;
                never_5xx(&a)?;
                let mine = country_of(&id).as_deref() == Some("KZ");
                let oversize = w.encode().len() > BODY_LIMIT;
                let parsed = (w.clean() && !oversize).then(|| expect_parse(&w));
                match a.status {
                    303 => {
                        prop_assert!(mine, "written on a track that is not theirs");
                        let u = parsed.as_ref().map(|p| {
                            p.as_ref()
                                .map_err(|e| fail(format!("accepted although {e}")))
                        });
                        let u = u.transpose()?;
                        one_new_update(&conn, &before, u, None)?;
                        prop_assert!(a.location.starts_with("/updates/"), "{}", a.location);
                    }
                    s if refused(&a) => {
                        if let (true, Some(Ok(_))) = (mine, &parsed) {
                            return Err(fail(format!("{s} for a valid update: {}", a.text())));
                        }
                        if let (true, Some(Err(_))) = (mine, &parsed) {
                            prop_assert_eq!(s, 422);
                        }
                        before.unchanged_after(&conn, s)?;
                    }
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );

    // Fields the API does not take: who and where come from the account.
    let extra: Vec<Field> = vec![
        ("country", one_of(&["UZ", "REG"], &["KZ"])),
        ("state", one_of(&["accepted"], &["draft"])),
    ];
    check(
        "POST /api/v1/tracks/{id}/updates",
        220,
        (track(), json_body_with(update_fields(), extra)),
        |(id, b)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/api/v1/tracks/{id}/updates");
                let a = send(&api, Method::POST, &app.url(&path), b.body(), Some(&token)).await;
                never_5xx(&a)?;
                let mine = country_of(&id).as_deref() == Some("KZ");
                let fields: Option<Vec<String>> = [
                    "period",
                    "status",
                    "narrative_en",
                    "narrative_ru",
                    "evidence_url",
                ]
                .iter()
                .map(|k| b.text_field(k))
                .collect();
                let oversize = b.text().len() > BODY_LIMIT;
                let parsed = fields
                    .filter(|_| b.clean() && !oversize)
                    .map(|f| NewUpdate::parse(&f[0], &f[1], &f[2], &f[3], &f[4]));
                match a.status {
                    201 => {
                        prop_assert!(mine, "written on a track that is not theirs");
                        let u = parsed.as_ref().map(|p| {
                            p.as_ref()
                                .map_err(|e| fail(format!("accepted although {e}")))
                        });
                        one_new_update(&conn, &before, u.transpose()?, None)?;
                        let v: serde_json::Value =
                            serde_json::from_slice(a.body.as_deref().unwrap_or_default())
                                .map_err(|e| fail(e.to_string()))?;
                        prop_assert_eq!(&v["state"], "submitted");
                    }
                    s if refused(&a) => {
                        if let (true, Some(Ok(_))) = (mine, &parsed) {
                            return Err(fail(format!("{s} for a valid update: {}", a.text())));
                        }
                        prop_assert!(
                            a.content_type.starts_with("application/json"),
                            "{}",
                            a.content_type
                        );
                        before.unchanged_after(&conn, s)?;
                    }
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );

    check(
        "POST /updates/{id}/revise",
        90,
        (path_id(ids(&returned)), wire(update_fields(), 0.9, true)),
        |(id, w)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/updates/{id}/revise");
                let a = send(&kz.http, Method::POST, &app.url(&path), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        let old =
                            id_of(&id).ok_or_else(|| fail("revised an update by a bad id"))?;
                        let u = w.clean().then(|| expect_parse(&w));
                        let u = u.as_ref().map(|p| {
                            p.as_ref()
                                .map_err(|e| fail(format!("accepted although {e}")))
                        });
                        one_new_update(&conn, &before, u.transpose()?, Some(old))?;
                    }
                    s if refused(&a) => before.unchanged_after(&conn, s)?,
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );
}
