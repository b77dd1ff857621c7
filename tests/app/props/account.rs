//! One's own account, the language switch, one-time links.

use proptest::prelude::*;
use proptest::sample::select;
use reqwest::Method;

use super::fingerprint::{audit_actions, fingerprint};
use super::forms::wire;
use super::values::{BAD_IDS, email, hostile, one_of, strong_password};
use super::{check, never_5xx, refused, runtime, send, unexpected};
use crate::helpers::{Client, PASSWORD, TestApp};

#[test]
fn password_change_language_switch_and_setup_links_change_only_what_they_should() {
    let rt = runtime();
    let (app, donor, rev) = rt.block_on(async {
        let app = TestApp::with_standard_users().await;
        let donor = app.login_as("donor@example.org").await;
        let rev = app.login_as("rev@example.org").await;
        (app, donor, rev)
    });
    let conn = app.conn();
    let current = std::cell::RefCell::new(PASSWORD.to_owned());
    const CURRENT: &str = "<current password>";
    const SAME: &str = "<same as password>";

    check(
        "POST /account",
        60,
        wire(
            vec![
                ("current", prop_oneof![3 => Just(CURRENT.to_owned()), 1 => hostile()].boxed()),
                ("password", prop_oneof![2 => strong_password(), 1 => Just("donor example org 2024".to_owned()), 2 => hostile()].boxed()),
                ("password2", prop_oneof![3 => Just(SAME.to_owned()), 1 => hostile()].boxed()),
            ],
            0.95,
            true,
        ),
        |mut w| {
            rt.block_on(async {
                let new_password = w.get("password").to_owned();
                for (k, v) in &mut w.pairs {
                    if v == CURRENT {
                        v.clone_from(&current.borrow());
                    } else if k == "password2" && v == SAME {
                        v.clone_from(&new_password);
                    }
                }
                let before = fingerprint(&conn);
                let a = send(&donor.http, Method::POST, &app.url("/account"), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        // The hash changes, every session ends, this browser gets a new one.
                        before
                            .diff(&fingerprint(&conn))
                            .expect(&[("users", 1, 1), ("sessions", 1, 1), ("audit_log", 2, 0)])?;
                        prop_assert_eq!(audit_actions(&conn, &before), vec!["user.password_set", "session.sign_in"]);
                        let was = current.borrow().clone();
                        prop_assert_eq!(w.get("current"), was.as_str());
                        *current.borrow_mut() = new_password;
                    }
                    s if refused(&a) => before.unchanged_after(&conn, s)?,
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );

    check(
        "POST /language",
        150,
        wire(
            vec![
                ("lang", one_of(&["en", "ru", "RU", " ru "], &["kk", "en-US", ""])),
                ("next", prop_oneof![2 => "/[a-z/?=&]{0,20}", 1 => select(&["//evil.example", "/\\evil.example", "https://evil.example/", "/\t/evil.example", "javascript:alert(1)", "/%0d%0aSet-Cookie:x=1"][..]).prop_map(str::to_owned), 2 => hostile()].boxed()),
            ],
            0.9,
            true,
        ),
        |w| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let a = send(&rev.http, Method::POST, &app.url("/language"), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        let next = &a.location;
                        prop_assert!(
                            next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')
                                && next.bytes().all(|b| b.is_ascii_graphic()),
                            "the switch sends nowhere but this site: {:?}",
                            next
                        );
                        let d = before.diff(&fingerprint(&conn));
                        if !d.0.is_empty() {
                            d.expect(&[("users", 1, 1), ("audit_log", 1, 0)])?;
                            prop_assert_eq!(audit_actions(&conn, &before), vec!["user.language"]);
                        }
                    }
                    s if refused(&a) => before.unchanged_after(&conn, s)?,
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );

    let anonymous = Client::new(&app);
    check(
        "POST /setup/{token}",
        60,
        (
            prop_oneof![
                "[A-Za-z0-9_-]{0,64}",
                select(BAD_IDS).prop_map(str::to_owned),
                Just("x".repeat(5000))
            ],
            wire(
                vec![
                    ("name", hostile()),
                    ("email", email()),
                    (
                        "password",
                        prop_oneof![strong_password(), hostile()].boxed(),
                    ),
                    ("password2", hostile()),
                ],
                0.9,
                true,
            ),
        ),
        |(token, w)| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let path = format!("/setup/{token}");
                let a = send(
                    &anonymous.http,
                    Method::POST,
                    &app.url(&path),
                    w.body(),
                    None,
                )
                .await;
                never_5xx(&a)?;
                prop_assert!(refused(&a), "an unknown link was taken: {}", a.status);
                before.diff(&fingerprint(&conn)).unchanged()
            })
        },
    );
}
