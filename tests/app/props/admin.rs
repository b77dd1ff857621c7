//! Administration: accounts, reporting cycles, snapshots.

use proptest::prelude::*;
use proptest::sample::select;
use reqwest::Method;

use super::fingerprint::{audit_actions, fingerprint};
use super::forms::wire;
use super::values::{NUMBERS, email, hostile, one_of, path_id, spiced};
use super::{check, id_of, ids, never_5xx, refused, runtime, send, unexpected};
use crate::helpers::{TestApp, schedules};

#[test]
fn admin_forms_create_one_account_one_schedule_one_snapshot_or_nothing() {
    let rt = runtime();
    let (app, admin) = rt.block_on(async {
        let app = TestApp::with_standard_users().await;
        let admin = app.login_as("admin@example.org").await;
        (app, admin)
    });
    let conn = app.conn();

    check(
        "POST /admin/users",
        150,
        wire(
            vec![
                ("email", email()),
                (
                    "name",
                    prop_oneof![3 => "\\PC{1,30}", 1 => "[А-Яа-яё ]{1,30}", 3 => hostile()].boxed(),
                ),
                (
                    "role",
                    one_of(
                        &[
                            "admin",
                            "reviewer",
                            "donor",
                            "donor",
                            "focal-point",
                            "focal-point",
                        ],
                        &["Admin", "focal_point"],
                    ),
                ),
                (
                    "country",
                    one_of(&["", "", "", "KZ", "kg", "TJ", "TM", "UZ"], &["REG", "RU"]),
                ),
            ],
            0.92,
            true,
        ),
        |w| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let a = send(
                    &admin.http,
                    Method::POST,
                    &app.url("/admin/users"),
                    w.body(),
                    None,
                )
                .await;
                never_5xx(&a)?;
                match a.status {
                    201 => {
                        before.diff(&fingerprint(&conn)).expect(&[
                            ("users", 1, 0),
                            ("password_tokens", 1, 0),
                            ("audit_log", 2, 0),
                            ("outbox", 1, 0),
                        ])?;
                        let mut acts = audit_actions(&conn, &before);
                        acts.sort();
                        prop_assert_eq!(acts, vec!["user.create", "user.password_link"]);
                    }
                    s if refused(&a) => before.unchanged_after(&conn, s)?,
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );

    let docs: Vec<i64> = schedules::all(&conn)
        .unwrap()
        .iter()
        .map(|d| d.document_id)
        .collect();
    const CURRENT: &str = "<current version>";
    check(
        "POST /admin/reporting/{id}",
        150,
        (
            path_id(ids(&docs)),
            wire(
                vec![
                    ("cycle", one_of(&["annual", "semiannual", " annual "], &["Annual", "quarterly"])),
                    ("due_days", prop_oneof![6 => (0u16..=365).prop_map(|n| n.to_string()), 1 => select(NUMBERS).prop_map(str::to_owned), 1 => hostile()].boxed()),
                    ("version", prop_oneof![8 => Just(CURRENT.to_owned()), 1 => select(NUMBERS).prop_map(str::to_owned), 1 => hostile()].boxed()),
                ],
                0.92,
                true,
            ),
        ),
        |(id, mut w)| {
            rt.block_on(async {
                let version = schedules::all(&conn)
                    .unwrap()
                    .iter()
                    .find(|d| Some(d.document_id) == id_of(&id))
                    .map_or(0, |d| d.version);
                for (k, v) in &mut w.pairs {
                    if k == "version" && v == CURRENT {
                        *v = version.to_string();
                    }
                }
                let before = fingerprint(&conn);
                let path = format!("/admin/reporting/{id}");
                let a = send(&admin.http, Method::POST, &app.url(&path), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        // The document's first schedule is a new row; a later one replaces it.
                        let replaced = usize::from(version > 0);
                        before
                            .diff(&fingerprint(&conn))
                            .expect(&[("reporting_cycles", 1, replaced), ("audit_log", 1, 0)])?;
                        prop_assert_eq!(audit_actions(&conn, &before), vec!["settings.reporting_cycle"]);
                    }
                    s if refused(&a) => before.unchanged_after(&conn, s)?,
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );

    let as_of = || {
        prop_oneof![
            4 => "202[2-5]-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])",
            1 => select(&["2099-01-01", "2024-02-30", "2024-13-01", "0000-01-01", "+2024-01-01", "2024-1-5", "1999-12-31", "2101-01-01", "2024/01/01", "20240101"][..]).prop_map(str::to_owned),
            2 => hostile(),
        ]
        .boxed()
    };
    check(
        "POST /snapshots",
        45,
        wire(
            vec![
                ("name", prop_oneof![2 => "\\PC{1,20}", 1 => "[А-Яа-яё 0-9]{1,20}", 2 => spiced(), 2 => hostile()].boxed()),
                ("as_of", as_of()),
                ("pillar", one_of(&["", "1", "2", "IV"], &["5", "0"])),
                ("country", one_of(&["", "KZ", "uz", "REG"], &["RU"])),
            ],
            0.92,
            true,
        ),
        |w| {
            rt.block_on(async {
                let before = fingerprint(&conn);
                let a = send(&admin.http, Method::POST, &app.url("/snapshots"), w.body(), None).await;
                never_5xx(&a)?;
                match a.status {
                    303 => {
                        before.diff(&fingerprint(&conn)).expect(&[
                            ("snapshots", 1, 0),
                            ("snapshot_reports", 4, 0),
                            ("snapshot_files", 24, 0),
                            ("audit_log", 1, 0),
                        ])?;
                        prop_assert!(a.location.starts_with("/snapshots/"), "{}", a.location);
                    }
                    s if refused(&a) => before.unchanged_after(&conn, s)?,
                    _ => return Err(unexpected(&a)),
                }
                Ok(())
            })
        },
    );
}
