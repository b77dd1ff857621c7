//! Mail and notifications as the rest of the app sees them: what kind, how
//! a person wants them, and a mail ready to go, in its recipient's language.

use super::{Invalid, Msg};

/// How notifications reach a person by mail. Security mails (invitations,
/// password links) always go, whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailPref {
    /// A mail for each notification.
    Instant,
    /// One mail a day with what came since the last.
    Digest,
    /// None: the inbox in the app only.
    Off,
}

impl MailPref {
    pub const ALL: [MailPref; 3] = [MailPref::Instant, MailPref::Digest, MailPref::Off];

    pub fn as_str(self) -> &'static str {
        match self {
            MailPref::Instant => "instant",
            MailPref::Digest => "digest",
            MailPref::Off => "off",
        }
    }

    pub fn label_id(self) -> &'static str {
        match self {
            MailPref::Instant => "mail-pref-instant",
            MailPref::Digest => "mail-pref-digest",
            MailPref::Off => "mail-pref-off",
        }
    }
}

impl std::str::FromStr for MailPref {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        MailPref::ALL
            .into_iter()
            .find(|p| p.as_str() == s.trim())
            .ok_or_else(|| Msg::new("invalid-mail-pref").into())
    }
}

/// What a mail or notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    Invitation,
    PasswordLink,
    PasswordReset,
    Submitted,
    Decided,
    Comment,
    DueSoon,
    Overdue,
    OverdueDigest,
    Digest,
    Test,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Invitation => "invitation",
            MailKind::PasswordLink => "password_link",
            MailKind::PasswordReset => "password_reset",
            MailKind::Submitted => "submitted",
            MailKind::Decided => "decided",
            MailKind::Comment => "comment",
            MailKind::DueSoon => "due_soon",
            MailKind::Overdue => "overdue",
            MailKind::OverdueDigest => "overdue_digest",
            MailKind::Digest => "digest",
            MailKind::Test => "test",
        }
    }

    /// Mails that carry a one-time link: they always go, and their body is
    /// not kept once sent.
    pub fn is_security(self) -> bool {
        matches!(
            self,
            MailKind::Invitation | MailKind::PasswordLink | MailKind::PasswordReset
        )
    }
}

/// A mail ready for the outbox, in its recipient's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to_address: String,
    pub to_name: String,
    pub kind: MailKind,
    pub subject: String,
    pub body: String,
    /// When what it links to stops working; it is not sent after.
    pub expires_at: Option<String>,
}

/// Text as it may stand in a mail header: no line breaks or other control
/// characters (a name or subject can never add a header), one line, at
/// most `max` characters.
pub fn header_safe(text: &str, max: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    one_line
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_but_one_line_reaches_a_header() {
        assert_eq!(
            header_safe("Ann\r\nBcc: evil@example.org", 200),
            "Ann Bcc: evil@example.org"
        );
        assert_eq!(header_safe("a\u{0}b\u{85}c", 200), "a b c");
        assert_eq!(header_safe(&"x".repeat(500), 10).len(), 10);
    }

    #[test]
    fn preferences_read_back() {
        for p in MailPref::ALL {
            assert_eq!(p.as_str().parse::<MailPref>().unwrap(), p);
        }
        assert!("weekly".parse::<MailPref>().is_err());
    }
}
