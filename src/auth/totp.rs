//! The second factor's secrets: TOTP (RFC 6238: SHA-1, six digits, thirty
//! seconds, as every authenticator app reads it) and one-time recovery codes.
//!
//! A TOTP code is checked against the time steps either side of now, for
//! clocks a little off, and only for steps later than the last one the
//! account used: a code, once accepted, is refused for ever.

use totp_rs::{Algorithm, Secret, TOTP};

use super::secret;

/// Seconds a code lasts.
pub const STEP: u64 = 30;

/// Recovery codes given at a time.
pub const RECOVERY_CODES: usize = 10;

/// A TOTP secret: 160 random bits, as RFC 4226 recommends.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

impl TotpSecret {
    pub fn generate() -> TotpSecret {
        let mut bytes = vec![0u8; 20];
        getrandom::fill(&mut bytes).expect("the operating system has no random source");
        TotpSecret(bytes)
    }

    /// The secret as people type it into an app and as it is stored:
    /// base32 without padding.
    pub fn base32(&self) -> String {
        self.totp().get_secret_base32()
    }

    pub fn from_base32(text: &str) -> Option<TotpSecret> {
        let bytes = Secret::Encoded(text.to_owned()).to_bytes().ok()?;
        (bytes.len() >= 16).then_some(TotpSecret(bytes))
    }

    fn totp(&self) -> TOTP {
        // The length is checked where a secret is made or read back.
        TOTP::new_unchecked(Algorithm::SHA1, 6, 0, STEP, self.0.clone())
    }

    /// The code of the time step `step`.
    pub fn code_at(&self, step: u64) -> String {
        self.totp().generate(step * STEP)
    }

    /// The time step whose code `code` is, among those either side of
    /// `unix_time`'s and later than `after`; `None` if it is none of them.
    pub fn accepts(&self, code: &str, unix_time: u64, after: u64) -> Option<u64> {
        // Apps show "123 456"; people type it so.
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let now = unix_time / STEP;
        // Every candidate is computed, so the time taken tells nothing.
        let mut found = None;
        for step in [now.saturating_sub(1), now, now + 1] {
            let matches = constant_time_eq(self.code_at(step).as_bytes(), code.as_bytes());
            if matches && step > after && found.is_none() {
                found = Some(step);
            }
        }
        found
    }

    /// The `otpauth://` URI an authenticator app reads from the QR code.
    pub fn uri(&self, issuer: &str, account: &str) -> String {
        let (issuer, account) = (percent(issuer), percent(account));
        format!(
            "otpauth://totp/{issuer}:{account}?secret={}&issuer={issuer}&algorithm=SHA1&digits=6&period={STEP}",
            self.base32()
        )
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Percent-encodes all but unreserved characters (RFC 3986).
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The current Unix time in seconds.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The alphabet of recovery codes, Crockford's base32: no i, l, o or u,
/// and an o typed is read as 0, an i or l as 1.
const RECOVERY_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Ten fresh recovery codes, each of 120 random bits (24 characters of a
/// 32-letter alphabet, in groups of four). That much entropy lets a plain
/// SHA-256 stand in for a salted password hash (ASVS 5.0 V6.5.2).
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 24];
            getrandom::fill(&mut bytes).expect("the operating system has no random source");
            let letters: Vec<char> = bytes
                .iter()
                .map(|b| char::from(RECOVERY_ALPHABET[usize::from(*b & 31)]))
                .collect();
            letters
                .chunks(4)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// What the database keeps of a recovery code: the hash of its letters,
/// whatever case, spaces or dashes it was typed with.
pub fn recovery_hash(code: &str) -> String {
    let letters: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'o' | 'о' => '0',
            'i' | 'l' => '1',
            // A Russian keyboard gives these for the Latin letters they look like.
            'а' => 'a',
            'в' => 'b',
            'с' => 'c',
            'е' => 'e',
            'н' => 'h',
            'к' => 'k',
            'м' => 'm',
            'р' => 'p',
            'т' => 't',
            'х' => 'x',
            'у' => 'y',
            c => c,
        })
        .collect();
    secret::hash(&letters)
}

/// Whether what was typed looks like a recovery code rather than a TOTP code.
pub fn is_recovery_code(code: &str) -> bool {
    code.chars().filter(char::is_ascii_alphanumeric).count() > 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_rfc_6238_vectors() {
        // RFC 6238, appendix B, SHA-1 (the last six digits).
        let s = TotpSecret(b"12345678901234567890".to_vec());
        assert_eq!(s.code_at(59 / STEP), "287082");
        assert_eq!(s.code_at(1_111_111_109 / STEP), "081804");
        assert_eq!(s.code_at(2_000_000_000 / STEP), "279037");
    }

    #[test]
    fn a_code_is_accepted_near_its_time_and_once() {
        let s = TotpSecret::generate();
        let t = 1_800_000_000;
        let step = t / STEP;
        let code = s.code_at(step);
        assert_eq!(s.accepts(&code, t, 0), Some(step));
        assert_eq!(s.accepts(&format!(" {code} "), t + STEP, 0), Some(step));
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(s.accepts(&spaced, t, 0), Some(step));
        assert_eq!(s.accepts(&code, t + 2 * STEP, 0), None, "too late");
        assert_eq!(s.accepts(&code, t, step), None, "used already");
        assert_eq!(s.accepts("12345", t, 0), None);
        assert_eq!(s.accepts("１２３４５６", t, 0), None);
    }

    #[test]
    fn the_secret_reads_back_from_base32() {
        let s = TotpSecret::generate();
        assert_eq!(s.base32().len(), 32);
        assert_eq!(TotpSecret::from_base32(&s.base32()), Some(s.clone()));
        assert_eq!(TotpSecret::from_base32("not base32!"), None);
        let uri = s.uri("JPoA Tracker", "a.b+c@example.org");
        assert!(uri.starts_with("otpauth://totp/JPoA%20Tracker:a.b%2Bc%40example.org?secret="));
    }

    #[test]
    fn recovery_codes_are_many_and_typed_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(codes[0].len(), 29);
        assert!(is_recovery_code(&codes[0]));
        assert!(!is_recovery_code("123456"));
        let loose = codes[0].to_uppercase().replace('-', " ").replace('0', "O");
        // The Cyrillic look-alikes a Russian keyboard gives.
        assert_eq!(recovery_hash("аве-схк"), recovery_hash("abe-cxk"));
        assert_eq!(recovery_hash(&loose), recovery_hash(&codes[0]));
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
    }
}
