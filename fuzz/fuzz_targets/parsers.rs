//! Arbitrary text through every parser of the vocabulary: none panics, what
//! is accepted prints back as what was typed (trimmed) and parses again to
//! the same value, and stays inside the limits the database checks.

#![no_main]

use jpoa_tracker::domain::cycle::{Cycle, DueDays};
use jpoa_tracker::domain::{
    AsOf, CommentText, Country, Decision, Email, EvidenceUrl, FormId, Lang, Narrative, Password,
    Period, PersonName, Pillar, ReviewComment, Role, SnapshotName, Status, ThemeCode, TrackStatus,
    UpdateState,
};
use jpoa_tracker::reports::{Format, Report, slug};
use libfuzzer_sys::fuzz_target;

fn round_trip<T>(s: &str, show: impl Fn(&T) -> String)
where
    T: std::str::FromStr + PartialEq + std::fmt::Debug,
{
    if let Ok(v) = s.parse::<T>() {
        let shown = show(&v);
        assert_eq!(
            shown.parse::<T>().ok().as_ref(),
            Some(&v),
            "{s:?} → {shown:?}"
        );
    }
}

fn check(s: &str) {
    if let Ok(p) = s.parse::<Period>() {
        assert_eq!(p.to_string(), s.trim());
        // The CHECKs of the updates table.
        assert!((20221..=20312).contains(&p.rank()));
        assert!(p.start_rank() <= p.rank());
        assert!(Period::all().contains(&p));
    }
    round_trip::<Period>(s, |p| p.to_string());

    if let Ok(st) = s.parse::<Status>() {
        assert_eq!(st.as_str(), s.trim());
    }
    round_trip::<Status>(s, |v| v.as_str().to_owned());
    round_trip::<TrackStatus>(s, |v| v.as_str().to_owned());
    if let Ok(u) = s.parse::<UpdateState>() {
        assert_eq!(u.as_str(), s);
    }
    if let Ok(c) = s.parse::<Country>() {
        assert!(c.code().eq_ignore_ascii_case(s.trim()));
    }
    round_trip::<Country>(s, |v| v.code().to_owned());
    if let Ok(r) = s.parse::<Role>() {
        assert_eq!(r.as_str(), s.trim());
    }
    round_trip::<Role>(s, |v| v.as_str().to_owned());
    if let Ok(p) = s.parse::<Pillar>() {
        assert!((1..=4).contains(&p.number()));
        assert_eq!(p.roman().parse::<Pillar>().ok(), Some(p));
    }
    round_trip::<Pillar>(s, |v| v.to_string());
    if let Ok(t) = s.parse::<ThemeCode>() {
        assert_eq!(t.as_str(), s.trim());
    }
    round_trip::<ThemeCode>(s, |v| v.as_str().to_owned());
    if let Ok(d) = s.parse::<AsOf>() {
        let day = d.day().format("%Y-%m-%d").to_string();
        assert!(d.cutoff().starts_with(&day));
    }
    round_trip::<AsOf>(s, |v| v.day().format("%Y-%m-%d").to_string());
    round_trip::<Cycle>(s, |v| v.as_str().to_owned());
    if let Ok(d) = s.parse::<DueDays>() {
        assert!(d.get() <= 365);
    }
    round_trip::<DueDays>(s, |v| v.get().to_string());
    round_trip::<Lang>(s, |v| v.code().to_owned());
    let _ = Lang::from_accept_language(s);
    round_trip::<Report>(s, |v| v.name().to_owned());
    if let Ok(f) = Format::from_parts("csv", Some(s)) {
        assert_ne!(f, Format::Xlsx);
    }
    if let Ok(d) = s.parse::<Decision>() {
        assert!(matches!(s.trim(), "accept" | "return"), "{d:?}");
    }

    if let Ok(e) = Email::parse(s) {
        assert!(e.as_str().len() <= 254 && e.as_str().contains('@'));
        assert_eq!(e.as_str(), e.as_str().to_lowercase());
        assert_eq!(Email::parse(e.as_str()).ok(), Some(e));
    }
    if let Ok(u) = EvidenceUrl::parse(s) {
        let lower = u.as_str().to_ascii_lowercase();
        assert!(
            u.as_str().is_empty() || lower.starts_with("https://") || lower.starts_with("http://")
        );
        assert!(u.as_str().chars().count() <= 2000);
        assert_eq!(EvidenceUrl::parse(u.as_str()).ok(), Some(u));
    }
    // Free text is kept exactly, within its limit, free of control characters.
    let kept = |t: &str, max: usize, multiline: bool| {
        assert_eq!(t, s);
        assert!(t.chars().count() <= max);
        assert!(
            t.chars()
                .all(|c| !c.is_control() || (multiline && matches!(c, '\n' | '\r' | '\t')))
        );
    };
    if let Ok(n) = Narrative::parse(s) {
        kept(n.as_str(), 10_000, true);
    }
    if let Ok(n) = ReviewComment::parse(s) {
        kept(n.as_str(), 5_000, true);
    }
    if let Ok(n) = CommentText::parse(s) {
        kept(n.as_str(), 5_000, true);
        assert!(!n.is_blank());
    }
    if let Ok(Some(f)) = FormId::parse(s) {
        assert!(f.as_str().len() <= 64);
        assert!(
            f.as_str()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(FormId::parse(f.as_str()).ok(), Some(Some(f)));
    }
    if let Ok(n) = PersonName::parse(s) {
        kept(n.as_str(), 200, false);
        assert!(!n.is_blank());
    }
    if let Ok(n) = SnapshotName::parse(s) {
        kept(n.as_str(), 120, false);
    }
    if let Ok(p) = Password::parse(s) {
        let n = p.expose().chars().count();
        assert!((12..=128).contains(&n) && !p.expose().contains('\0'));
    }

    // File names made from snapshot names: letters, digits and single inner hyphens.
    let sl = slug(s);
    assert!(sl.chars().count() <= 60);
    assert!(
        sl.chars().all(|c| c.is_alphanumeric() || c == '-'),
        "{sl:?}"
    );
    assert!(
        !sl.starts_with('-') && !sl.ends_with('-') && !sl.contains("--"),
        "{sl:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        check(s);
    }
});
