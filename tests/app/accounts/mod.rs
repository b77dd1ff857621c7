//! Accounts: signing in and out, sessions, one's own account page, the
//! administrators' account pages, one-time password links and throttling.

mod account_page;
mod admin_accounts;
mod password_links;
mod sessions;
mod sign_in;
mod sign_out;
mod throttling;
