//! What pages look like. Each area's handler gathers what its page shows
//! into a value and hands it to a function here, which renders it; pieces
//! several areas show live in `components`, the page frame in `layout`.

pub mod account;
pub mod admin;
pub mod audit;
pub mod charts;
pub mod commitments;
pub mod components;
pub mod dashboard;
pub mod due;
pub mod guide;
pub mod import;
pub mod inbox;
pub mod outbox;
pub mod public;
pub mod reports;
pub mod schedules;
pub mod second_factor;
pub mod session;
pub mod snapshots;
pub mod updates;
