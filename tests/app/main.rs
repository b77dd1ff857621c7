//! Integration tests: the real app over HTTP with a fresh database each.

mod account;
mod api;
mod architecture;
mod audit;
mod authz;
mod browser;
mod browser_journeys;
mod browser_pages;
mod cli;
mod crash;
mod due;
mod helpers;
mod i18n;
mod import_web;
mod journeys;
mod kept;
mod plans;
mod props;
mod reach;
mod reports;
mod spreadsheets;
mod ten_years;
mod trust;
