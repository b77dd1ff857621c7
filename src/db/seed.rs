//! The seed data in `seeds/`, compiled into the binary so that a new
//! database is complete wherever the program is started from.

use anyhow::Context;
use rusqlite::{Connection, params};

use super::import;

const PILLARS: &str = include_str!("../../seeds/pillars.csv");
const COUNTRIES: &str = include_str!("../../seeds/countries.csv");
const DOCUMENTS: &str = include_str!("../../seeds/documents.csv");
const THEMES: &str = include_str!("../../seeds/themes.csv");
pub const COMMITMENTS: &str = include_str!("../../seeds/commitments.csv");

fn rows(csv_text: &str) -> anyhow::Result<Vec<csv::StringRecord>> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .context("seed file is not valid CSV")
}

/// Loads the seeds into a database that has none; does nothing otherwise.
pub fn load_if_empty(conn: &mut Connection) -> anyhow::Result<()> {
    let seeded: i64 = conn.query_row("SELECT count(*) FROM pillars", [], |r| r.get(0))?;
    if seeded > 0 {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for r in rows(PILLARS)? {
        tx.execute(
            "INSERT INTO pillars (number, name_en, name_ru) VALUES (?1, ?2, ?3)",
            params![r[0].parse::<i64>()?, &r[1], &r[2]],
        )?;
    }
    for (sort, r) in rows(COUNTRIES)?.into_iter().enumerate() {
        tx.execute(
            "INSERT INTO countries (code, iso3, numeric, name_en, name_ru, kind, sort)
             VALUES (?1, nullif(?2, ''), nullif(?3, ''), ?4, ?5, ?6, ?7)",
            params![&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], sort as i64],
        )?;
    }
    for r in rows(DOCUMENTS)? {
        tx.execute(
            "INSERT INTO documents (code, title_en, title_ru, symbol, place, adopted_on,
                                    horizon_start, horizon_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                &r[0],
                &r[1],
                &r[2],
                &r[3],
                &r[4],
                &r[5],
                r[6].parse::<i64>()?,
                r[7].parse::<i64>()?
            ],
        )?;
    }
    for r in rows(THEMES)? {
        tx.execute(
            "INSERT INTO themes (code, name_en, name_ru) VALUES (?1, ?2, ?3)",
            params![&r[0], &r[1], &r[2]],
        )?;
    }
    import::import_commitments(&tx, COMMITMENTS.as_bytes(), &mut |_| {})
        .map_err(|e| anyhow::anyhow!("seeds/commitments.csv: {e}"))?;
    tx.commit()?;
    Ok(())
}
