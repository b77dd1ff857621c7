//! jpoa-tracker: the commitments of the Central Asia Joint Plan of Action,
//! their progress by pillar and country, and the reports donors cite.

pub mod auth;
pub mod cli;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod mailer;
pub mod reports;
pub mod server;
pub mod services;
pub mod settings;
pub mod synthetic;
pub mod telemetry;
pub mod web;

pub use web::{AppState, app};
