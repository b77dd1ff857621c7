//! The human-readable name columns: pillar and country names as the
//! database holds them (seeded in both languages), status labels as the
//! interface words them.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::domain::{Lang, Tr, TrackStatus};
use crate::error::AppResult;

pub struct Names {
    pillars: HashMap<i64, [String; 2]>,
    countries: HashMap<String, [String; 2]>,
    /// Status labels from the interface's messages, in `TrackStatus::ALL` order.
    statuses: Vec<[String; 2]>,
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
        let statuses = TrackStatus::ALL
            .iter()
            .map(|s| Lang::ALL.map(|l| Tr::new(l).t(s.label_id())))
            .collect();
        Ok(Names {
            pillars,
            countries,
            statuses,
        })
    }

    pub fn pillar(&self, n: i64) -> [&str; 2] {
        self.pillars
            .get(&n)
            .map_or(["", ""], |[en, ru]| [en.as_str(), ru.as_str()])
    }

    pub fn status(&self, s: TrackStatus) -> [&str; 2] {
        self.statuses
            .get(s.index())
            .map_or(["", ""], |[en, ru]| [en.as_str(), ru.as_str()])
    }

    pub fn country(&self, code: &str) -> [&str; 2] {
        self.countries
            .get(code)
            .map_or(["", ""], |[en, ru]| [en.as_str(), ru.as_str()])
    }
}
