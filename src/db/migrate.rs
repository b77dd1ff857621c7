//! Schema versions. `schema.sql` is version 1; a later change to the schema
//! is appended here as a new migration, never by editing an applied one, so
//! that an existing database file is upgraded in place without loss.

use anyhow::Context;
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

pub fn to_latest(conn: &mut Connection) -> anyhow::Result<()> {
    let migrations = Migrations::new(vec![
        M::up(include_str!("../../schema.sql")),
        M::up(include_str!("../../migrations/0002_language.sql")),
    ]);
    migrations
        .to_latest(conn)
        .context("cannot bring the database schema up to date")
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        let migrations = rusqlite_migration::Migrations::new(vec![
            rusqlite_migration::M::up(include_str!("../../schema.sql")),
            rusqlite_migration::M::up(include_str!("../../migrations/0002_language.sql")),
        ]);
        migrations.validate().unwrap();
    }
}
