//! Integration tests: the real app over HTTP with a fresh database each,
//! one module per feature.

mod accounts;
mod api;
mod architecture;
mod audit;
mod authz;
mod browser;
mod cli;
mod commitments;
mod dashboard;
mod database;
mod due;
mod helpers;
mod i18n;
mod import;
mod mail;
mod need_to_know;
mod operations;
mod paging;
mod props;
mod public;
mod reports;
mod second_factor;
mod updates;
mod web;
