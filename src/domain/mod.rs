//! The vocabulary of CONTRACT.md as types: a value of one of these has been
//! checked once, at the edge, and is trusted everywhere after.

mod country;
pub mod cycle;
pub mod i18n;
mod mail;
mod period;
mod role;
mod status;
mod text;
mod update;
mod user;
mod visibility;

pub use country::Country;
pub use i18n::{Lang, Msg, MsgArg, PerLang, Tr};
pub use mail::{Mail, MailKind, MailPref, header_safe};
pub use period::{HORIZON_END, HORIZON_START, Period};
pub use role::Role;
pub use status::{Status, TrackStatus, UpdateState};
pub use text::{
    CommentText, Email, EvidenceUrl, Narrative, PASSWORD_MAX, PASSWORD_MIN, Password, PersonName,
    ReviewComment, SnapshotName, is_hidden_format,
};
pub use update::{Decision, Draft, FormId, NewUpdate};
pub use user::{Access, User};
pub use visibility::{Sensitivity, Viewer};

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

impl Invalid {
    /// The same reason, tied to the form or body field it came from.
    pub fn at(self, field: &'static str) -> BadField {
        BadField {
            field,
            reason: self,
        }
    }
}

/// A refused value and the field it came from, so that a form marks the
/// field and the API names it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct BadField {
    pub field: &'static str,
    pub reason: Invalid,
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
pub struct AsOf(chrono::NaiveDate);

impl AsOf {
    /// A day of the years 2000–2100.
    pub fn new(day: chrono::NaiveDate) -> Result<AsOf, Invalid> {
        if (2000..=2100).contains(&chrono::Datelike::year(&day)) {
            Ok(AsOf(day))
        } else {
            Err(Msg::new("invalid-as-of").into())
        }
    }

    pub fn day(self) -> chrono::NaiveDate {
        self.0
    }

    /// The last instant of the day, in the timestamp format the database keeps.
    pub fn cutoff(self) -> String {
        format!("{}T23:59:59Z", self.0.format("%Y-%m-%d"))
    }
}

impl std::str::FromStr for AsOf {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| Invalid::from(Msg::new("invalid-as-of")))
            .and_then(AsOf::new)
    }
}

/// The vocabulary goes out (API, JSON audit rows) as the words of CONTRACT.md.
macro_rules! serialize_as_text {
    ($($t:ty),*) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&Text(*self))
            }
        }
    )*};
}

/// The word a value of the vocabulary is written as.
struct Text<T>(T);

impl std::fmt::Display for Text<Country> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.code())
    }
}
impl std::fmt::Display for Text<Period> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
impl std::fmt::Display for Text<Status> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str())
    }
}
impl std::fmt::Display for Text<UpdateState> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str())
    }
}
serialize_as_text!(Country, Period, Status, UpdateState);

/// How the database keeps a time: UTC with milliseconds, so that two
/// decisions in one second still come in order. One width for every row,
/// too: text order is time order, and a reader of an export (pandas'
/// `parse_dates`) parses the whole column one way.
pub const TIMESTAMP_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

/// The current time as the database keeps it.
pub fn now_utc() -> String {
    chrono::Utc::now().format(TIMESTAMP_FORMAT).to_string()
}
