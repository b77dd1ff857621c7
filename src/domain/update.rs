//! The rules of a progress update as a person writes it, before any record.

use super::cycle::period_start;
use super::{BadField, EvidenceUrl, Invalid, Msg, Narrative, Period, Status};

/// An update as a focal point writes it, already checked.
#[derive(Debug, Clone)]
pub struct NewUpdate {
    pub period: Period,
    pub status: Status,
    pub narrative_en: Narrative,
    pub narrative_ru: Narrative,
    pub evidence_url: EvidenceUrl,
}

impl NewUpdate {
    /// Checks the fields of a form or API body, naming the first bad field.
    pub fn parse(
        period: &str,
        status: &str,
        narrative_en: &str,
        narrative_ru: &str,
        evidence_url: &str,
    ) -> Result<NewUpdate, BadField> {
        let period: Period = period.parse().map_err(|e: Invalid| e.at("period"))?;
        // Progress is reported on a period once it has begun (the schema
        // holds to it too), so what was accepted by a day is for that day's
        // year or earlier, which as-of views rely on.
        if period_start(period) > chrono::Utc::now().date_naive() {
            return Err(Invalid::from(
                Msg::new("err-period-not-begun").arg("period", period.to_string()),
            )
            .at("period"));
        }
        let update = NewUpdate {
            period,
            status: status.parse().map_err(|e: Invalid| e.at("status"))?,
            narrative_en: Narrative::parse(narrative_en).map_err(|e| e.at("narrative_en"))?,
            narrative_ru: Narrative::parse(narrative_ru).map_err(|e| e.at("narrative_ru"))?,
            evidence_url: EvidenceUrl::parse(evidence_url).map_err(|e| e.at("evidence_url"))?,
        };
        // A status with no words cannot be traced to what was done.
        if update.narrative_en.is_blank() && update.narrative_ru.is_blank() {
            return Err(Invalid::from(Msg::new("err-narrative-required")).at("narrative_en"));
        }
        Ok(update)
    }
}

/// A reviewer's decision on a submitted update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Return,
}

impl std::str::FromStr for Decision {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "accept" => Ok(Decision::Accept),
            "return" => Ok(Decision::Return),
            _ => Err(Msg::new("invalid-decision").into()),
        }
    }
}
