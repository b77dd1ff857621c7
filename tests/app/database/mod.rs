//! The database file: what survives a crash, a backup taken during writes,
//! figures kept between requests that are never stale, query plans, the
//! schema's own rules, and a file of the first schema version upgraded to
//! today's.

mod backup;
mod crash;
mod kept;
mod plans;
mod schema;
pub mod upgrade;
pub mod writers;
