//! The rules of a progress update as a person writes it, before any record.

use super::cycle::period_start;
use super::{BadField, EvidenceUrl, Invalid, Msg, Narrative, Period, Sensitivity, Status};

/// An update as a focal point writes it, already checked: complete, ready
/// to be submitted.
#[derive(Debug, Clone)]
pub struct NewUpdate {
    pub period: Period,
    pub status: Status,
    pub narrative_en: Narrative,
    pub narrative_ru: Narrative,
    pub evidence_url: EvidenceUrl,
    /// Who may read what it says; its author proposes it.
    pub sensitivity: Sensitivity,
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
        Draft::parse(period, status, narrative_en, narrative_ru, evidence_url)?.complete()
    }
}

/// An update being written, kept by its author alone: every field is
/// checked as in a submission, but the narratives may still be empty. It is
/// submitted once [`Draft::complete`] accepts it.
#[derive(Debug, Clone)]
pub struct Draft(NewUpdate);

impl Draft {
    /// Checks the fields of a form or API body, naming the first bad field.
    pub fn parse(
        period: &str,
        status: &str,
        narrative_en: &str,
        narrative_ru: &str,
        evidence_url: &str,
    ) -> Result<Draft, BadField> {
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
        Ok(Draft(NewUpdate {
            period,
            status: status.parse().map_err(|e: Invalid| e.at("status"))?,
            narrative_en: Narrative::parse(narrative_en).map_err(|e| e.at("narrative_en"))?,
            narrative_ru: Narrative::parse(narrative_ru).map_err(|e| e.at("narrative_ru"))?,
            evidence_url: EvidenceUrl::parse(evidence_url).map_err(|e| e.at("evidence_url"))?,
            sensitivity: Sensitivity::default(),
        }))
    }

    /// The draft with the sensitivity its author proposes.
    pub fn with_sensitivity(mut self, s: Sensitivity) -> Draft {
        self.0.sensitivity = s;
        self
    }

    /// What the draft says so far, to be stored.
    pub fn fields(&self) -> &NewUpdate {
        &self.0
    }

    /// The draft as a submission, if it is complete.
    pub fn complete(self) -> Result<NewUpdate, BadField> {
        // A status with no words cannot be traced to what was done.
        if self.0.narrative_en.is_blank() && self.0.narrative_ru.is_blank() {
            return Err(Invalid::from(Msg::new("err-narrative-required")).at("narrative_en"));
        }
        Ok(self.0)
    }
}

impl From<NewUpdate> for Draft {
    fn from(u: NewUpdate) -> Draft {
        Draft(u)
    }
}

/// The id a form is shown with, sent back with it: the same form sent twice
/// is answered with what it made the first time. Letters, digits, `-` and
/// `_`, at most 64.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FormId(String);

impl FormId {
    /// An empty value is no id (a form from before ids, or an API client).
    pub fn parse(s: &str) -> Result<Option<FormId>, BadField> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        if s.len() > 64
            || !s
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(Invalid::from(Msg::new("invalid-form-id")).at("form_id"));
        }
        Ok(Some(FormId(s.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
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
