//! Signing in, by form and by API.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use reqwest::Method;

use super::fingerprint::{Fingerprint, audit_actions, fingerprint, new_audit};
use super::forms::wire;
use super::json::{Val, json_body};
use super::values::{email, hostile};
use super::{BODY_LIMIT, bare_client, check, fail, never_5xx, refused, runtime, send, unexpected};
use crate::helpers::{PASSWORD, TestApp};

#[test]
fn sign_in_form_and_api_refuse_anything_but_the_right_password_and_audit_each_failure() {
    let rt = runtime();
    let app = rt.block_on(TestApp::with_standard_users());
    let conn = app.conn();
    let http = bare_client();
    let password = || prop_oneof![1 => Just(PASSWORD.to_owned()), 3 => hostile()].boxed();

    // A failed sign-in adds exactly one audit row naming the address tried,
    // and nothing else anywhere.
    let failed_audit =
        |before: &Fingerprint, email: Option<&str>, expected: usize| -> Result<(), TestCaseError> {
            let d = fingerprint(&conn);
            let d = before.diff(&d);
            d.expect(&[("audit_log", expected, 0)])?;
            for (actor, action, subject) in new_audit(&conn, before) {
                prop_assert_eq!(actor, None);
                prop_assert_eq!(action.as_str(), "session.sign_in_failed");
                // What was typed is kept only when it names an account.
                if let Some(e) = email {
                    let e: String = e.trim().chars().take(254).collect();
                    let known: bool = conn
                        .query_row(
                            "SELECT count(*) > 0 FROM users WHERE email = ?1",
                            [e.to_lowercase()],
                            |r| r.get(0),
                        )
                        .map_err(|err| fail(err.to_string()))?;
                    let expected = if known {
                        format!("email:{}", e.to_lowercase())
                    } else {
                        "email:(no such account)".to_owned()
                    };
                    prop_assert_eq!(subject, expected);
                }
            }
            Ok(())
        };

    check(
        "POST /login",
        140,
        wire(
            vec![
                ("email", email()),
                ("password", password()),
                ("next", hostile()),
            ],
            0.9,
            true,
        ),
        |w| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let a = send(&http, Method::POST, &app.url("/login"), w.body(), None).await;
                never_5xx(&a)?;
                let email = w.clean().then(|| w.get("email"));
                match a.status {
                    303 => {
                        before
                            .diff(&fingerprint(&conn))
                            .expect(&[("sessions", 1, 0), ("audit_log", 1, 0)])?;
                        prop_assert_eq!(audit_actions(&conn, &before), vec!["session.sign_in"]);
                        prop_assert_eq!(w.get("password"), PASSWORD);
                        let next = &a.location;
                        prop_assert!(
                            next.starts_with('/')
                                && !next.starts_with("//")
                                && !next.contains('\\'),
                            "sign-in sends nowhere but this site: {:?}",
                            next
                        );
                    }
                    401 => failed_audit(&before, email, 1)?,
                    429 => {
                        let n = new_audit(&conn, &before).len();
                        failed_audit(&before, email, n.min(1))?;
                    }
                    s if refused(&a) => {
                        let oversize = w.encode().len() > BODY_LIMIT;
                        prop_assert!(
                            !w.clean() || oversize,
                            "{} for a readable form: {}",
                            s,
                            a.text()
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
        "POST /api/v1/login",
        140,
        json_body(vec![("email", email()), ("password", password())]),
        |b| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let a = send(
                    &http,
                    Method::POST,
                    &app.url("/api/v1/login"),
                    b.body(),
                    None,
                )
                .await;
                never_5xx(&a)?;
                let oversize = b.text().len() > BODY_LIMIT;
                let strings = match (b.get("email"), b.get("password")) {
                    (Some(Val::Str(e)), Some(Val::Str(p))) if b.clean() && !oversize => {
                        Some((e.clone(), p.clone()))
                    }
                    _ => None,
                };
                match a.status {
                    200 => {
                        before
                            .diff(&fingerprint(&conn))
                            .expect(&[("sessions", 1, 0), ("audit_log", 1, 0)])?;
                        prop_assert_eq!(audit_actions(&conn, &before), vec!["session.sign_in"]);
                        let v: serde_json::Value =
                            serde_json::from_slice(a.body.as_deref().unwrap_or_default())
                                .map_err(|e| fail(e.to_string()))?;
                        prop_assert!(v["token"].is_string());
                    }
                    401 => {
                        let (e, p) = strings
                            .ok_or_else(|| fail("401 for a body that is not two strings"))?;
                        // Over-long values are refused before any look-up:
                        // they can name no account and hold no password.
                        let looked_up = e.len() <= 254 && p.chars().count() <= 128;
                        failed_audit(&before, Some(&e), usize::from(looked_up))?;
                    }
                    429 => {
                        let n = new_audit(&conn, &before).len();
                        failed_audit(&before, strings.as_ref().map(|(e, _)| e.as_str()), n.min(1))?;
                    }
                    s if refused(&a) => {
                        prop_assert!(strings.is_none(), "{} for two strings: {}", s, a.text());
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
}
