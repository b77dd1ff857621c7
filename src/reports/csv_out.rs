//! The one CSV writer: UTF-8 with BOM (so Excel reads Cyrillic), CRLF,
//! RFC 4180 quoting, and formula-leading text neutralised (OWASP CSV injection).

use std::borrow::Cow;
use std::io::Write;

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Prefixes `'` to text a spreadsheet would run as a formula. Quoting alone
/// does not stop Excel evaluating `=...` in a quoted cell.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\0') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A cell: user text is neutralised, values the program generates are not.
pub enum Cell<'a> {
    Text(&'a str),
    Plain(&'a str),
    Int(i64),
}

pub struct ExcelCsv<W: Write> {
    inner: csv::Writer<W>,
    buf: Vec<String>,
}

impl<W: Write> ExcelCsv<W> {
    pub fn new(mut out: W, header: &[&str]) -> std::io::Result<Self> {
        out.write_all(BOM)?;
        let mut inner = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out);
        inner.write_record(header)?;
        Ok(ExcelCsv {
            inner,
            buf: Vec::new(),
        })
    }

    pub fn row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()> {
        self.buf.clear();
        for c in cells {
            self.buf.push(match c {
                Cell::Text(s) => neutralise(s).into_owned(),
                Cell::Plain(s) => (*s).to_owned(),
                Cell::Int(n) => n.to_string(),
            });
        }
        self.inner.write_record(&self.buf)?;
        Ok(())
    }

    pub fn finish(self) -> std::io::Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}
