//! Citable snapshots: an administrator freezes the four reports as of a
//! day. Their rows are stored, and every file offered (CSV, CSV with `;`,
//! XLSX; English and Russian names) is kept as written, gzipped, with its
//! SHA-256, so that a download years later is the same bytes even after
//! the interface's words, the names or the XLSX layout changed. Files
//! frozen before the bytes were kept are written again from their rows and
//! checked against their checksum.

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::{Format, Output, Report, ReportQuery};
use crate::auth::secret::hex;
use crate::db::tracks::TrackFilter;
use crate::db::{OptionalRow, on_unique, parsed};
use crate::domain::{AsOf, Lang, Msg, SnapshotName};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub id: i64,
    pub name: String,
    pub as_of: String,
    /// Query-string pairs of the filters it was frozen with.
    pub filters: Vec<(String, String)>,
    pub created_at: String,
    pub created_by: String,
}

#[derive(Debug, Clone)]
pub struct SnapshotFile {
    pub report: Report,
    pub format: Format,
    pub lang: Lang,
    pub sha256: String,
    pub size: i64,
}

impl SnapshotFile {
    /// The file's name and the query that picks this variant of it:
    /// `progress.csv?lang=ru&sep=semicolon`.
    pub fn file_and_query(&self) -> String {
        let mut q = Vec::new();
        if self.lang != Lang::En {
            q.push(format!("lang={}", self.lang.code()));
        }
        if self.format == Format::CsvSemicolon {
            q.push("sep=semicolon".to_owned());
        }
        let q = if q.is_empty() {
            String::new()
        } else {
            format!("?{}", q.join("&"))
        };
        format!("{}.{}{q}", self.report.name(), self.format.extension())
    }
}

impl Snapshot {
    fn query(&self) -> ReportQuery {
        let get = |k: &str| {
            self.filters
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        };
        ReportQuery {
            pillar: get("pillar"),
            country: get("country"),
            theme: get("theme"),
            status: get("status"),
            from: get("from"),
            to: get("to"),
            as_of: Some(self.as_of.clone()),
            ..ReportQuery::default()
        }
    }

    /// How a file of this snapshot is written: its time of freezing stands
    /// for the time of generation, so the bytes never change.
    pub fn output(&self, format: Format, lang: Lang) -> Output {
        Output {
            format,
            lang,
            filters: self.filters.clone(),
            as_of: Some(self.as_of.clone()),
            generated_at: self.created_at.clone(),
            snapshot: Some(self.name.clone()),
        }
    }

    pub fn filter(&self) -> AppResult<TrackFilter> {
        let mut f = self.query().to_filter()?;
        f.known_at = Some(self.created_at.clone());
        Ok(f)
    }
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Snapshot> {
    let filters: String = r.get("filters")?;
    Ok(Snapshot {
        id: r.get("id")?,
        name: r.get("name")?,
        as_of: r.get("as_of")?,
        filters: serde_json::from_str(&filters).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
        })?,
        created_at: r.get("created_at")?,
        created_by: r.get("created_by_name")?,
    })
}

const SELECT: &str =
    "SELECT s.id, s.name, s.as_of, s.filters, s.created_at, u.name AS created_by_name
                      FROM snapshots s JOIN users u ON u.id = s.created_by";

pub fn list(conn: &Connection) -> AppResult<Vec<Snapshot>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY s.as_of DESC, s.id DESC"))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: i64) -> AppResult<(Snapshot, Vec<SnapshotFile>)> {
    let snap = conn
        .query_row(&format!("{SELECT} WHERE s.id = ?1"), [id], row)
        .or_not_found()?;
    let mut stmt = conn.prepare_cached(
        "SELECT report, format, lang, sha256, size FROM snapshot_files WHERE snapshot_id = ?1",
    )?;
    let mut files = Vec::new();
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let format: String = r.get("format")?;
        let format = Format::ALL
            .into_iter()
            .find(|f| f.key() == format)
            .ok_or_else(|| anyhow::anyhow!("snapshot {id}: unknown format {format:?}"))?;
        files.push(SnapshotFile {
            report: parsed(r, "report")?,
            format,
            lang: parsed(r, "lang")?,
            sha256: r.get("sha256")?,
            size: r.get("size")?,
        });
    }
    let place = |f: &SnapshotFile| {
        (
            Report::ALL.iter().position(|r| *r == f.report),
            Format::ALL.iter().position(|x| *x == f.format),
            Lang::ALL.iter().position(|l| *l == f.lang),
        )
    };
    files.sort_by_key(place);
    Ok((snap, files))
}

/// A file of a snapshot, checked against the checksum taken at freezing.
pub fn file(
    conn: &Connection,
    id: i64,
    report: Report,
    format: Format,
    lang: Lang,
    out: &mut (dyn std::io::Write + Send),
) -> AppResult<(Snapshot, bool)> {
    let (snap, files) = get(conn, id)?;
    let expected = files
        .iter()
        .find(|f| f.report == report && f.format == format && f.lang == lang)
        .ok_or_else(|| AppError::Invalid {
            field: None,
            message: Msg::new("err-snapshot-no-xlsx"),
        })?;
    let kept: Option<Vec<u8>> = conn.query_row(
        "SELECT content FROM snapshot_files
         WHERE snapshot_id = ?1 AND report = ?2 AND format = ?3 AND lang = ?4",
        params![id, report.name(), format.key(), lang.code()],
        |r| r.get(0),
    )?;
    // Hashed on its way out: the caller sends nothing before the sum is
    // checked, and the file is never held whole.
    // Need to know wins over the frozen bytes: an update restricted since
    // freezing has its words left out of a file written again, for whom
    // the frozen one would still show them.
    if report == Report::Progress && restricted_since(conn, &snap.created_at)? {
        let filter = snap.filter()?;
        report.write(conn, &filter, &snap.output(format, lang), out)?;
        return Ok((snap, true));
    }
    let mut hashed = Hashed {
        out,
        hash: Sha256::default(),
    };
    match kept {
        Some(gz) => {
            std::io::copy(&mut GzDecoder::new(gz.as_slice()), &mut hashed)
                .map_err(anyhow::Error::from)?;
        }
        None => {
            let raw: Vec<u8> = conn
                .query_row(
                    "SELECT content FROM snapshot_reports WHERE snapshot_id = ?1 AND report = ?2",
                    params![id, report.name()],
                    |r| r.get(0),
                )
                .or_not_found()?;
            report.replay(&raw, &snap.output(format, lang), &mut hashed)?;
        }
    }
    let got = hex(&hashed.hash.finalize());
    if got != expected.sha256 {
        return Err(AppError::Internal(anyhow::anyhow!(
            "snapshot {id} {} {} {}: checksum {got} differs from {} taken at freezing",
            report.name(),
            format.key(),
            lang.code(),
            expected.sha256
        )));
    }
    Ok((snap, false))
}

/// Whether any update was restricted after this moment.
fn restricted_since(conn: &Connection, at: &str) -> AppResult<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM update_sensitivity
                            WHERE set_at > ?1 AND sensitivity = 'restricted')",
        )?
        .query_row([at], |r| r.get(0))?)
}

/// A `Write` that keeps the SHA-256 of what passes on to `out`.
struct Hashed<'w> {
    out: &'w mut (dyn std::io::Write + Send),
    hash: Sha256,
}

impl std::io::Write for Hashed<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// What an administrator asks to freeze.
pub struct NewSnapshot {
    pub name: SnapshotName,
    pub as_of: AsOf,
    pub query: ReportQuery,
}

impl NewSnapshot {
    pub fn parse(name: &str, as_of: &str, query: ReportQuery) -> AppResult<NewSnapshot> {
        let name = SnapshotName::parse(name.trim()).map_err(|e| AppError::invalid("name", e))?;
        let as_of: AsOf = as_of.parse().map_err(|e| AppError::invalid("as_of", e))?;
        if as_of.day() > chrono::Utc::now().date_naive() {
            return Err(AppError::Invalid {
                field: Some("as_of"),
                message: Msg::new("err-snapshot-future"),
            });
        }
        let query = ReportQuery {
            as_of: Some(as_of.day().format("%Y-%m-%d").to_string()),
            q: None,
            lang: None,
            sep: None,
            ..query
        };
        query.to_filter()?;
        Ok(NewSnapshot { name, as_of, query })
    }
}

/// Whether a snapshot of this name exists already.
pub fn name_exists(conn: &Connection, name: &str) -> AppResult<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM snapshots WHERE name = ?1",
            [name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Reads all four reports of `draft` in one read transaction: one
/// consistent state of the record.
pub fn build_consistent(conn: &Connection, draft: &Snapshot) -> AppResult<Built> {
    conn.execute_batch("BEGIN")?;
    let result = build(conn, draft);
    conn.execute_batch("COMMIT")?;
    result
}

/// Stores a frozen snapshot: its reports' rows and its files' checksums.
pub fn insert(
    tx: &Transaction,
    draft: &Snapshot,
    by: i64,
    (contents, files): &Built,
) -> AppResult<i64> {
    let inserted = tx.execute(
        "INSERT INTO snapshots (name, as_of, filters, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            draft.name,
            draft.as_of,
            serde_json::to_string(&draft.filters).map_err(anyhow::Error::from)?,
            draft.created_at,
            by
        ],
    );
    on_unique(inserted, "name", Msg::new("err-snapshot-name-taken"))?;
    let id = tx.last_insert_rowid();
    for (report, rows, content) in contents {
        tx.execute(
            "INSERT INTO snapshot_reports (snapshot_id, report, rows, content) VALUES (?1, ?2, ?3, ?4)",
            params![id, report.name(), i64::try_from(*rows).unwrap_or(i64::MAX), content],
        )?;
    }
    for Frozen { file: f, gz } in files {
        tx.execute(
            "INSERT INTO snapshot_files (snapshot_id, report, format, lang, sha256, size, content)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                f.report.name(),
                f.format.key(),
                f.lang.code(),
                f.sha256,
                f.size,
                gz
            ],
        )?;
    }
    Ok(id)
}

pub fn name_taken() -> AppError {
    AppError::Invalid {
        field: Some("name"),
        message: Msg::new("err-snapshot-name-taken"),
    }
}

/// A `Write` that keeps the SHA-256 and the length of what passes, and
/// the bytes gzipped: a large report is never held uncompressed.
struct Digest256 {
    hash: Sha256,
    size: u64,
    gz: GzEncoder<Vec<u8>>,
}

impl Default for Digest256 {
    fn default() -> Self {
        Digest256 {
            hash: Sha256::default(),
            size: 0,
            gz: GzEncoder::new(Vec::new(), Compression::default()),
        }
    }
}

impl std::io::Write for Digest256 {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.hash.update(buf);
        self.size += buf.len() as u64;
        self.gz.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A file as frozen: what is listed, and its bytes gzipped.
pub struct Frozen {
    pub file: SnapshotFile,
    gz: Vec<u8>,
}

/// Each report's rows, and the files offered with their checksums.
pub type Built = (Vec<(Report, u64, Vec<u8>)>, Vec<Frozen>);

fn build(conn: &Connection, snap: &Snapshot) -> AppResult<Built> {
    let filter = snap.filter()?;
    let mut contents = Vec::new();
    let mut files = Vec::new();
    for report in Report::ALL {
        let (raw, rows) = report.raw(conn, &filter)?;
        for format in Format::ALL {
            for lang in Lang::ALL {
                // Hashed as written: a large report is never held twice.
                let digest = Digest256::default();
                let digest = match report.replay(&raw, &snap.output(format, lang), digest) {
                    Ok(d) => d,
                    // Too many rows for one Excel sheet: that file is not offered.
                    Err(AppError::Invalid { .. }) if format == Format::Xlsx => continue,
                    Err(e) => return Err(e),
                };
                files.push(Frozen {
                    file: SnapshotFile {
                        report,
                        format,
                        lang,
                        sha256: hex(&digest.hash.finalize()),
                        size: i64::try_from(digest.size).unwrap_or(i64::MAX),
                    },
                    gz: digest.gz.finish().map_err(anyhow::Error::from)?,
                });
            }
        }
        contents.push((report, rows, raw));
    }
    Ok((contents, files))
}
