//! The columns of each report: their names (CONTRACT.md first, more after),
//! how a spreadsheet should type them, and which belong to one language only.

use crate::domain::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number: a number cell in XLSX.
    Int,
    /// A value the program writes (codes, periods, statuses).
    Code,
    /// Text people wrote: neutralised against formulas in CSV.
    Text,
    /// Text people wrote at length (narratives, titles): as `Text`, and
    /// wrapped in a wide XLSX column so that it prints whole.
    Prose,
    /// A UTC timestamp: a date-time cell in XLSX.
    Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    /// Name columns come in both languages; a report keeps the one asked for.
    pub lang: Option<Lang>,
}

impl Column {
    /// Column width in XLSX, in characters.
    pub fn width(&self) -> f64 {
        match self.kind {
            Kind::Prose => 60.0,
            Kind::Text => 28.0,
            Kind::Timestamp => 20.0,
            Kind::Int => (self.name.len() as f64 + 2.0).max(8.0),
            Kind::Code => (self.name.len() as f64 + 2.0).max(12.0),
        }
    }
}

const fn c(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        lang: None,
    }
}

const fn named(name: &'static str, lang: Lang) -> Column {
    Column {
        name,
        kind: Kind::Text,
        lang: Some(lang),
    }
}

use Kind::{Code, Int, Prose, Text, Timestamp};
use Lang::{En, Ru};

pub const COMMITMENTS: &[Column] = &[
    c("commitment_code", Text),
    c("commitment_title", Prose),
    c("pillar", Int),
    c("theme", Text),
    c("country", Code),
    c("target_year", Int),
    c("status", Code),
    c("last_accepted_period", Code),
    c("document", Text),
    c("commitment_title_ru", Prose),
    c("illustrative", Int),
    c("track_id", Int),
    c("past_target_year", Int),
    named("pillar_name", En),
    named("pillar_name", Ru),
    named("country_name", En),
    named("country_name", Ru),
    named("status_label", En),
    named("status_label", Ru),
];

/// The progress report's columns before sensitivity (schema 17): the rows
/// of snapshots frozen before their files were kept are written with these.
pub const PROGRESS_V1: &[Column] = &[
    c("update_id", Int),
    c("commitment_code", Text),
    c("pillar", Int),
    c("country", Code),
    c("period", Code),
    c("status", Code),
    c("narrative_en", Prose),
    c("narrative_ru", Prose),
    c("evidence_url", Text),
    c("submitted_by", Text),
    c("submitted_at", Timestamp),
    c("reviewed_by", Text),
    c("reviewed_at", Timestamp),
    c("document", Text),
    c("theme", Text),
    c("revises_update_id", Code),
    c("demo", Int),
    named("pillar_name", En),
    named("pillar_name", Ru),
    named("country_name", En),
    named("country_name", Ru),
    named("status_label", En),
    named("status_label", Ru),
];

pub const PROGRESS: &[Column] = &[
    c("update_id", Int),
    c("commitment_code", Text),
    c("pillar", Int),
    c("country", Code),
    c("period", Code),
    c("status", Code),
    c("narrative_en", Prose),
    c("narrative_ru", Prose),
    c("evidence_url", Text),
    c("submitted_by", Text),
    c("submitted_at", Timestamp),
    c("reviewed_by", Text),
    c("reviewed_at", Timestamp),
    c("document", Text),
    c("theme", Text),
    c("revises_update_id", Code),
    c("demo", Int),
    // Who may read the row's words; where the reader may not, they are empty.
    c("sensitivity", Code),
    named("pillar_name", En),
    named("pillar_name", Ru),
    named("country_name", En),
    named("country_name", Ru),
    named("status_label", En),
    named("status_label", Ru),
];

const COUNTS: [Column; 6] = [
    c("no_information", Int),
    c("not_started", Int),
    c("limited", Int),
    c("substantial", Int),
    c("complete", Int),
    c("total", Int),
];

const NAMES: [Column; 4] = [
    named("pillar_name", En),
    named("pillar_name", Ru),
    named("country_name", En),
    named("country_name", Ru),
];

pub const MATRIX: &[Column] = &[
    c("pillar", Int),
    c("country", Code),
    COUNTS[0],
    COUNTS[1],
    COUNTS[2],
    COUNTS[3],
    COUNTS[4],
    COUNTS[5],
    NAMES[0],
    NAMES[1],
    NAMES[2],
    NAMES[3],
];

pub const TIMELINE: &[Column] = &[
    c("year", Int),
    c("pillar", Int),
    c("country", Code),
    COUNTS[0],
    COUNTS[1],
    COUNTS[2],
    COUNTS[3],
    COUNTS[4],
    COUNTS[5],
    NAMES[0],
    NAMES[1],
    NAMES[2],
    NAMES[3],
];

/// The positions of the columns a report in `lang` keeps, in order.
pub fn kept(columns: &[Column], lang: Lang) -> Vec<usize> {
    columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.lang.is_none_or(|l| l == lang))
        .map(|(i, _)| i)
        .collect()
}
