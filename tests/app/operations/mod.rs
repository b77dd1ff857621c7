//! Running the tracker for real: `jpoa-tracker check`, replication with
//! Litestream and the restore drill.

mod check;
mod drill;
mod litestream;
