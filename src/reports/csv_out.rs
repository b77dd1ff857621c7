//! The one CSV writer: UTF-8 with BOM (so Excel reads Cyrillic), CRLF,
//! RFC 4180 quoting, and formula-leading text neutralised (OWASP CSV injection).

use std::borrow::Cow;
use std::fmt::Write as _;
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
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    Text(&'a str),
    Plain(&'a str),
    Int(i64),
}

pub struct ExcelCsv<W: Write> {
    inner: csv::Writer<W>,
    /// Digits of a number cell, reused: a report writes millions of cells
    /// and none of them needs a string of its own.
    digits: String,
}

impl<W: Write> ExcelCsv<W> {
    pub fn new(out: W, header: &[&str]) -> std::io::Result<Self> {
        Self::with_separator(out, header, b',')
    }

    /// `;` is what Excel expects in Russian and most European locales.
    pub fn with_separator(mut out: W, header: &[&str], separator: u8) -> std::io::Result<Self> {
        out.write_all(BOM)?;
        let mut inner = csv::WriterBuilder::new()
            .delimiter(separator)
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out);
        inner.write_record(header)?;
        Ok(ExcelCsv {
            inner,
            digits: String::new(),
        })
    }

    pub fn row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()> {
        for c in cells {
            match c {
                Cell::Text(s) => self.inner.write_field(neutralise(s).as_bytes())?,
                Cell::Plain(s) => self.inner.write_field(s)?,
                Cell::Int(n) => {
                    self.digits.clear();
                    let _ = write!(self.digits, "{n}");
                    self.inner.write_field(&self.digits)?;
                }
            }
        }
        self.inner.write_record(None::<&[u8]>)?;
        Ok(())
    }

    pub fn finish(self) -> std::io::Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn round_trip(cells: &[String]) -> Vec<String> {
        let header: Vec<&str> = cells.iter().map(|_| "h").collect();
        let mut w = ExcelCsv::new(Vec::new(), &header).unwrap();
        let row: Vec<Cell<'_>> = cells.iter().map(|c| Cell::Text(c)).collect();
        w.row(&row).unwrap();
        let bytes = w.finish().unwrap();
        assert!(bytes.starts_with(BOM));
        let mut r = csv::ReaderBuilder::new().from_reader(&bytes[BOM.len()..]);
        r.records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect()
    }

    proptest! {
        #[test]
        fn no_cell_can_start_a_formula(s in "\\PC*|[=+\\-@\t\r\0].*") {
            let out = neutralise(&s);
            prop_assert!(!matches!(out.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\0')));
            // Nothing is lost: the original text follows the added quote.
            prop_assert!(out == s || out.strip_prefix('\'') == Some(s.as_str()));
        }

        #[test]
        fn text_survives_the_csv_file_exactly(cells in prop::collection::vec(any::<String>(), 1..5)) {
            let back = round_trip(&cells);
            let expected: Vec<String> = cells.iter().map(|c| neutralise(c).into_owned()).collect();
            prop_assert_eq!(back, expected);
        }
    }

    #[test]
    fn rows_end_with_crlf_and_quote_when_needed() {
        let mut w = ExcelCsv::new(Vec::new(), &["a", "b"]).unwrap();
        w.row(&[Cell::Text("x, \"y\""), Cell::Int(-3)]).unwrap();
        let bytes = w.finish().unwrap();
        assert_eq!(&bytes[3..], b"a,b\r\n\"x, \"\"y\"\"\",-3\r\n");
    }
}
