//! What people do, one function per thing: each owns its transaction, its
//! permission check and its audit row. Pages, the JSON API and the command
//! line call these alike and only translate in and out.

pub mod accounts;
pub mod clock;
pub mod kept;
pub mod notify;
pub mod policy;
pub mod records;
pub mod reminders;
pub mod second_factor;
pub mod sessions;
pub mod snapshots;
pub mod updates;
