//! Secrets and passwords. Who may do what lives in `services::policy`.

pub mod password;
pub mod secret;
pub mod throttle;
pub mod totp;
