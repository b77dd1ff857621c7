//! XLSX for every report: one data sheet with a frozen, bold header row,
//! typed cells (numbers, date-times) and fixed column widths, then an
//! "About" sheet that says what the file is. Written in constant-memory mode
//! so that a large report costs a temporary file, not RAM.

use rust_xlsxwriter::{DocProperties, Format, Workbook, XlsxError};

use super::columns::{Column, Kind};
use super::csv_out::Cell;
use super::sink::Sink;
use crate::domain::{Lang, Tr};

/// Excel's rows per sheet, header included.
pub const MAX_ROWS: u32 = 1_048_576;

/// What the About sheet says; also fixes the file's creation time so that
/// the same report of a snapshot gives the same bytes.
#[derive(Debug, Clone)]
pub struct About {
    pub report: &'static str,
    /// The message id of the report's description.
    pub description: &'static str,
    pub filters: Vec<(String, String)>,
    pub as_of: Option<String>,
    /// UTC, as the database writes it.
    pub generated_at: String,
    pub snapshot: Option<String>,
    pub lang: Lang,
}

fn xe(e: XlsxError) -> std::io::Error {
    match e {
        XlsxError::RowColumnLimitError => std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            "more rows than one Excel sheet holds",
        ),
        e => std::io::Error::other(e),
    }
}

fn timestamp(s: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.fZ").ok()
}

pub struct XlsxSink {
    workbook: Workbook,
    kinds: Vec<Kind>,
    row: u32,
    datetime: Format,
}

impl XlsxSink {
    pub fn new(columns: &[&Column]) -> std::io::Result<Self> {
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = workbook.add_worksheet_with_constant_memory().map_err(xe)?;
        sheet.set_name("Report").map_err(xe)?;
        for (i, c) in columns.iter().enumerate() {
            let col = u16::try_from(i).map_err(std::io::Error::other)?;
            sheet.set_column_width(col, c.width()).map_err(xe)?;
            sheet
                .write_string_with_format(0, col, c.name, &bold)
                .map_err(xe)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xe)?;
        Ok(XlsxSink {
            workbook,
            kinds: columns.iter().map(|c| c.kind).collect(),
            row: 1,
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        })
    }

    pub fn finish(mut self, about: &About) -> std::io::Result<Vec<u8>> {
        let created = timestamp(&about.generated_at)
            .ok_or_else(|| std::io::Error::other("bad generation time"))?;
        let bold = Format::new().set_bold();
        let sheet = self.workbook.add_worksheet();
        sheet.set_name("About").map_err(xe)?;
        sheet.set_column_width(0, 22).map_err(xe)?;
        sheet.set_column_width(1, 80).map_err(xe)?;
        let tr = Tr::new(about.lang);
        let or = |v: &Option<String>, id: &str| v.clone().unwrap_or_else(|| tr.t(id));
        let mut lines: Vec<(String, String)> = vec![
            (tr.t("about-source"), "jpoa-tracker".into()),
            (tr.t("about-report"), about.report.to_owned()),
            (tr.t("about-description"), tr.t(about.description)),
            (tr.t("about-rows"), (self.row - 1).to_string()),
            (tr.t("about-as-of"), or(&about.as_of, "about-as-of-none")),
            (tr.t("about-generated"), about.generated_at.clone()),
            (
                tr.t("about-snapshot"),
                or(&about.snapshot, "about-snapshot-none"),
            ),
            (tr.t("about-lang"), about.lang.code().to_owned()),
        ];
        if about.filters.is_empty() {
            lines.push((tr.t("about-filters"), tr.t("about-filters-none")));
        }
        for (k, v) in &about.filters {
            lines.push((
                tr.t_args("about-filter", &[("name", k.as_str().into())]),
                v.clone(),
            ));
        }
        for (i, (k, v)) in lines.iter().enumerate() {
            let r = u32::try_from(i).map_err(std::io::Error::other)?;
            sheet.write_string_with_format(r, 0, k, &bold).map_err(xe)?;
            sheet.write_string(r, 1, v).map_err(xe)?;
        }
        self.workbook.set_properties(
            &DocProperties::new()
                .set_title(format!("jpoa-tracker: {}", about.report))
                .set_author("jpoa-tracker")
                .set_creation_datetime(&created),
        );
        self.workbook.save_to_buffer().map_err(xe)
    }
}

impl Sink for XlsxSink {
    fn row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()> {
        if self.row >= MAX_ROWS {
            return Err(xe(XlsxError::RowColumnLimitError));
        }
        let r = self.row;
        let sheet = self.workbook.worksheet_from_index(0).map_err(xe)?;
        for (i, (cell, kind)) in cells.iter().zip(&self.kinds).enumerate() {
            let col = u16::try_from(i).map_err(std::io::Error::other)?;
            match (cell, kind) {
                (Cell::Int(n), _) => {
                    // Exact in a spreadsheet number up to 2^53.
                    #[allow(clippy::cast_precision_loss)]
                    sheet.write_number(r, col, *n as f64).map_err(xe)?;
                }
                (Cell::Plain(s), Kind::Timestamp) => match timestamp(s) {
                    Some(t) => {
                        sheet
                            .write_datetime_with_format(r, col, t, &self.datetime)
                            .map_err(xe)?;
                    }
                    None if s.is_empty() => {}
                    None => {
                        sheet.write_string(r, col, *s).map_err(xe)?;
                    }
                },
                (Cell::Text(s) | Cell::Plain(s), _) => {
                    if !s.is_empty() {
                        sheet.write_string(r, col, *s).map_err(xe)?;
                    }
                }
            }
        }
        self.row += 1;
        Ok(())
    }
}
