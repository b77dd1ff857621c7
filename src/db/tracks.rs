//! A track's status at a point in time, computed from the append-only log:
//! the latest accepted update by period (ties go to the later acceptance).

use rusqlite::Connection;
use rusqlite::types::{ToSql, Value};

use crate::db::{parsed, parsed_opt};
use crate::domain::{AsOf, Country, Period, Pillar, ThemeCode, TrackStatus, Viewer};
use crate::error::AppResult;

/// Which tracks, and the record as of when. Shared by pages, API and reports.
#[derive(Debug, Clone, Default)]
pub struct TrackFilter {
    pub pillar: Option<Pillar>,
    pub country: Option<Country>,
    pub theme: Option<ThemeCode>,
    pub status: Option<TrackStatus>,
    /// Only updates for periods from..=to count.
    pub from: Option<Period>,
    pub to: Option<Period>,
    pub as_of: Option<AsOf>,
    pub commitment: Option<i64>,
    /// A snapshot's moment of freezing: what was accepted after it does not
    /// count even when `as_of` is that same day or later.
    pub known_at: Option<String>,
    /// Who the report is for: what updates say is left out where they may
    /// not read it. None: any signed-in partner (`Viewer::partners`).
    pub reader: Option<Viewer>,
}

impl TrackFilter {
    pub fn cutoff(&self) -> String {
        let day = self
            .as_of
            .map_or_else(|| "9999-12-31T23:59:59Z".to_owned(), AsOf::cutoff);
        match &self.known_at {
            Some(k) if *k < day => k.clone(),
            _ => day,
        }
    }

    /// Who the report is for.
    pub fn reader(&self) -> Viewer {
        self.reader.unwrap_or_else(Viewer::partners)
    }

    /// The day the record is looked at: the as-of date, or today (UTC).
    pub fn day(&self) -> chrono::NaiveDate {
        self.as_of
            .map_or_else(|| chrono::Utc::now().date_naive(), |a| a.day())
    }

    /// The named parameters every filtered query binds (`:cutoff`, `:pillar`, …).
    pub fn params(&self) -> Vec<(&'static str, Value)> {
        let (from_rank, to_rank) = self.rank_bounds();
        let text = |v: Option<&str>| v.map_or(Value::Null, |s| Value::Text(s.to_owned()));
        vec![
            (":cutoff", Value::Text(self.cutoff())),
            (":from_rank", Value::Integer(from_rank)),
            (":to_rank", Value::Integer(to_rank)),
            (
                ":pillar",
                self.pillar
                    .map_or(Value::Null, |p| Value::Integer(i64::from(p.number()))),
            ),
            (":country", text(self.country.map(|c| c.code()))),
            (":theme", text(self.theme.as_ref().map(|t| t.as_str()))),
            (":status", text(self.status.map(|s| s.as_str()))),
            (
                ":commitment",
                self.commitment.map_or(Value::Null, Value::Integer),
            ),
        ]
    }

    /// The period ranks looked at. Nothing can have been accepted by an
    /// as-of day for a period that had not begun by then (the schema refuses
    /// such reports), so the upper bound stops at that day's year: an as-of
    /// query never steps over the years after it.
    pub fn rank_bounds(&self) -> (i64, i64) {
        let known = self.as_of.map_or(99_999, |a| {
            i64::from(chrono::Datelike::year(&a.day())) * 10 + 2
        });
        (
            self.from.map_or(0, Period::start_rank),
            self.to.map_or(known, Period::rank).min(known),
        )
    }
}

/// Borrows owned parameters in the form rusqlite's named binding takes.
pub fn named<'a>(params: &'a [(&'static str, Value)]) -> Vec<(&'static str, &'a dyn ToSql)> {
    params.iter().map(|(k, v)| (*k, v as &dyn ToSql)).collect()
}

#[derive(Debug, Clone)]
pub struct TrackRow {
    pub track_id: i64,
    pub commitment_id: i64,
    pub document: String,
    pub code: String,
    pub title_en: String,
    pub title_ru: String,
    pub pillar: i64,
    pub theme: String,
    pub target_year: i64,
    pub illustrative: bool,
    pub country: Country,
    pub status: TrackStatus,
    pub last_accepted_period: Option<String>,
}

/// A track's status: of its updates accepted by the cut-off, the one for
/// the latest period, and of those the latest accepted. The outer select
/// goes down the period ranks; for each, the inner one is a single seek in
/// `updates_track_accepted` (track, rank, accepted by the cut-off), so an
/// as-of day never walks over the acceptances that came after it.
pub const LATEST_ACCEPTED: &str = "
    SELECT (SELECT x.id FROM updates x
            WHERE x.track_id = t.id AND x.period_rank = r.rank AND x.state = 'accepted'
              AND x.reviewed_at <= :cutoff
            ORDER BY x.reviewed_at DESC, x.id DESC
            LIMIT 1) AS hit
    FROM period_ranks r
    WHERE r.rank BETWEEN :from_rank AND :to_rank AND hit IS NOT NULL
    ORDER BY r.rank DESC
    LIMIT 1";

/// The tracks with their status as of the filter's cut-off (binds the
/// parameters of [`TrackFilter::params`]); shared by pages, API and reports.
pub fn list_sql() -> String {
    format!(
        "SELECT t.id AS track_id, c.id AS commitment_id, d.code AS document, c.code,
                c.title_en, c.title_ru, c.pillar, c.theme, c.target_year, c.illustrative,
                t.country, u.status, u.period
         FROM tracks t
         JOIN commitments c ON c.id = t.commitment_id
         JOIN documents d ON d.id = c.document_id
         JOIN countries k ON k.code = t.country
         LEFT JOIN updates u ON u.id = ({LATEST_ACCEPTED})
         WHERE (:pillar IS NULL OR c.pillar = :pillar)
           AND (:country IS NULL OR t.country = :country)
           AND (:theme IS NULL OR c.theme = :theme)
           AND (:status IS NULL OR coalesce(u.status, 'no_information') = :status)
           AND (:commitment IS NULL OR c.id = :commitment)
         ORDER BY d.id, c.pillar, c.code, k.sort"
    )
}

pub fn list(conn: &Connection, f: &TrackFilter) -> AppResult<Vec<TrackRow>> {
    let mut stmt = conn.prepare_cached(&list_sql())?;
    let params = f.params();
    let rows = stmt.query_map(named(&params).as_slice(), |r| {
        Ok(TrackRow {
            track_id: r.get("track_id")?,
            commitment_id: r.get("commitment_id")?,
            document: r.get("document")?,
            code: r.get("code")?,
            title_en: r.get("title_en")?,
            title_ru: r.get("title_ru")?,
            pillar: r.get("pillar")?,
            theme: r.get("theme")?,
            target_year: r.get("target_year")?,
            illustrative: r.get("illustrative")?,
            country: parsed(r, "country")?,
            status: parsed_opt(r, "status")?
                .map_or(TrackStatus::NoInformation, TrackStatus::Reported),
            last_accepted_period: r.get("period")?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Counts of tracks by status for each pillar × country: the dashboard and
/// the `status-matrix` report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matrix {
    /// [pillar 1..4][country in Country::ALL order][status index]
    pub cells: [[[u32; 5]; 6]; 4],
}

impl Matrix {
    pub fn from_rows(rows: &[TrackRow]) -> Matrix {
        let mut m = Matrix::default();
        for r in rows {
            let (Ok(p), c) = (Pillar::try_from(r.pillar), r.country) else {
                continue;
            };
            let ci = Country::ALL.iter().position(|x| *x == c).unwrap_or(0);
            m.cells[usize::from(p.number() - 1)][ci][r.status.index()] += 1;
        }
        m
    }

    pub fn cell(&self, p: Pillar, c: Country) -> [u32; 5] {
        let ci = Country::ALL.iter().position(|x| *x == c).unwrap_or(0);
        self.cells[usize::from(p.number() - 1)][ci]
    }
}

#[derive(Debug, Clone)]
pub struct TrackInfo {
    pub id: i64,
    pub commitment_id: i64,
    pub code: String,
    pub title_en: String,
    pub title_ru: String,
    pub country: Country,
}

pub fn get(conn: &Connection, id: i64) -> AppResult<TrackInfo> {
    use crate::db::OptionalRow;
    conn.query_row(
        "SELECT t.id, c.id AS commitment_id, c.code, c.title_en, c.title_ru, t.country
         FROM tracks t JOIN commitments c ON c.id = t.commitment_id WHERE t.id = ?1",
        [id],
        |r| {
            Ok(TrackInfo {
                id: r.get("id")?,
                commitment_id: r.get("commitment_id")?,
                code: r.get("code")?,
                title_en: r.get("title_en")?,
                title_ru: r.get("title_ru")?,
                country: parsed(r, "country")?,
            })
        },
    )
    .or_not_found()
}
