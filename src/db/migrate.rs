//! Schema versions. `schema.sql` is version 1; a later change to the schema
//! is appended here as a new migration, never by editing an applied one, so
//! that an existing database file is upgraded in place without loss.

use anyhow::Context;
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../schema.sql")),
        M::up(include_str!("../../migrations/0002_language.sql")),
        M::up(include_str!("../../migrations/0003_cycles_snapshots.sql")),
        M::up(include_str!(
            "../../migrations/0004_covering_track_index.sql"
        )),
        M::up(include_str!(
            "../../migrations/0005_sessions_idle_user_version.sql"
        )),
        M::up(include_str!("../../migrations/0006_period_begun.sql")),
        M::up(include_str!("../../migrations/0007_ranks_and_counts.sql")),
        M::up(include_str!("../../migrations/0008_session_address.sql")),
        M::up(include_str!(
            "../../migrations/0009_no_regional_focal_point.sql"
        )),
        M::up(include_str!("../../migrations/0010_second_factor.sql")),
        M::up(include_str!(
            "../../migrations/0011_conversation_drafts.sql"
        )),
        M::up(include_str!("../../migrations/0012_outbox_and_inbox.sql")),
        M::up(include_str!(
            "../../migrations/0013_regional_track_name.sql"
        )),
        M::up(include_str!(
            "../../migrations/0014_snapshot_file_bytes.sql"
        )),
        M::up(include_str!("../../migrations/0015_record_version.sql")),
        M::up(include_str!("../../migrations/0016_reported_index.sql")),
        M::up(include_str!("../../migrations/0017_need_to_know.sql")),
    ])
}

/// The file's schema version and the latest this binary knows, read
/// without changing anything (`jpoa-tracker check`).
pub fn versions(conn: &Connection) -> anyhow::Result<(usize, usize)> {
    let all = migrations();
    let current = usize::from(all.current_version(conn)?);
    let pending = i64::from(all.pending_migrations(conn)?);
    let latest = i64::try_from(current)? + pending;
    Ok((current, usize::try_from(latest)?))
}

pub fn to_latest(conn: &mut Connection) -> anyhow::Result<()> {
    migrations()
        .to_latest(conn)
        .context("cannot bring the database schema up to date")
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }

    #[test]
    fn a_version_1_file_gains_the_language_column_and_keeps_its_accounts() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        rusqlite_migration::Migrations::new(vec![rusqlite_migration::M::up(include_str!(
            "../../schema.sql"
        ))])
        .to_latest(&mut conn)
        .unwrap();
        conn.execute(
            "INSERT INTO users (email, name, role, password_hash, created_at)
             VALUES ('a@example.org', 'A', 'admin', '', '2024-01-01T00:00:00.000Z')",
            [],
        )
        .unwrap();
        super::to_latest(&mut conn).unwrap();
        let lang: Option<String> = conn
            .query_row("SELECT lang FROM users", [], |r| r.get(0))
            .unwrap();
        assert_eq!(lang, None);
        conn.execute("UPDATE users SET lang = 'ru'", []).unwrap();
        assert!(conn.execute("UPDATE users SET lang = 'de'", []).is_err());
    }
}
