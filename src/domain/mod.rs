//! The vocabulary of CONTRACT.md as types: a value of one of these has been
//! checked once, at the edge, and is trusted everywhere after.

mod country;
pub mod cycle;
mod period;
mod role;
mod status;
mod text;

pub use crate::i18n::Lang;
pub use country::Country;
pub use period::{HORIZON_END, HORIZON_START, Period};
pub use role::Role;
pub use status::{Status, TrackStatus, UpdateState};
pub use text::{
    Email, EvidenceUrl, Narrative, PASSWORD_MAX, PASSWORD_MIN, Password, PersonName, ReviewComment,
    SnapshotName,
};

use crate::i18n::Msg;

/// Why a value was refused, in words a user can act on: a message id, so
/// that a form shows it in the page's language; `Display` is English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub Msg);

impl Invalid {
    /// A reason with no message id, shown as written in every language.
    pub fn new(msg: impl Into<String>) -> Self {
        Self(Msg::Text(msg.into()))
    }
}

impl From<Msg> for Invalid {
    fn from(m: Msg) -> Self {
        Self(m)
    }
}

/// A pillar of the Strategy, 1–4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pillar(u8);

impl Pillar {
    pub const ALL: [Pillar; 4] = [Pillar(1), Pillar(2), Pillar(3), Pillar(4)];

    pub fn number(self) -> u8 {
        self.0
    }

    pub fn roman(self) -> &'static str {
        ["I", "II", "III", "IV"][usize::from(self.0 - 1)]
    }
}

impl std::str::FromStr for Pillar {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s.trim() {
            "1" | "I" => Ok(Pillar(1)),
            "2" | "II" => Ok(Pillar(2)),
            "3" | "III" => Ok(Pillar(3)),
            "4" | "IV" => Ok(Pillar(4)),
            _ => Err(Msg::new("invalid-pillar").into()),
        }
    }
}

impl TryFrom<i64> for Pillar {
    type Error = Invalid;
    fn try_from(n: i64) -> Result<Self, Invalid> {
        match n {
            1..=4 => Ok(Pillar(n as u8)),
            _ => Err(Msg::new("invalid-pillar").into()),
        }
    }
}

impl std::fmt::Display for Pillar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A theme code: lower-case ASCII letters, digits and hyphens.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ThemeCode(String);

impl ThemeCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for ThemeCode {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let s = s.trim();
        if s.is_empty()
            || s.len() > 40
            || !s
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(Msg::new("invalid-theme").into());
        }
        Ok(ThemeCode(s.to_owned()))
    }
}

/// A reporting date for `as_of`: the record as it stood at the end of that day (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsOf(pub chrono::NaiveDate);

impl AsOf {
    /// The last instant of the day, in the timestamp format the database keeps.
    pub fn cutoff(self) -> String {
        format!("{}T23:59:59Z", self.0.format("%Y-%m-%d"))
    }
}

impl std::str::FromStr for AsOf {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
            .map(AsOf)
            .ok_or_else(|| Msg::new("invalid-as-of").into())
    }
}

/// The current time as the database keeps it.
pub fn now_utc() -> String {
    // Milliseconds, so that two decisions in one second still come in order.
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}
