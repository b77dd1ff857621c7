//! The database file: what survives a crash, a backup taken during writes,
//! figures kept between requests that are never stale, query plans, and
//! the schema's own rules.

mod backup;
mod crash;
mod kept;
mod plans;
mod schema;
mod writers;
