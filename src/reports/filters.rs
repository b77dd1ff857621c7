//! Report and list filters as they arrive (query string, command-line flags),
//! parsed once into a [`TrackFilter`]. Empty values mean "all".

use crate::domain::Msg;
use serde::Deserialize;

use super::{Format, Output};
use crate::db::tracks::TrackFilter;
use crate::domain::{
    AsOf, Country, Invalid, Lang, Period, Pillar, ThemeCode, TrackStatus, now_utc,
};
use crate::error::AppError;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReportQuery {
    pub pillar: Option<String>,
    pub country: Option<String>,
    pub theme: Option<String>,
    pub status: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub as_of: Option<String>,
    pub q: Option<String>,
    /// Language of the name columns of reports: en (default) or ru.
    pub lang: Option<String>,
    /// Field separator of a CSV report: comma (default) or semicolon.
    pub sep: Option<String>,
}

fn opt<T: std::str::FromStr<Err = Invalid>>(
    field: &'static str,
    v: &Option<String>,
) -> Result<Option<T>, AppError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|e| AppError::invalid(field, e)),
    }
}

/// A report file's format (from its extension and `sep`) and the language
/// of its name columns (`lang`, English by default).
pub fn format_and_lang(
    extension: &str,
    sep: &Option<String>,
    lang: &Option<String>,
) -> Result<(Format, Lang), AppError> {
    let format =
        Format::from_parts(extension, sep.as_deref()).map_err(|e| AppError::invalid("sep", e))?;
    Ok((format, opt::<Lang>("lang", lang)?.unwrap_or_default()))
}

impl ReportQuery {
    pub fn to_filter(&self) -> Result<TrackFilter, AppError> {
        let f = TrackFilter {
            pillar: opt::<Pillar>("pillar", &self.pillar)?,
            country: opt::<Country>("country", &self.country)?,
            theme: opt::<ThemeCode>("theme", &self.theme)?,
            status: opt::<TrackStatus>("status", &self.status)?,
            from: opt::<Period>("from", &self.from)?,
            to: opt::<Period>("to", &self.to)?,
            as_of: opt::<AsOf>("as_of", &self.as_of)?,
            commitment: None,
            known_at: None,
            reader: None,
        };
        if let (Some(a), Some(b)) = (f.from, f.to)
            && a.start_rank() > b.rank()
        {
            return Err(AppError::Invalid {
                field: Some("to"),
                message: Msg::new("invalid-period-order"),
            });
        }
        Ok(f)
    }

    /// How a report with this file extension (`csv` or `xlsx`) is written.
    pub fn output(&self, extension: &str) -> Result<Output, AppError> {
        let (format, lang) = format_and_lang(extension, &self.sep, &self.lang)?;
        let f = self.to_filter()?;
        Ok(Output {
            format,
            lang,
            filters: self
                .pairs()
                .into_iter()
                .filter(|(k, _)| !matches!(*k, "q" | "as_of" | "lang" | "sep"))
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            as_of: f.as_of.map(|a| a.day().format("%Y-%m-%d").to_string()),
            generated_at: now_utc(),
            snapshot: None,
        })
    }

    /// The text search, trimmed; at most 200 characters are looked at.
    pub fn text(&self) -> Option<String> {
        self.q
            .as_deref()
            .map(|q| q.trim().chars().take(200).collect::<String>())
            .filter(|q| !q.is_empty())
    }

    /// Back to query-string pairs, for links that keep the filters.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("pillar", &self.pillar),
            ("country", &self.country),
            ("theme", &self.theme),
            ("status", &self.status),
            ("from", &self.from),
            ("to", &self.to),
            ("as_of", &self.as_of),
            ("q", &self.q),
            ("lang", &self.lang),
            ("sep", &self.sep),
        ]
        .into_iter()
        .filter_map(|(k, v)| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| (k, v.to_owned()))
        })
        .collect()
    }
}
