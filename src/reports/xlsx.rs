//! XLSX for every report: one data sheet with a frozen, bold header row
//! under an autofilter, typed cells (numbers, date-times), fixed column
//! widths with long text wrapped, and a print setup (A4 landscape, one page
//! wide, the header row on every page, a footer saying what the pages are);
//! then an "About" sheet that says what the file is. Written in
//! constant-memory mode so that a large report costs a temporary file, not
//! RAM: rows go to disk as they come, while column formats must be set
//! before the first row and the sheet's other settings (autofilter, print
//! setup, footer) are written at `save`, so they can wait for the last row.

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, XlsxError};

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
    /// The message id of the report's title.
    pub title: &'static str,
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

/// Excel's paper size code for A4.
const A4: u8 = 9;

/// Excel's limit on a header or footer, control codes included, in UTF-16
/// code units; a longer one is dropped whole.
const FOOTER_MAX: usize = 255;

/// `text` as literal footer text, at most `budget` UTF-16 units: `&` starts
/// a control code there (`&P` is the page number), so it is doubled. A cut
/// falls between characters, never inside an `&&`, and ends with "…".
fn footer_text(text: &str, budget: usize) -> String {
    let width = |c: char| if c == '&' { 2 } else { c.len_utf16() };
    let whole: usize = text.chars().map(width).sum();
    let room = if whole <= budget {
        budget
    } else {
        budget.saturating_sub(1)
    };
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        used += width(ch);
        if used > room {
            if room > 0 {
                out.push('…');
            }
            break;
        }
        if ch == '&' {
            out.push('&');
        }
        out.push(ch);
    }
    out
}

/// The printed pages' footer: the report, its as-of day (or time of
/// generation), filters and snapshot on the left, "Page x of y" on the
/// right. The left side is cut, from its end, to what Excel allows.
fn footer(about: &About, tr: Tr) -> String {
    let as_of = about.as_of.clone().unwrap_or_else(|| {
        timestamp(&about.generated_at).map_or_else(
            || about.generated_at.clone(),
            |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
    });
    let filters = if about.filters.is_empty() {
        tr.t("about-filters-none")
    } else {
        let pairs: Vec<String> = about
            .filters
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        pairs.join(", ")
    };
    let mut left = format!(
        "jpoa-tracker: {} ({}) · {} {as_of} · {}: {filters}",
        tr.t(about.title),
        about.report,
        tr.t("about-as-of"),
        tr.t("about-filters"),
    );
    if let Some(name) = &about.snapshot {
        left.push_str(&format!(" · {}: {name}", tr.t("about-snapshot")));
    }
    // The message holds the control codes &P and &N and nothing to escape.
    let right = format!("&R{}", tr.t("xlsx-footer-page"));
    let budget = FOOTER_MAX.saturating_sub("&L".len() + right.encode_utf16().count());
    format!("&L{}{right}", footer_text(&left, budget))
}

enum AboutValue {
    Text(String),
    Number(u32),
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
        // A row grows to its longest narrative; the cells beside it start
        // at the top, next to the narrative's first line.
        let top = Format::new().set_align(FormatAlign::Top);
        let prose = top.clone().set_text_wrap();
        let sheet = workbook.add_worksheet_with_constant_memory().map_err(xe)?;
        sheet.set_name("Report").map_err(xe)?;
        for (i, c) in columns.iter().enumerate() {
            let col = u16::try_from(i).map_err(std::io::Error::other)?;
            sheet.set_column_width(col, c.width()).map_err(xe)?;
            // A column's format reaches every cell written without one; in
            // constant-memory mode only rows written after it is set.
            let format = if c.kind == Kind::Prose { &prose } else { &top };
            sheet.set_column_format(col, format).map_err(xe)?;
            sheet
                .write_string_with_format(0, col, c.name, &bold)
                .map_err(xe)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xe)?;
        sheet
            .set_landscape()
            .set_paper_size(A4)
            .set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0).map_err(xe)?;
        Ok(XlsxSink {
            workbook,
            kinds: columns.iter().map(|c| c.kind).collect(),
            row: 1,
            datetime: top.set_num_format("yyyy-mm-dd hh:mm:ss"),
        })
    }

    pub fn finish<W: std::io::Write + Send>(mut self, about: &About, w: W) -> std::io::Result<()> {
        let created = timestamp(&about.generated_at)
            .ok_or_else(|| std::io::Error::other("bad generation time"))?;
        let tr = Tr::new(about.lang);
        let rows = self.row - 1;
        let last_col =
            u16::try_from(self.kinds.len().saturating_sub(1)).map_err(std::io::Error::other)?;
        let data = self.workbook.worksheet_from_index(0).map_err(xe)?;
        data.autofilter(0, 0, rows, last_col).map_err(xe)?;
        data.set_footer(footer(about, tr));

        let bold = Format::new().set_bold();
        let sheet = self.workbook.add_worksheet();
        sheet.set_name("About").map_err(xe)?;
        sheet.set_column_width(0, 22).map_err(xe)?;
        sheet.set_column_width(1, 80).map_err(xe)?;
        let or = |v: &Option<String>, id: &str| v.clone().unwrap_or_else(|| tr.t(id));
        let text = |k: &str, v: String| (tr.t(k), AboutValue::Text(v));
        let mut lines = vec![
            text("about-source", "jpoa-tracker".into()),
            text("about-report", about.report.to_owned()),
            text("about-description", tr.t(about.description)),
            (tr.t("about-rows"), AboutValue::Number(rows)),
            text("about-as-of", or(&about.as_of, "about-as-of-none")),
            text("about-generated", about.generated_at.clone()),
            text("about-snapshot", or(&about.snapshot, "about-snapshot-none")),
            text("about-lang", about.lang.code().to_owned()),
        ];
        if about.filters.is_empty() {
            lines.push(text("about-filters", tr.t("about-filters-none")));
        }
        for (k, v) in &about.filters {
            lines.push((
                tr.t_args("about-filter", &[("name", k.as_str().into())]),
                AboutValue::Text(v.clone()),
            ));
        }
        let left = Format::new().set_align(FormatAlign::Left);
        for (i, (k, v)) in lines.iter().enumerate() {
            let r = u32::try_from(i).map_err(std::io::Error::other)?;
            sheet.write_string_with_format(r, 0, k, &bold).map_err(xe)?;
            match v {
                AboutValue::Text(v) => sheet.write_string(r, 1, v),
                // Left-aligned like the text above and below it.
                AboutValue::Number(n) => sheet.write_number_with_format(r, 1, *n, &left),
            }
            .map_err(xe)?;
        }
        self.workbook.set_properties(
            &DocProperties::new()
                .set_title(format!("jpoa-tracker: {}", about.report))
                .set_author("jpoa-tracker")
                .set_creation_datetime(&created),
        );
        self.workbook.save_to_writer(w).map_err(xe)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_text_doubles_ampersands_and_cuts_between_characters() {
        assert_eq!(footer_text("R&D", 10), "R&&D");
        assert_eq!(footer_text("&P", 10), "&&P", "never a page number");
        // Never half of "&&": the cut falls before the ampersand.
        assert_eq!(footer_text("абв&где", 5), "абв…");
        // An emoji is two UTF-16 units, as Excel counts.
        assert_eq!(footer_text("🚀🚀", 3), "🚀…");
        assert_eq!(footer_text("🚀🚀", 4), "🚀🚀");
        assert_eq!(footer_text("abc", 0), "");
    }

    #[test]
    fn a_long_footer_is_cut_to_what_excel_allows_and_keeps_the_page_number() {
        let about = About {
            report: "progress",
            title: "report-title-progress",
            description: "report-progress",
            filters: vec![("country".into(), "KZ".into())],
            as_of: Some("2026-06-30".into()),
            generated_at: "2026-07-01T10:00:00.000Z".into(),
            snapshot: Some(format!("R&D {}", "Обзор & итоги 🚀 ".repeat(30))),
            lang: Lang::Ru,
        };
        let f = footer(&about, Tr::new(Lang::Ru));
        assert!(f.encode_utf16().count() <= FOOTER_MAX, "{f}");
        assert!(
            f.starts_with("&Ljpoa-tracker: Ход работы: все принятые отчёты (progress) · По состоянию на 2026-06-30 · Фильтры: country=KZ · Снимок: R&&D Обзор && итоги"),
            "{f}"
        );
        assert!(f.ends_with("…&RСтр. &P из &N"), "{f}");
        // Every ampersand of the left part is one of a pair.
        let left = &f[2..f.rfind("&R").unwrap()];
        for run in left.split(|c| c != '&') {
            assert!(run.len() % 2 == 0, "{left}");
        }
    }
}
