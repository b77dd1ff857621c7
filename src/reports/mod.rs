//! The four reports of CONTRACT.md. Each is written row by row, in full,
//! into a sink that keeps the columns of one language and writes CSV (`,`
//! or `;`) or XLSX: to a file for `jpoa-tracker export`, to an HTTP body for
//! `/reports/{name}.csv|xlsx`, or to a snapshot's store, which replays
//! through the same writers, byte for byte.

pub mod audit;
pub mod columns;
pub mod csv_out;
pub mod filters;
mod names;
mod queries;
pub mod sink;
pub mod snapshots;
pub mod xlsx;

use crate::domain::{Invalid, Lang, Msg};
use std::io::Write;

use rusqlite::Connection;

use crate::db::tracks::TrackFilter;
use crate::error::AppResult;
use columns::Column;
use csv_out::ExcelCsv;
use sink::{Projected, RawSink, Sink};

pub use filters::ReportQuery;
pub use queries::{PROGRESS_SQL, yearly_matrices};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Commitments,
    Progress,
    StatusMatrix,
    Timeline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Csv,
    /// CSV with `;` between fields, for Excel in Russian and other locales
    /// whose decimal separator is a comma.
    CsvSemicolon,
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Csv, Format::CsvSemicolon, Format::Xlsx];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv | Format::CsvSemicolon => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// How the format is named in file names and snapshot listings.
    pub fn key(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::CsvSemicolon => "csv-semicolon",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv | Format::CsvSemicolon => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// From a file extension and the `sep` option (`semicolon` or `;`).
    pub fn from_parts(extension: &str, sep: Option<&str>) -> Result<Format, Invalid> {
        let semicolon = match sep.map(str::trim) {
            None | Some("" | "comma" | ",") => false,
            Some("semicolon" | ";") => true,
            Some(_) => return Err(Msg::new("invalid-sep").into()),
        };
        match (extension, semicolon) {
            ("csv", false) => Ok(Format::Csv),
            ("csv", true) => Ok(Format::CsvSemicolon),
            ("xlsx", false) => Ok(Format::Xlsx),
            ("xlsx", true) => Err(Msg::new("invalid-sep").into()),
            _ => Err(Msg::new("invalid-format").into()),
        }
    }
}

/// How a report is written, and what its XLSX "About" sheet says.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub lang: Lang,
    pub filters: Vec<(String, String)>,
    pub as_of: Option<String>,
    pub generated_at: String,
    pub snapshot: Option<String>,
}

impl Report {
    pub const ALL: [Report; 4] = [
        Report::Commitments,
        Report::Progress,
        Report::StatusMatrix,
        Report::Timeline,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Report::Commitments => "commitments",
            Report::Progress => "progress",
            Report::StatusMatrix => "status-matrix",
            Report::Timeline => "timeline",
        }
    }

    /// The message id of what the report holds.
    /// The message id of the report's title, as people call it.
    pub fn title_id(self) -> &'static str {
        match self {
            Report::Commitments => "report-title-commitments",
            Report::Progress => "report-title-progress",
            Report::StatusMatrix => "report-title-status-matrix",
            Report::Timeline => "report-title-timeline",
        }
    }

    pub fn describe_id(self) -> &'static str {
        match self {
            Report::Commitments => "report-commitments",
            Report::Progress => "report-progress",
            Report::StatusMatrix => "report-status-matrix",
            Report::Timeline => "report-timeline",
        }
    }

    /// Every column, name columns in both languages.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Report::Commitments => columns::COMMITMENTS,
            Report::Progress => columns::PROGRESS,
            Report::StatusMatrix => columns::MATRIX,
            Report::Timeline => columns::TIMELINE,
        }
    }

    /// The columns a report in `lang` has, in order.
    pub fn header(self, lang: Lang) -> Vec<&'static Column> {
        columns::kept(self.columns(), lang)
            .into_iter()
            .map(|i| &self.columns()[i])
            .collect()
    }

    /// The file name a download gets: the report, the as-of day (or
    /// today), or the snapshot's name and as-of day when it comes from one.
    pub fn file_name(self, f: &TrackFilter, out: &Output) -> String {
        let day = f.day().format("%Y-%m-%d");
        let mut name = match &out.snapshot {
            Some(s) => {
                // A name of marks alone ("—") has no slug; the file still says what it is.
                let s = Some(slug(s)).filter(|s| !s.is_empty());
                let s = s.as_deref().unwrap_or("snapshot");
                format!("jpoa-{}-{s}-as-of-{day}", self.name())
            }
            None => format!("jpoa-{}-{day}", self.name()),
        };
        if out.lang != Lang::En {
            name.push('-');
            name.push_str(out.lang.code());
        }
        if out.format == Format::CsvSemicolon {
            name.push_str("-semicolon");
        }
        format!("{name}.{}", out.format.extension())
    }

    fn rows(self, conn: &Connection, f: &TrackFilter, sink: &mut dyn Sink) -> AppResult<()> {
        match self {
            Report::Commitments => queries::commitments(conn, f, sink),
            Report::Progress => queries::progress(conn, f, sink),
            Report::StatusMatrix => queries::status_matrix(conn, f, sink),
            Report::Timeline => queries::timeline(conn, f, sink),
        }
    }

    /// Writes the report from the database. CSV is streamed row by row;
    /// XLSX rows go to a temporary file and the zip is written to `w` at
    /// the end, never whole in memory.
    pub fn write<W: Write + Send>(
        self,
        conn: &Connection,
        f: &TrackFilter,
        out: &Output,
        w: W,
    ) -> AppResult<W> {
        self.render(out, w, |sink| self.rows(conn, f, sink))
    }

    /// The stored form of a snapshot's report (every row, both languages)
    /// and its number of rows.
    pub fn raw(self, conn: &Connection, f: &TrackFilter) -> AppResult<(Vec<u8>, u64)> {
        let mut sink = RawSink::new(Vec::new());
        self.rows(conn, f, &mut sink)?;
        let rows = sink.rows();
        Ok((sink.finish().map_err(queries::io)?, rows))
    }

    /// Writes the stored rows of a snapshot frozen before its files were
    /// kept, as the live report did then (with the columns of then).
    pub fn replay<W: Write + Send>(self, raw: &[u8], out: &Output, w: W) -> AppResult<W> {
        let columns = match self {
            Report::Progress => columns::PROGRESS_V1,
            _ => self.columns(),
        };
        self.render_with(columns, out, w, |sink| {
            sink::replay(raw, columns, sink).map_err(queries::io)
        })
    }

    fn render<W: Write + Send>(
        self,
        out: &Output,
        w: W,
        fill: impl FnOnce(&mut dyn Sink) -> AppResult<()>,
    ) -> AppResult<W> {
        self.render_with(self.columns(), out, w, fill)
    }

    fn render_with<W: Write + Send>(
        self,
        columns: &'static [Column],
        out: &Output,
        mut w: W,
        fill: impl FnOnce(&mut dyn Sink) -> AppResult<()>,
    ) -> AppResult<W> {
        let header: Vec<&Column> = columns::kept(columns, out.lang)
            .into_iter()
            .map(|i| &columns[i])
            .collect();
        match out.format {
            Format::Csv | Format::CsvSemicolon => {
                let names: Vec<&str> = header.iter().map(|c| c.name).collect();
                let sep = if out.format == Format::Csv {
                    b','
                } else {
                    b';'
                };
                let mut csv = ExcelCsv::with_separator(w, &names, sep).map_err(queries::io)?;
                fill(&mut Projected::new(&mut csv, columns, out.lang))?;
                csv.finish().map_err(queries::io)
            }
            Format::Xlsx => {
                let mut x = xlsx::XlsxSink::new(&header).map_err(queries::io)?;
                fill(&mut Projected::new(&mut x, columns, out.lang))?;
                let about = xlsx::About {
                    report: self.name(),
                    title: self.title_id(),
                    description: self.describe_id(),
                    filters: out.filters.clone(),
                    as_of: out.as_of.clone(),
                    generated_at: out.generated_at.clone(),
                    snapshot: out.snapshot.clone(),
                    lang: out.lang,
                };
                x.finish(&about, &mut w).map_err(queries::io)?;
                Ok(w)
            }
        }
    }
}

/// A name as it may appear in a file name: letters and digits of any
/// script, the rest as single hyphens.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    // Cut first, then trim: a cut may end on a hyphen ("…-as-of-" would follow).
    let out: String = out.chars().take(60).collect();
    out.trim_end_matches('-').to_owned()
}

impl std::str::FromStr for Report {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Report::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| Invalid::from(Msg::new("invalid-report")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_named_without_letters_still_gives_a_file_name_that_says_so() {
        let out = |name: &str| Output {
            format: Format::Csv,
            lang: Lang::En,
            filters: Vec::new(),
            as_of: None,
            generated_at: String::new(),
            snapshot: Some(name.to_owned()),
        };
        let f = TrackFilter {
            as_of: Some("2026-06-30".parse().unwrap()),
            ..TrackFilter::default()
        };
        assert_eq!(
            Report::Progress.file_name(&f, &out("— ? —")),
            "jpoa-progress-snapshot-as-of-2026-06-30.csv"
        );
        assert_eq!(
            Report::Progress.file_name(&f, &out("Mid-term")),
            "jpoa-progress-mid-term-as-of-2026-06-30.csv"
        );
    }

    #[test]
    fn slugs_keep_letters_of_any_script_and_never_end_on_a_hyphen() {
        assert_eq!(
            slug("Mid-term review 2026 — Казахстан"),
            "mid-term-review-2026-казахстан"
        );
        // Cut at 60 characters right after a separator.
        let long = format!("{} tail", "a".repeat(59));
        assert_eq!(slug(&long), "a".repeat(59));
        assert_eq!(slug("  --  "), "");
    }
}
