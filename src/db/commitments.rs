//! Commitments with their tracks, and the reference lists around them.

use rusqlite::Connection;

use crate::db::tracks::{self, TrackFilter, TrackRow};
use crate::domain::{AsOf, Country, Lang, TrackStatus};
use crate::error::AppResult;

#[derive(Debug, Clone, serde::Serialize)]
pub struct TrackBrief {
    pub id: i64,
    pub country: Country,
    #[serde(serialize_with = "status_str")]
    pub status: TrackStatus,
    pub last_accepted_period: Option<String>,
}

fn status_str<S: serde::Serializer>(s: &TrackStatus, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s.as_str())
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Commitment {
    pub id: i64,
    pub document: String,
    pub code: String,
    pub title: String,
    pub title_ru: String,
    pub pillar: i64,
    pub theme: String,
    pub target_year: i64,
    pub illustrative: bool,
    pub tracks: Vec<TrackBrief>,
}

/// Groups track rows (already in commitment order) into commitments.
pub fn group(rows: Vec<TrackRow>) -> Vec<Commitment> {
    let mut out: Vec<Commitment> = Vec::new();
    for r in rows {
        let brief = TrackBrief {
            id: r.track_id,
            country: r.country,
            status: r.status,
            last_accepted_period: r.last_accepted_period,
        };
        match out.last_mut() {
            Some(c) if c.id == r.commitment_id => c.tracks.push(brief),
            _ => out.push(Commitment {
                id: r.commitment_id,
                document: r.document,
                code: r.code,
                title: r.title_en,
                title_ru: r.title_ru,
                pillar: r.pillar,
                theme: r.theme,
                target_year: r.target_year,
                illustrative: r.illustrative,
                tracks: vec![brief],
            }),
        }
    }
    out
}

/// Case-insensitive in any script (SQLite's LIKE folds ASCII only).
pub fn matches_text(c: &Commitment, q: &str) -> bool {
    let q = q.trim().to_lowercase();
    q.is_empty()
        || c.code.to_lowercase().contains(&q)
        || c.title.to_lowercase().contains(&q)
        || c.title_ru.to_lowercase().contains(&q)
}

pub fn list(conn: &Connection, f: &TrackFilter, q: Option<&str>) -> AppResult<Vec<Commitment>> {
    let mut all = group(tracks::list(conn, f)?);
    if let Some(q) = q {
        all.retain(|c| matches_text(c, q));
    }
    Ok(all)
}

pub fn get(conn: &Connection, id: i64) -> AppResult<Commitment> {
    get_as_of(conn, id, None)
}

/// A commitment with its tracks' status at the end of the `as_of` day.
pub fn get_as_of(conn: &Connection, id: i64, as_of: Option<AsOf>) -> AppResult<Commitment> {
    let f = TrackFilter {
        commitment: Some(id),
        as_of,
        ..TrackFilter::default()
    };
    group(tracks::list(conn, &f)?)
        .into_iter()
        .next()
        .ok_or(crate::error::AppError::NotFound)
}

#[derive(Debug, Clone)]
pub struct Named {
    pub code: String,
    pub name_en: String,
    pub name_ru: String,
}

/// Pillars, themes, countries and documents with their names, for filters and labels.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub pillars: Vec<Named>,
    pub themes: Vec<Named>,
    pub countries: Vec<Named>,
    pub documents: Vec<Document>,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub code: String,
    pub title_en: String,
    pub title_ru: String,
    pub symbol: String,
    pub place: String,
    pub adopted_on: String,
    pub horizon: (i64, i64),
}

impl Named {
    /// The name in `lang`, or the English one where no translation was given.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru if !self.name_ru.trim().is_empty() => &self.name_ru,
            _ => &self.name_en,
        }
    }
}

impl Document {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru if !self.title_ru.trim().is_empty() => &self.title_ru,
            _ => &self.title_en,
        }
    }
}

impl Reference {
    pub fn pillar_name(&self, n: i64, lang: Lang) -> &str {
        self.pillars
            .iter()
            .find(|p| p.code == n.to_string())
            .map_or("", |p| p.name(lang))
    }

    pub fn theme_name<'a>(&'a self, code: &'a str, lang: Lang) -> &'a str {
        self.themes
            .iter()
            .find(|t| t.code == code)
            .map_or(code, |t| t.name(lang))
    }
}

fn named(conn: &Connection, sql: &str) -> AppResult<Vec<Named>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| {
        Ok(Named {
            code: r.get("code")?,
            name_en: r.get("name_en")?,
            name_ru: r.get("name_ru")?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn reference(conn: &Connection) -> AppResult<Reference> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, title_en, title_ru, symbol, place, adopted_on, horizon_start, horizon_end
         FROM documents ORDER BY id",
    )?;
    let documents = stmt
        .query_map([], |r| {
            Ok(Document {
                code: r.get("code")?,
                title_en: r.get("title_en")?,
                title_ru: r.get("title_ru")?,
                symbol: r.get("symbol")?,
                place: r.get("place")?,
                adopted_on: r.get("adopted_on")?,
                horizon: (r.get("horizon_start")?, r.get("horizon_end")?),
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Reference {
        pillars: named(
            conn,
            "SELECT CAST(number AS TEXT) AS code, name_en, name_ru FROM pillars ORDER BY number",
        )?,
        themes: named(
            conn,
            "SELECT code, name_en, name_ru FROM themes ORDER BY name_en",
        )?,
        countries: named(
            conn,
            "SELECT code, name_en, name_ru FROM countries ORDER BY sort",
        )?,
        documents,
    })
}
