//! Free text from users. Anything printable in any script is kept exactly as
//! typed (Cyrillic, emoji, markup: escaping happens on output); control
//! characters other than line breaks and tabs are refused, since they have no
//! place in a report and NUL in particular breaks other tools downstream, and
//! so are invisible formatting characters, which change what text around
//! them appears to say (see [`is_hidden_format`]).

use super::{Invalid, Msg};

/// Characters that change how the text around them is shown without being
/// seen: bidirectional controls (U+202E makes a name read backwards, U+2066–
/// U+2069 isolate, U+200E/U+200F and U+061C marks) and invisible separators
/// (zero-width space, word joiner, invisible operators, the byte-order mark).
/// Also: line and paragraph separators, the combining grapheme joiner,
/// interlinear annotation marks, Hangul fillers and the tag characters
/// (invisible text). The joiners that scripts and emoji need (U+200C,
/// U+200D) are kept, and so is the soft hyphen, which word processors put
/// into ordinary text.
pub fn is_hidden_format(c: char) -> bool {
    matches!(
        c,
        '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// `field` is the message id of the field's name, e.g. `field-narrative`.
fn check_chars(field: &'static str, s: &str, multiline: bool) -> Result<(), Invalid> {
    // What a form's bytes that are not UTF-8 decode to: refused, as the API
    // refuses such a body, rather than kept as a question mark.
    if s.contains(char::REPLACEMENT_CHARACTER) {
        return Err(Msg::new("invalid-unreadable-chars")
            .arg_id("field", field)
            .into());
    }
    let allowed = |c: char| {
        !is_hidden_format(c) && (!c.is_control() || (multiline && matches!(c, '\n' | '\r' | '\t')))
    };
    if s.chars().all(allowed) {
        Ok(())
    } else {
        Err(Msg::new("invalid-control-chars")
            .arg_id("field", field)
            .into())
    }
}

fn check_len(field: &'static str, s: &str, max: usize) -> Result<(), Invalid> {
    let n = s.chars().count();
    if n > max {
        return Err(Msg::new("invalid-too-long")
            .arg_id("field", field)
            .arg("n", n)
            .arg("max", max)
            .into());
    }
    Ok(())
}

macro_rules! text_type {
    ($(#[$m:meta])* $name:ident, $field:literal, $max:expr, multiline = $ml:expr, required = $req:expr) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct $name(String);

        impl $name {
            /// The most characters it may have.
            pub const MAX: usize = $max;

            pub fn parse(s: &str) -> Result<Self, Invalid> {
                check_chars($field, s, $ml)?;
                check_len($field, s, $max)?;
                if $req && s.trim().is_empty() {
                    return Err(Msg::new("invalid-required").arg_id("field", $field).into());
                }
                Ok(Self(s.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn is_blank(&self) -> bool {
                self.0.trim().is_empty()
            }
        }
    };
}

text_type!(
    /// A progress narrative, in one language.
    Narrative, "field-narrative", 10_000, multiline = true, required = false
);
text_type!(
    /// Why a reviewer returned an update, or a note on accepting it.
    ReviewComment, "field-comment", 5_000, multiline = true, required = false
);
text_type!(
    /// A comment in the conversation on an update.
    CommentText, "field-comment", 5_000, multiline = true, required = true
);
text_type!(
    /// A person's display name.
    PersonName, "field-name", 200, multiline = false, required = true
);
text_type!(
    /// The name a snapshot is cited by, e.g. "Mid-term review 2026".
    SnapshotName, "name", 120, multiline = false, required = true
);

/// An e-mail address used to sign in; kept in lower case so that one person
/// cannot hold two accounts by changing the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let s = s.trim();
        let bad = || Invalid::from(Msg::new("invalid-email"));
        check_chars("field-email", s, false).map_err(|_| bad())?;
        let (local, domain) = s.split_once('@').ok_or_else(bad)?;
        if local.is_empty()
            || domain.len() < 3
            || !domain.contains('.')
            || domain.contains('@')
            || s.len() > 254
            || s.chars().any(char::is_whitespace)
        {
            return Err(bad());
        }
        Ok(Email(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A link to evidence: empty, or an http(s) address.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EvidenceUrl(String);

impl EvidenceUrl {
    /// The most characters it may have.
    pub const MAX: usize = 2000;

    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(EvidenceUrl::default());
        }
        check_len("field-evidence-link", s, Self::MAX)?;
        let lower = s.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        // Invisible and direction-changing characters can make a link read
        // as something it is not ("…/\u{202e}fdp.exe").
        let hidden = |c: char| {
            c.is_whitespace()
                || c.is_control()
                || is_hidden_format(c)
                || matches!(c, '\u{200C}' | '\u{200D}' | '\u{00AD}')
        };
        match rest {
            Some(host) if !host.is_empty() && !host.starts_with('/') && !s.chars().any(hidden) => {
                Ok(EvidenceUrl(s.to_owned()))
            }
            _ => Err(Msg::new("invalid-evidence-url").into()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password being set. Length rules follow OWASP ASVS: at least 12
/// characters, spaces and any script allowed.
pub struct Password(String);

pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

impl Password {
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let n = s.chars().count();
        if n < PASSWORD_MIN {
            return Err(Msg::new("invalid-password-short")
                .arg("min", PASSWORD_MIN)
                .into());
        }
        if n > PASSWORD_MAX {
            return Err(Msg::new("invalid-password-long")
                .arg("max", PASSWORD_MAX)
                .into());
        }
        if s.contains('\0') {
            return Err(Msg::new("invalid-password-nul").into());
        }
        Ok(Password(s.to_owned()))
    }

    /// A password being chosen (not one typed to sign in): besides the
    /// length rules, it must not be a common password or close to one, nor
    /// made of the person's own name or address (`own`).
    pub fn parse_new(s: &str, own: &[&str]) -> Result<Self, Invalid> {
        let p = Self::parse(s)?;
        // Whole values and their parts: "aigerim.n@mfa.kz" gives "aigerim" too.
        let lower: Vec<String> = own.iter().map(|o| o.to_lowercase()).collect();
        let mut words: Vec<&str> = lower.iter().map(String::as_str).collect();
        for o in &lower {
            words.extend(
                o.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.len() > 2),
            );
        }
        // zxcvbn scores a chain of such words well; what is left once they
        // are taken out must make a password of its own.
        let mut rest = s.to_lowercase();
        for w in &words {
            rest = rest.replace(w, "");
        }
        let own_made = rest.chars().filter(|c| c.is_alphanumeric()).count() < 8;
        if own_made || zxcvbn::zxcvbn(s, &words).score() < zxcvbn::Score::Three {
            return Err(Msg::new("invalid-password-guessable").into());
        }
        Ok(p)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_passwords_are_not_common_or_made_of_ones_own_name() {
        for weak in [
            "password1234",
            "qwertyuiop123",
            "aaaaaaaaaaaa",
            "123456789012",
            "iloveyou2024!",
        ] {
            assert!(Password::parse_new(weak, &[]).is_err(), "{weak}");
        }
        assert!(
            Password::parse_new(
                "aigerim.nurlanova",
                &["aigerim.nurlanova@mfa.kz", "Aigerim Nurlanova"]
            )
            .is_err()
        );
        for strong in [
            "correct horse battery staple",
            "Тихий дождь над Бишкеком 7",
            "v9#Lq2!zR8@tW",
        ] {
            assert!(Password::parse_new(strong, &[]).is_ok(), "{strong}");
        }
        // Signing in never judges: an old weak password still gets its answer.
        assert!(Password::parse("password1234").is_ok());
    }

    #[test]
    fn narratives_keep_any_script_and_refuse_nul() {
        let s = "Прогресс <script>alert(1)</script> 🎉\r\nline two\tend";
        assert_eq!(Narrative::parse(s).unwrap().as_str(), s);
        assert!(Narrative::parse("a\0b").is_err());
        assert!(Narrative::parse(&"я".repeat(10_001)).is_err());
        assert!(Narrative::parse(&"я".repeat(10_000)).is_ok());
    }

    #[test]
    fn emails_and_links() {
        assert_eq!(
            Email::parse(" A.B@Example.ORG ").unwrap().as_str(),
            "a.b@example.org"
        );
        for bad in ["", "a", "a@b", "@b.org", "a b@c.org", "a@b@c.org"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert!(EvidenceUrl::parse("https://gov.kz/report.pdf").is_ok());
        for bad in ["javascript:alert(1)", "ftp://x", "https://", "https://a b"] {
            assert!(EvidenceUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
