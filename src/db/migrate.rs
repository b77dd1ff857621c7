//! Schema versions. `schema.sql` is version 1; a later change to the schema
//! is appended here as a new migration, never by editing an applied one, so
//! that an existing database file is upgraded in place without loss.

use anyhow::Context;
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../schema.sql")),
        M::up(include_str!("../../migrations/0003_cycles_snapshots.sql")),
    ])
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
}
