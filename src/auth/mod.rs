//! Secrets and passwords. Authorization rules live in [`policy`].

pub mod password;
pub mod policy;
pub mod secret;
pub mod throttle;
