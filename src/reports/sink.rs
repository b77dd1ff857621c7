//! Where report rows go. Every report is written once, as full rows (both
//! languages' name columns), into a [`Sink`]; a [`Projected`] sink keeps the
//! columns of one language and hands them to CSV, XLSX or a snapshot's store.

use std::io::Write;

use super::columns::{Column, Kind, kept};
use super::csv_out::{Cell, ExcelCsv};
use crate::domain::Lang;

pub trait Sink {
    fn row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()>;
}

impl<W: Write> Sink for ExcelCsv<W> {
    fn row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()> {
        ExcelCsv::row(self, cells)
    }
}

/// Keeps the columns of one language.
pub struct Projected<'s, S: Sink + ?Sized> {
    inner: &'s mut S,
    keep: Vec<usize>,
}

impl<'s, S: Sink + ?Sized> Projected<'s, S> {
    pub fn new(inner: &'s mut S, columns: &[Column], lang: Lang) -> Self {
        Projected {
            inner,
            keep: kept(columns, lang),
        }
    }
}

impl<S: Sink + ?Sized> Sink for Projected<'_, S> {
    fn row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()> {
        let kept: Vec<Cell<'_>> = self
            .keep
            .iter()
            .filter_map(|i| cells.get(*i).copied())
            .collect();
        self.inner.row(&kept)
    }
}

/// A snapshot's stored form: full rows as plain CSV, not neutralised, so
/// that replaying them through any sink gives what the live report gave.
pub struct RawSink<W: Write> {
    inner: csv::Writer<W>,
    buf: Vec<String>,
    rows: u64,
}

impl<W: Write> RawSink<W> {
    pub fn new(out: W) -> Self {
        RawSink {
            inner: csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(out),
            buf: Vec::new(),
            rows: 0,
        }
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn finish(self) -> std::io::Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

impl<W: Write> Sink for RawSink<W> {
    fn row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()> {
        self.buf.clear();
        for c in cells {
            self.buf.push(match c {
                Cell::Text(s) | Cell::Plain(s) => (*s).to_owned(),
                Cell::Int(n) => n.to_string(),
            });
        }
        self.inner.write_record(&self.buf)?;
        self.rows += 1;
        Ok(())
    }
}

/// Feeds stored full rows back into a sink, typing each cell by its column.
pub fn replay(raw: &[u8], columns: &[Column], sink: &mut dyn Sink) -> std::io::Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(raw);
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(std::io::Error::other)?
    {
        let cells: Vec<Cell<'_>> = columns
            .iter()
            .zip(record.iter())
            .map(|(c, v)| match c.kind {
                Kind::Text | Kind::Prose => Cell::Text(v),
                Kind::Int => v.parse().map_or(Cell::Plain(v), Cell::Int),
                Kind::Code | Kind::Timestamp => Cell::Plain(v),
            })
            .collect();
        sink.row(&cells)?;
    }
    Ok(())
}
