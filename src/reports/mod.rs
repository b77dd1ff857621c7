//! The four reports of CONTRACT.md. Each is written row by row to any
//! `Write`: a file for `jpoa-tracker export`, a chunked HTTP body for
//! `/reports/{name}.csv`; both go through the same code, byte for byte.

pub mod csv_out;
pub mod filters;
mod queries;
pub mod stream;

use std::io::Write;

use rusqlite::Connection;

use crate::db::tracks::TrackFilter;
use crate::error::AppResult;

pub use filters::ReportQuery;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Commitments,
    Progress,
    StatusMatrix,
    Timeline,
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

    pub fn describe(self) -> &'static str {
        match self {
            Report::Commitments => {
                "One row per track: each commitment for each country and the regional track, with its current status."
            }
            Report::Progress => {
                "One row per accepted progress update, with who submitted and who accepted it, and when."
            }
            Report::StatusMatrix => "Counts of tracks by status for each pillar and country.",
            Report::Timeline => {
                "Counts of tracks by status at the end of each year 2022–2031, for each pillar and country."
            }
        }
    }

    pub fn header(self) -> &'static [&'static str] {
        match self {
            Report::Commitments => queries::COMMITMENTS_HEADER,
            Report::Progress => queries::PROGRESS_HEADER,
            Report::StatusMatrix => queries::MATRIX_HEADER,
            Report::Timeline => queries::TIMELINE_HEADER,
        }
    }

    /// The file name a download gets, dated by the as-of day (or today).
    pub fn file_name(self, f: &TrackFilter) -> String {
        let day = f.as_of.map_or_else(
            || chrono::Utc::now().format("%Y-%m-%d").to_string(),
            |a| a.0.format("%Y-%m-%d").to_string(),
        );
        format!("jpoa-{}-{day}.csv", self.name())
    }

    /// Writes the whole report. Rows are streamed from the database; memory
    /// does not grow with the number of rows.
    pub fn write_csv<W: Write>(self, conn: &Connection, f: &TrackFilter, out: W) -> AppResult<W> {
        match self {
            Report::Commitments => queries::commitments(conn, f, out),
            Report::Progress => queries::progress(conn, f, out),
            Report::StatusMatrix => queries::status_matrix(conn, f, out),
            Report::Timeline => queries::timeline(conn, f, out),
        }
    }
}

impl std::str::FromStr for Report {
    type Err = crate::domain::Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Report::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| {
                crate::domain::Invalid::new(
                    "report must be commitments, progress, status-matrix or timeline",
                )
            })
    }
}
