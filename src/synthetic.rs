//! `demo-data`: synthetic progress updates, and optionally synthetic
//! commitments, for load and scale tests. The same seed on the same database
//! gives the same data. Everything made here is marked: updates as demo,
//! commitments as illustrative ones of a document that says it is synthetic.

use anyhow::Context;
use rusqlite::{Connection, Transaction, params};
use serde_json::json;

use crate::db::audit::{self, Actor};
use crate::db::{self, Db};
use crate::demo::{NARRATIVES, Rng, stamp, user_id};
use crate::domain::cycle::{period_end, period_start};
use crate::domain::{Country, Period, Status, now_utc};
use crate::error::AppResult;

#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub updates: u64,
    pub commitments: u64,
    pub seed: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Added {
    pub commitments: u64,
    pub tracks: u64,
    pub updates: u64,
}

/// The document synthetic commitments belong to, so that every list and
/// report names them as what they are.
const DOCUMENT_CODE: &str = "SYNTHETIC-LOAD-TEST";
const DOCUMENT_EN: &str = "Synthetic plan for load tests (demo data, not an outcome document)";
const DOCUMENT_RU: &str =
    "Синтетический план для нагрузочных тестов (демонстрационные данные, не итоговый документ)";

/// Rows per transaction. Each commit writes every index page the batch
/// touched, and random track order touches nearly all of them, so fewer,
/// larger transactions write far less; a server on the same file waits at
/// most one batch for its own writes.
const BATCH: u64 = 250_000;

/// Progress is printed this often within a batch.
const TICK: u64 = 10_000;

pub fn demo_data(path: &std::path::Path, spec: Spec) -> anyhow::Result<Added> {
    let _ = Db::open(path)?;
    let mut conn = db::open_connection(path)?;
    // The indexes take rows at random places: with SQLite's small default
    // page cache most of the time goes to reading and writing pages again.
    conn.execute_batch("PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY;")?;
    let mut rng = Rng::new(spec.seed);
    let (commitments, tracks) = db::write_tx(&mut conn, |tx| {
        let made = add_commitments(tx, &mut rng, spec.commitments)?;
        if made.0 > 0 {
            eprintln!(
                "demo-data: {} synthetic commitments with {} tracks",
                made.0, made.1
            );
        }
        Ok(made)
    })
    .context("cannot write synthetic commitments")?;
    let updates = add_updates(&mut conn, &mut rng, spec.updates)?;
    let added = Added {
        commitments,
        tracks,
        updates,
    };
    db::write_tx(&mut conn, |tx| {
        audit::record(
            tx,
            Actor::System("demo-data"),
            "demo.data",
            "synthetic",
            None,
            Some(json!({
                "seed": spec.seed,
                "commitments": added.commitments,
                "tracks": added.tracks,
                "updates": added.updates,
            })),
        )
    })?;
    Ok(added)
}

/// Commitments numbered on from the last synthetic one, each tracked by the
/// five states and one in four also regionally.
fn add_commitments(tx: &Transaction, rng: &mut Rng, count: u64) -> AppResult<(u64, u64)> {
    if count == 0 {
        return Ok((0, 0));
    }
    tx.execute(
        "INSERT OR IGNORE INTO documents (code, title_en, title_ru, adopted_on, horizon_start, horizon_end)
         VALUES (?1, ?2, ?3, '2022-03-04', 2022, 2031)",
        params![DOCUMENT_CODE, DOCUMENT_EN, DOCUMENT_RU],
    )?;
    let document: i64 = tx.query_row(
        "SELECT id FROM documents WHERE code = ?1",
        [DOCUMENT_CODE],
        |r| r.get(0),
    )?;
    let last: i64 = tx.query_row(
        "SELECT count(*) FROM commitments WHERE document_id = ?1",
        [document],
        |r| r.get(0),
    )?;
    let themes: Vec<String> = {
        let mut stmt = tx.prepare("SELECT code FROM themes ORDER BY code")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    let now = now_utc();
    let mut commitment = tx.prepare(
        "INSERT INTO commitments (document_id, code, pillar, theme, target_year,
            title_en, title_ru, illustrative, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8)",
    )?;
    let mut track = tx.prepare("INSERT INTO tracks (commitment_id, country) VALUES (?1, ?2)")?;
    let mut tracks = 0;
    for n in (last + 1)..=(last + i64::try_from(count).unwrap_or(i64::MAX)) {
        let theme = &themes[rng.below(themes.len() as u64) as usize];
        let id = commitment.insert(params![
            document,
            format!("S{n:06}"),
            1 + rng.below(4) as i64,
            theme,
            2023 + rng.below(9) as i64,
            format!("Synthetic commitment {n} on {theme}, for load tests"),
            format!("Синтетическое обязательство {n} ({theme}) для нагрузочных тестов"),
            now,
        ])?;
        let regional = rng.below(4) == 0;
        for c in Country::ALL
            .iter()
            .copied()
            .filter(|c| regional || *c != Country::REG)
        {
            track.execute(params![id, c.code()])?;
            tracks += 1;
        }
    }
    Ok((count, tracks))
}

/// Updates over every track and period 2022–2031, nine in ten accepted,
/// each submitted after its period ended.
fn add_updates(conn: &mut Connection, rng: &mut Rng, count: u64) -> anyhow::Result<u64> {
    let (author, reviewer) = db::write_tx(conn, |tx| {
        let mut ids = Vec::new();
        for (email, name) in [
            ("synthetic-author@demo.invalid", "Synthetic author"),
            ("synthetic-reviewer@demo.invalid", "Synthetic reviewer"),
        ] {
            tx.execute(
                "INSERT OR IGNORE INTO users (email, name, role, password_hash, active, is_demo, created_at)
                 VALUES (?1, ?2, 'reviewer', '', 0, 1, ?3)",
                params![email, name, now_utc()],
            )?;
            ids.push(user_id(tx, email)?);
        }
        Ok((ids[0], ids[1]))
    })?;
    let tracks: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM tracks ORDER BY id")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    anyhow::ensure!(!tracks.is_empty(), "the database has no tracks");
    let periods = Period::all();
    let mut done = 0u64;
    let started = std::time::Instant::now();
    let progress = |done: u64| {
        eprint!(
            "\rdemo-data: {done}/{count} updates ({}%) in {:.1}s",
            done * 100 / count.max(1),
            started.elapsed().as_secs_f64()
        );
    };
    while done < count {
        let n = BATCH.min(count - done);
        db::write_tx(conn, |tx| {
            bulk_insert(tx, || {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, narrative_ru,
                        evidence_url, state, author_id, created_at, submitted_at, reviewer_id, reviewed_at, is_demo)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8, ?9, ?9, ?10, ?11, 1)",
                )?;
                for i in 1..=n {
                    let track = tracks[rng.below(tracks.len() as u64) as usize];
                    let p = periods[rng.below(periods.len() as u64) as usize];
                    let status = Status::ALL[rng.below(4) as usize];
                    let (en, ru) = NARRATIVES[rng.below(NARRATIVES.len() as u64) as usize];
                    let submitted =
                        period_end(p) + chrono::Duration::days(10 + rng.below(60) as i64);
                    let accepted = rng.below(10) < 9;
                    let reviewed = submitted + chrono::Duration::days(1 + rng.below(20) as i64);
                    // The rule of the trigger set aside (no report for a period not begun).
                    if period_start(p) > submitted {
                        return Err(anyhow::anyhow!("a synthetic update for {p} before it began").into());
                    }
                    stmt.execute(params![
                        track,
                        p.to_string(),
                        p.rank(),
                        status.as_str(),
                        en,
                        ru,
                        if accepted { "accepted" } else { "submitted" },
                        author,
                        stamp(submitted),
                        accepted.then_some(reviewer),
                        accepted.then(|| stamp(reviewed)),
                    ])?;
                    if i % TICK == 0 {
                        progress(done + i);
                    }
                }
                Ok(())
            })
        })
        .context("cannot write synthetic updates")?;
        done += n;
        if n % TICK != 0 {
            progress(done);
        }
    }
    if count > 0 {
        eprintln!();
    }
    Ok(done)
}

/// Runs `insert` with the insert triggers of `updates` set aside, then puts
/// them back and does their work for all the rows at once, in the same
/// transaction, so that no reader ever sees the difference. A row-by-row
/// trigger makes SQLite keep a journal of every page each statement changes,
/// which at a million rows is most of the time.
fn bulk_insert(tx: &Transaction, insert: impl FnOnce() -> AppResult<()>) -> AppResult<()> {
    let first: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM updates", [], |r| r.get(0))?;
    let triggers: Vec<(String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'trigger' AND tbl_name = 'updates' AND sql LIKE '% INSERT ON updates%'
             ORDER BY name",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    // `insert` itself refuses what the triggers would have refused.
    insert()?;
    // What the triggers would have kept, over the new rows.
    tx.execute(
        "UPDATE update_counts SET n = n + (SELECT count(*) FROM updates u
           WHERE u.id > ?1 AND u.state = update_counts.state)",
        [first],
    )?;
    tx.execute("UPDATE record_version SET v = random()", [])?;
    for (_, sql) in &triggers {
        tx.execute_batch(sql)?;
    }
    Ok(())
}
