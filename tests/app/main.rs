//! Integration tests: the real app over HTTP with a fresh database each.

mod api;
mod authz;
mod helpers;
mod journeys;
