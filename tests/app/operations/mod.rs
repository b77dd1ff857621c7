//! Running the tracker for real: `jpoa-tracker check`, replication with
//! Litestream and the restore drill, and the deployment files of `deploy/`.

mod check;
mod deploy;
mod drill;
mod litestream;
