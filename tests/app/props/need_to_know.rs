//! Need to know, as a property: random accepted updates of random
//! sensitivity, some changed later; random readers and as-of days. What
//! each reader gets in the progress report and in the API is exactly what
//! the rule allows, written out here as a table of its own.

use proptest::prelude::*;
use proptest::sample::select;
use rusqlite::params;

use super::{check, fail, runtime};
use crate::helpers::{Client, Country, Role, TestApp, col, parse_csv};

const SENSITIVITIES: [&str; 3] = ["public", "partners", "restricted"];
const READERS: [&str; 5] = [
    "donor@example.org",
    "kz@example.org",
    "uz@example.org",
    "rev@example.org",
    "admin@example.org",
];

/// The rule, as a table: whether `reader` may read a `country` update of
/// sensitivity `s`.
fn may_read(reader: &str, s: &str, country: &str) -> bool {
    match (s, reader) {
        ("public" | "partners", _) => true,
        (_, "rev@example.org" | "admin@example.org") => true,
        (_, "kz@example.org") => country == "KZ",
        (_, "uz@example.org") => country == "UZ",
        _ => false,
    }
}

fn strictest<'a>(a: &'a str, b: &'a str) -> &'a str {
    let rank = |s: &str| SENSITIVITIES.iter().position(|x| *x == s).unwrap();
    if rank(a) >= rank(b) { a } else { b }
}

#[derive(Debug, Clone)]
struct Made {
    country: &'static str,
    decided: &'static str,
    /// A later change: to what, and in which year.
    change: Option<(&'static str, u16)>,
}

fn made() -> impl Strategy<Value = Made> {
    (
        select(&["KZ", "UZ"][..]),
        select(&SENSITIVITIES[..]),
        prop::option::of((select(&SENSITIVITIES[..]), 2024u16..=2025)),
    )
        .prop_map(|(country, decided, change)| Made {
            country,
            decided,
            change,
        })
}

#[test]
fn each_reader_gets_the_words_the_rule_allows_on_any_day() {
    let rt = runtime();
    let app = rt.block_on(TestApp::with_standard_users());
    rt.block_on(app.add_user("uz@example.org", Role::FocalPoint, Some(Country::UZ)));
    let clients: Vec<Client> = READERS
        .iter()
        .map(|r| rt.block_on(app.login_as(r)))
        .collect();
    let conn = app.conn();
    let author = |country: &str| {
        let email = if country == "KZ" {
            "kz@example.org"
        } else {
            "uz@example.org"
        };
        conn.query_row("SELECT id FROM users WHERE email = ?1", [email], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap()
    };
    let reviewer: i64 = conn
        .query_row(
            "SELECT id FROM users WHERE email = 'rev@example.org'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let cases = (
        prop::collection::vec(made(), 1..5),
        0usize..READERS.len(),
        select(&[None, Some("2024-12-31"), Some("2025-12-31")][..]),
    );
    check(
        "need to know: progress.csv",
        24,
        cases,
        |(updates, reader, as_of)| {
            let mut ids = Vec::new();
            for (i, m) in updates.iter().enumerate() {
                let track: i64 = conn
                    .query_row(
                        "SELECT id FROM tracks WHERE country = ?1 ORDER BY id LIMIT 1 OFFSET ?2",
                        params![m.country, i as i64],
                        |r| r.get(0),
                    )
                    .unwrap();
                conn.execute(
                "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, state,
                    author_id, created_at, submitted_at, reviewer_id, reviewed_at, sensitivity)
                 VALUES (?1, '2024', 20242, 'limited', 'said', 'accepted', ?2,
                    '2024-06-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z', ?3,
                    '2024-06-02T00:00:00.000Z', ?4)",
                params![track, author(m.country), reviewer, m.decided],
            )
            .unwrap();
                let id = conn.last_insert_rowid();
                if let Some((to, year)) = m.change {
                    conn.execute(
                        "INSERT INTO update_sensitivity (update_id, sensitivity, set_at, set_by)
                     VALUES (?1, ?2, ?3, ?4)",
                        params![id, to, format!("{year}-07-01T00:00:00.000Z"), reviewer],
                    )
                    .unwrap();
                }
                ids.push((id, m.clone()));
            }
            let path = match as_of {
                Some(day) => format!("/reports/progress.csv?as_of={day}"),
                None => "/reports/progress.csv".to_owned(),
            };
            let body = rt.block_on(clients[reader].get_bytes(&path));
            let (header, rows) = parse_csv(&body);
            let (id_col, words, by, sens) = (
                col(&header, "update_id"),
                col(&header, "narrative_en"),
                col(&header, "submitted_by"),
                col(&header, "sensitivity"),
            );
            for (id, m) in &ids {
                let row = rows
                    .iter()
                    .find(|r| r[id_col] == id.to_string())
                    .ok_or_else(|| fail(format!("update {id} is not in {path}")))?;
                let now = m.change.map_or(m.decided, |(to, _)| to);
                let then = match (as_of, m.change) {
                    (Some(day), Some((to, year))) if format!("{year}-07-01").as_str() <= day => to,
                    (Some(_), _) => m.decided,
                    (None, _) => now,
                };
                let reads = may_read(READERS[reader], then, m.country)
                    && may_read(READERS[reader], now, m.country);
                prop_assert_eq!(
                    !row[words].is_empty(),
                    reads,
                    "{} reads update {} ({:?}) as of {:?}: {:?}",
                    READERS[reader],
                    id,
                    m,
                    as_of,
                    row
                );
                prop_assert_eq!(!row[by].is_empty(), reads, "the author's name, {:?}", row);
                prop_assert_eq!(row[sens].as_str(), strictest(then, now));
            }
            Ok(())
        },
    );
}
