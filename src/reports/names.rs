//! The human-readable name columns: pillar and country names as the
//! database holds them (seeded in both languages), status labels here.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::domain::{Status, TrackStatus};
use crate::error::AppResult;

pub struct Names {
    pillars: HashMap<i64, [String; 2]>,
    countries: HashMap<String, [String; 2]>,
}

impl Names {
    pub fn load(conn: &Connection) -> AppResult<Names> {
        let mut pillars = HashMap::new();
        let mut stmt = conn.prepare_cached("SELECT number, name_en, name_ru FROM pillars")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            pillars.insert(r.get(0)?, [r.get(1)?, r.get(2)?]);
        }
        let mut countries = HashMap::new();
        let mut stmt = conn.prepare_cached("SELECT code, name_en, name_ru FROM countries")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            countries.insert(r.get(0)?, [r.get(1)?, r.get(2)?]);
        }
        Ok(Names { pillars, countries })
    }

    pub fn pillar(&self, n: i64) -> [&str; 2] {
        self.pillars
            .get(&n)
            .map_or(["", ""], |[en, ru]| [en.as_str(), ru.as_str()])
    }

    pub fn country(&self, code: &str) -> [&str; 2] {
        self.countries
            .get(code)
            .map_or(["", ""], |[en, ru]| [en.as_str(), ru.as_str()])
    }
}

/// A status's label in English and Russian.
pub fn status(s: TrackStatus) -> [&'static str; 2] {
    match s {
        TrackStatus::NoInformation => ["No information", "Нет информации"],
        TrackStatus::Reported(Status::NotStarted) => ["Not started", "Не начато"],
        TrackStatus::Reported(Status::Limited) => ["Limited progress", "Ограниченный прогресс"],
        TrackStatus::Reported(Status::Substantial) => {
            ["Substantial progress", "Значительный прогресс"]
        }
        TrackStatus::Reported(Status::Complete) => ["Complete", "Выполнено"],
    }
}
