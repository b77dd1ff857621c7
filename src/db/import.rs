//! `import commitments`: loads or updates commitments and their tracks from
//! CSV (the official text of a plan). All or nothing: every line is checked
//! first and a single error leaves the database as it was.

use std::collections::{BTreeSet, HashMap};
use std::io::Read;

use rusqlite::{OptionalExtension, Transaction, params};

use crate::domain::{Country, Pillar, ThemeCode, is_hidden_format, now_utc};

pub const COLUMNS: [&str; 9] = [
    "document",
    "code",
    "pillar",
    "theme",
    "target_year",
    "title_en",
    "title_ru",
    "tracks",
    "illustrative",
];
const REQUIRED: [&str; 7] = [
    "document",
    "code",
    "pillar",
    "theme",
    "target_year",
    "title_en",
    "tracks",
];
const MAX_ERRORS: usize = 50;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub tracks_added: usize,
    pub tracks_removed: usize,
    pub themes_created: Vec<String>,
}

/// One problem with the file: where it is (line, column and the column's
/// name, when there is one) and what is wrong, in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<u64>,
    pub column: Option<usize>,
    pub name: Option<String>,
    pub text: String,
}

impl Problem {
    fn at(line: u64, text: impl Into<String>) -> Problem {
        Problem {
            line: Some(line),
            column: None,
            name: None,
            text: text.into(),
        }
    }

    fn cell(line: u64, column: usize, name: Option<&str>, text: impl Into<String>) -> Problem {
        Problem {
            line: Some(line),
            column: Some(column),
            name: name.map(str::to_owned),
            text: text.into(),
        }
    }

    fn whole(text: impl Into<String>) -> Problem {
        Problem {
            line: None,
            column: None,
            name: None,
            text: text.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}")?;
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
                if let Some(name) = &self.name {
                    write!(f, " ({name})")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.text)
    }
}

/// Why nothing was imported: the file's problems, every one found, or the
/// database failing (which is not the file's fault).
#[derive(Debug)]
pub enum ImportError {
    Rejected(Vec<Problem>),
    Database(anyhow::Error),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Rejected(problems) => {
                let all: Vec<String> = problems.iter().map(ToString::to_string).collect();
                write!(f, "{}", all.join("; "))
            }
            ImportError::Database(e) => write!(f, "database error: {e}"),
        }
    }
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Database(e.into())
    }
}

/// One checked line of the file.
#[derive(Debug)]
pub struct Row {
    line: u64,
    document_id: i64,
    code: String,
    pillar: Pillar,
    theme: ThemeCode,
    target_year: i64,
    title_en: String,
    title_ru: String,
    tracks: BTreeSet<Country>,
    illustrative: bool,
}

impl Row {
    /// The line of the file it came from.
    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn document_id(&self) -> i64 {
        self.document_id
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn target_year(&self) -> i64 {
        self.target_year
    }

    pub fn tracks(&self) -> &BTreeSet<Country> {
        &self.tracks
    }
}

fn text(field: &str, value: &str, max: usize, required: bool) -> Result<String, String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(format!("{field} is empty"));
    }
    if v.chars().count() > max {
        return Err(format!("{field} is longer than {max} characters"));
    }
    if v.chars()
        .any(|c| (c.is_control() && c != '\n') || is_hidden_format(c))
    {
        return Err(format!(
            "{field} contains a control or invisible formatting character"
        ));
    }
    Ok(v.to_owned())
}

/// Checks every line, then writes them all inside `tx`. The caller commits.
pub fn import_commitments(
    tx: &Transaction,
    input: impl Read,
    progress: &mut dyn FnMut(usize),
) -> Result<Summary, ImportError> {
    let documents: HashMap<String, i64> = {
        let mut stmt = tx.prepare("SELECT code, id FROM documents")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let parsed = parse_commitments(input, &documents)?;
    write_rows(tx, &parsed, progress).map_err(|e| match e {
        WriteError::Db(e) => e.into(),
        WriteError::Row(p) => ImportError::Rejected(vec![p]),
    })
}

/// Reads and checks every line against the known documents (code → id),
/// without touching the database: the rows to write, or every problem
/// found, each naming its line. Also the entry point of the fuzz target.
pub fn parse_commitments(
    mut input: impl Read,
    documents: &HashMap<String, i64>,
) -> Result<Vec<Row>, ImportError> {
    let mut data = Vec::new();
    input.read_to_end(&mut data).map_err(|e| {
        ImportError::Rejected(vec![Problem::at(1, format!("cannot read the file: {e}"))])
    })?;
    let mut lines = Lines::new(&data);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(data.as_slice());
    let header = reader
        .headers()
        .map_err(|e| {
            ImportError::Rejected(vec![Problem::at(
                1,
                format!("cannot read the header: {}", csv_error_text(&e)),
            )])
        })?
        .clone();
    let mut index = HashMap::new();
    let mut errors = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        if !COLUMNS.contains(&name) {
            errors.push(Problem::cell(
                1,
                i + 1,
                None,
                format!("unknown column '{name}' (expected {})", COLUMNS.join(", ")),
            ));
        } else if index.insert(name.to_owned(), i).is_some() {
            errors.push(Problem::cell(
                1,
                i + 1,
                None,
                format!("column '{name}' appears twice"),
            ));
        }
    }
    for name in REQUIRED {
        if !index.contains_key(name) {
            errors.push(Problem::at(1, format!("missing column '{name}'")));
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Rejected(errors));
    }

    let mut parsed = Vec::new();
    let mut seen: HashMap<(i64, String), u64> = HashMap::new();
    for record in reader.records() {
        if errors.len() >= MAX_ERRORS {
            errors.push(Problem::whole("too many errors; stopped checking"));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                errors.push(Problem::at(line, csv_error_text(&e)));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        let col = |name: &str| index.get(name).map(|&i| (i + 1, &record[i]));
        let mut row_errors = Vec::new();
        let mut check = |name: &str, r: Result<(), String>| {
            if let Err(msg) = r {
                let column = index.get(name).map_or(0, |i| i + 1);
                row_errors.push(Problem::cell(line, column, Some(name), msg));
            }
        };
        let (_, doc) = col("document").unwrap_or((0, ""));
        let document_id = documents.get(doc.trim()).copied();
        check(
            "document",
            document_id
                .map(|_| ())
                .ok_or_else(|| format!("unknown document '{}'", doc.trim())),
        );
        let code = text("code", col("code").map_or("", |c| c.1), 40, true);
        check("code", code.as_ref().map(|_| ()).map_err(Clone::clone));
        let pillar = col("pillar").map_or("", |c| c.1).parse::<Pillar>();
        check(
            "pillar",
            pillar.as_ref().map(|_| ()).map_err(|e| e.to_string()),
        );
        let theme = col("theme").map_or("", |c| c.1).parse::<ThemeCode>();
        check(
            "theme",
            theme.as_ref().map(|_| ()).map_err(|e| e.to_string()),
        );
        let year = col("target_year")
            .map_or("", |c| c.1)
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|y| (2022..=2031).contains(y));
        check(
            "target_year",
            year.map(|_| ())
                .ok_or_else(|| "must be a year from 2022 to 2031".into()),
        );
        let title_en = text("title_en", col("title_en").map_or("", |c| c.1), 2000, true);
        check(
            "title_en",
            title_en.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let title_ru = text("title_ru", col("title_ru").map_or("", |c| c.1), 2000, false);
        check(
            "title_ru",
            title_ru.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let tracks = parse_tracks(col("tracks").map_or("", |c| c.1));
        check("tracks", tracks.as_ref().map(|_| ()).map_err(Clone::clone));
        let illustrative = match col("illustrative").map_or("", |c| c.1).trim() {
            "" | "0" => Ok(false),
            "1" => Ok(true),
            _ => Err("must be 0 or 1".to_string()),
        };
        check(
            "illustrative",
            illustrative.as_ref().map(|_| ()).map_err(Clone::clone),
        );

        if !row_errors.is_empty() {
            errors.extend(row_errors);
            continue;
        }
        let (document_id, code) = (document_id.unwrap_or_default(), code.unwrap_or_default());
        if let Some(first) = seen.insert((document_id, code.clone()), line) {
            errors.push(Problem::cell(
                line,
                index["code"] + 1,
                Some("code"),
                format!("code '{code}' already appears on line {first}"),
            ));
            continue;
        }
        parsed.push(Row {
            line,
            document_id,
            code,
            pillar: pillar
                .map_err(|e| ImportError::Rejected(vec![Problem::whole(e.to_string())]))?,
            theme: theme.map_err(|e| ImportError::Rejected(vec![Problem::whole(e.to_string())]))?,
            target_year: year.unwrap_or_default(),
            title_en: title_en.unwrap_or_default(),
            title_ru: title_ru.unwrap_or_default(),
            tracks: tracks.unwrap_or_default(),
            illustrative: illustrative.unwrap_or_default(),
        });
    }
    if !errors.is_empty() {
        return Err(ImportError::Rejected(errors));
    }
    if parsed.is_empty() {
        return Err(ImportError::Rejected(vec![Problem::whole(
            "the file has no commitments",
        )]));
    }
    Ok(parsed)
}

/// The line a record starts on, counted from the bytes: the csv crate's own
/// count runs one short after CRLF line ends (what Excel writes) and after a
/// blank line (BurntSushi/rust-csv#395, #208). Records come in order, so the
/// count moves forward only.
struct Lines<'a> {
    data: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(data: &'a [u8]) -> Self {
        Lines {
            data,
            pos: 0,
            line: 1,
        }
    }

    fn at(&mut self, byte: u64) -> u64 {
        let mut end = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.data.len());
        // The csv reader may leave a record's start on the line end before it.
        while end < self.data.len() && matches!(self.data[end], b'\r' | b'\n') {
            end += 1;
        }
        while self.pos < end {
            // \n, \r\n and a lone \r each end one line.
            let b = self.data[self.pos];
            if b == b'\n' || (b == b'\r' && self.data.get(self.pos + 1) != Some(&b'\n')) {
                self.line += 1;
            }
            self.pos += 1;
        }
        self.line
    }
}

fn csv_error_text(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 (save the file as CSV UTF-8)".into(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("has {len} fields where the header has {expected_len}"),
        _ => format!("is not valid CSV: {e}"),
    }
}

fn parse_tracks(s: &str) -> Result<BTreeSet<Country>, String> {
    let mut out = BTreeSet::new();
    for part in s.split(|c: char| c.is_whitespace() || c == ';' || c == ',') {
        if part.is_empty() {
            continue;
        }
        let country: Country = part.parse().map_err(|_| {
            format!("'{part}' is not a track; use KZ, KG, TJ, TM, UZ or REG separated by spaces")
        })?;
        if !out.insert(country) {
            return Err(format!("'{part}' is listed twice"));
        }
    }
    if out.is_empty() {
        return Err("lists no track".into());
    }
    Ok(out)
}

enum WriteError {
    Db(rusqlite::Error),
    Row(Problem),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Db(e)
    }
}

fn write_rows(
    tx: &Transaction,
    rows: &[Row],
    progress: &mut dyn FnMut(usize),
) -> Result<Summary, WriteError> {
    let now = now_utc();
    let mut summary = Summary {
        rows: rows.len(),
        ..Summary::default()
    };
    for (i, row) in rows.iter().enumerate() {
        let theme_known: bool = tx
            .query_row(
                "SELECT 1 FROM themes WHERE code = ?1",
                [row.theme.as_str()],
                |_| Ok(true),
            )
            .optional()?
            .unwrap_or(false);
        if !theme_known {
            // The official text may bring themes the seeds lack; they are
            // created with their code as a name, and the summary says so.
            tx.execute(
                "INSERT INTO themes (code, name_en, name_ru) VALUES (?1, ?1, '')",
                [row.theme.as_str()],
            )?;
            summary.themes_created.push(row.theme.as_str().to_owned());
        }
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM commitments WHERE document_id = ?1 AND code = ?2",
                params![row.document_id, row.code],
                |r| r.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE commitments SET pillar = ?2, theme = ?3, target_year = ?4,
                        title_en = ?5, title_ru = ?6, illustrative = ?7, updated_at = ?8
                     WHERE id = ?1",
                    params![
                        id,
                        row.pillar.number(),
                        row.theme.as_str(),
                        row.target_year,
                        row.title_en,
                        row.title_ru,
                        row.illustrative,
                        now
                    ],
                )?;
                summary.updated += 1;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO commitments (document_id, code, pillar, theme, target_year,
                        title_en, title_ru, illustrative, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                    params![
                        row.document_id,
                        row.code,
                        row.pillar.number(),
                        row.theme.as_str(),
                        row.target_year,
                        row.title_en,
                        row.title_ru,
                        row.illustrative,
                        now
                    ],
                )?;
                summary.created += 1;
                tx.last_insert_rowid()
            }
        };
        let current: Vec<(i64, String, i64)> = {
            let mut stmt = tx.prepare(
                "SELECT t.id, t.country, (SELECT count(*) FROM updates u WHERE u.track_id = t.id)
                 FROM tracks t WHERE t.commitment_id = ?1",
            )?;
            stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?
        };
        for (track_id, country, updates) in &current {
            if row.tracks.iter().any(|c| c.code() == country) {
                continue;
            }
            if *updates > 0 {
                return Err(WriteError::Row(Problem::at(
                    row.line,
                    format!(
                        "track {country} of {} has progress updates and cannot be removed",
                        row.code
                    ),
                )));
            }
            tx.execute("DELETE FROM tracks WHERE id = ?1", [track_id])?;
            summary.tracks_removed += 1;
        }
        for country in &row.tracks {
            if current.iter().any(|(_, c, _)| c == country.code()) {
                continue;
            }
            tx.execute(
                "INSERT INTO tracks (commitment_id, country) VALUES (?1, ?2)",
                params![id, country.code()],
            )?;
            summary.tracks_added += 1;
        }
        progress(i + 1);
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_lines(csv: &str) -> Vec<String> {
        let documents = HashMap::from([("JPOA-2022".to_owned(), 1)]);
        match parse_commitments(csv.as_bytes(), &documents) {
            Ok(_) => vec![],
            Err(ImportError::Rejected(problems)) => {
                problems.iter().map(ToString::to_string).collect()
            }
            Err(e) => vec![e.to_string()],
        }
    }

    #[test]
    fn errors_name_the_line_whatever_the_line_ends() {
        let header = "document,code,pillar,theme,target_year,title_en,tracks";
        let good = "JPOA-2022,P1,1,youth,2024,Title,KZ";
        let bad = "JPOA-2022,P2,9,youth,2024,Title,KZ";
        for end in ["\n", "\r\n", "\r"] {
            for bom in ["", "\u{feff}"] {
                let csv = [
                    header,
                    good,
                    "\"multi",
                    "line\",x,1,youth,2024,T,KZ",
                    bad,
                    "",
                ]
                .join(end);
                let csv = format!("{bom}{csv}");
                let errs = error_lines(&csv);
                assert!(
                    errs.iter()
                        .any(|e| e.starts_with("line 3, column 1 (document)")),
                    "{end:?} {errs:?}"
                );
                assert!(
                    errs.iter()
                        .any(|e| e.starts_with("line 5, column 3 (pillar)")),
                    "{end:?} {errs:?}"
                );
                assert_eq!(errs.len(), 2, "{errs:?}");
            }
        }
        // A blank line is still a line.
        let csv = format!("{header}\n{good}\n\n{bad}\n");
        let errs = error_lines(&csv);
        assert!(errs[0].starts_with("line 4, column 3 (pillar)"), "{errs:?}");
    }
}
