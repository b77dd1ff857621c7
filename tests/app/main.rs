//! Integration tests: the real app over HTTP with a fresh database each.

mod account;
mod api;
mod audit;
mod authz;
mod browser;
mod cli;
mod due;
mod helpers;
mod i18n;
mod journeys;
mod plans;
mod props;
mod reports;
mod spreadsheets;
mod ten_years;
