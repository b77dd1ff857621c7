//! Hostile values, and the field values of each form: mostly plausible,
//! often hostile.

use proptest::prelude::*;
use proptest::sample::select;

use super::forms::Field;
use crate::helpers::Period;

/// Pieces that have broken web apps before.
pub const SPICE: &[&str] = &[
    "",
    " ",
    "\0",
    "a\0b",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\x7f",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://x.example\",\"y\")",
    "=1+2",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "'; DROP TABLE updates; --",
    "\" OR 1=1 --",
    "Обучено 45 сотрудников",
    "ҚАЗАҚСТАН Ўзбекистон",
    "🎉",
    "👩‍👩‍👧‍👦",
    "\u{1F1F0}\u{1F1FF}",
    "é",
    "Ω≈ç√∫",
    "%",
    "%00",
    "%ZZ",
    "%C3%28",
    "&",
    "=",
    "&x=1",
    "+",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "../../etc/passwd",
    "\\\\server\\share",
    "null",
    "undefined",
    "[object Object]",
    "\u{FFFD}",
    "\u{10FFFF}",
];

/// Numbers at the edges, as text.
pub const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "2",
    "4",
    "5",
    "31",
    "365",
    "366",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551616",
    "99999999999999999999999999",
    "1e309",
    "-1e309",
    "1.5",
    "0.0",
    "NaN",
    "inf",
    "0x10",
    "1_000",
    "٣",
    "２０２４",
    "2024.0",
    "+2024",
    " 2024 ",
    "1e3",
];

pub const LONG: &[usize] = &[
    119, 120, 121, 200, 201, 254, 255, 2_000, 2_001, 5_000, 5_001, 10_000, 10_001, 30_000,
];

pub fn long() -> impl Strategy<Value = String> {
    (
        select(&["x", "я", "🎉", "=", "\u{202e}", " "][..]),
        select(LONG),
    )
        .prop_map(|(c, n)| c.repeat(n))
}

/// Anything at all: arbitrary Unicode (controls and NUL included), the
/// spice above alone or mixed into text, Cyrillic, very long strings and
/// numbers at their edges.
pub fn hostile() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "\\PC{0,40}",
        2 => "[а-яА-ЯёЁ0-9 ,.«»-]{0,40}",
        2 => select(SPICE).prop_map(str::to_owned),
        2 => (select(SPICE), "\\PC{0,12}", select(SPICE)).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        1 => long(),
        2 => select(NUMBERS).prop_map(str::to_owned),
    ]
    .boxed()
}

/// Mostly one of `valid`, sometimes one of `near` (what a person might
/// mistype), else something hostile.
pub fn one_of(
    valid: &'static [&'static str],
    near: &'static [&'static str],
) -> BoxedStrategy<String> {
    prop_oneof![
        8 => select(valid).prop_map(str::to_owned),
        1 => select(near).prop_map(str::to_owned),
        1 => hostile(),
    ]
    .boxed()
}

/// Printable text with something hostile mixed in: markup, formulas,
/// direction overrides, emoji. All of it must be kept exactly.
pub fn spiced() -> BoxedStrategy<String> {
    let printable: Vec<&'static str> = SPICE
        .iter()
        .copied()
        .filter(|s| !s.chars().any(char::is_control))
        .collect();
    (select(printable.clone()), "\\PC{0,20}", select(printable))
        .prop_map(|(a, b, c)| format!("{a}{b}{c}"))
        .boxed()
}

/// Path segments that name nothing or try to name too much.
pub const BAD_IDS: &[&str] = &[
    "0",
    "-1",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "99999999999999999999",
    "1.0",
    "1e3",
    "+1",
    "01",
    "0x1",
    "abc",
    "%00",
    "%20",
    "%E2%80%AE1",
    "%D9%A3",
    "%EF%BC%91",
    "1%2F2",
    "%25",
    "1;2",
    "null",
];

/// A path id: one of `good` (those the test set up), else a bad one.
pub fn path_id(good: Vec<String>) -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(good),
        1 => select(BAD_IDS).prop_map(str::to_owned),
    ]
    .boxed()
}

// Field values: mostly plausible, often hostile.

pub const NEAR_PERIODS: &[&str] = &[
    "2021",
    "2032",
    "2024-H3",
    "2024-h1",
    "2024-",
    "24",
    "2024 H1",
    "2024-H1-H2",
];

pub const STATUSES: &[&str] = &[
    "not_started",
    "limited",
    "substantial",
    "complete",
    " complete ",
];

pub const NEAR_STATUSES: &[&str] = &["no_information", "Limited", "done", "not started"];

pub fn period() -> BoxedStrategy<String> {
    let all: Vec<String> = Period::all()
        .iter()
        .map(ToString::to_string)
        .chain([" 2026 ".to_owned()])
        .collect();
    prop_oneof![
        8 => select(all),
        1 => select(NEAR_PERIODS).prop_map(str::to_owned),
        1 => hostile(),
    ]
    .boxed()
}

pub fn status() -> BoxedStrategy<String> {
    one_of(STATUSES, NEAR_STATUSES)
}

pub fn narrative() -> BoxedStrategy<String> {
    prop_oneof![
        2 => "\\PC{1,60}",
        3 => spiced(),
        2 => "[а-яА-ЯёЁ0-9 ,.\n]{1,80}",
        1 => (select(&["я", "🎉", "x"][..]), select(&[9_999usize, 10_000][..])).prop_map(|(c, n)| c.repeat(n)),
        3 => hostile(),
    ]
    .boxed()
}

pub fn evidence_url() -> BoxedStrategy<String> {
    prop_oneof![
        2 => Just(String::new()),
        5 => "https?://[a-z]{1,10}\\.(org|kz|uz)/[a-zA-Z0-9_./?=&%-]{0,30}",
        1 => select(&[
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "https://",
            "https:///x",
            "HTTPS://GOV.KZ/A",
            "https://a.org/\u{202e}fdp.exe",
            "https://a.org/ b",
            "ftp://x.org",
            "//evil.example",
            "https://пример.рф/отчёт",
        ][..])
        .prop_map(str::to_owned),
        1 => hostile(),
    ]
    .boxed()
}

pub fn update_fields() -> Vec<Field> {
    vec![
        ("period", period()),
        ("status", status()),
        ("narrative_en", narrative()),
        ("narrative_ru", narrative()),
        ("evidence_url", evidence_url()),
    ]
}

pub const EMAILS: &[&str] = &[
    "kz@example.org",
    "rev@example.org",
    "admin@example.org",
    "donor@example.org",
];

pub fn email() -> BoxedStrategy<String> {
    prop_oneof![
        2 => select(EMAILS).prop_map(str::to_owned),
        1 => select(EMAILS).prop_map(|e| format!("  {}  ", e.to_uppercase())),
        3 => "[a-z0-9._+-]{1,16}@[a-z0-9-]{1,12}\\.(org|kz|рф)",
        1 => "[а-яё]{1,8}@[а-яё]{2,8}\\.рф",
        4 => hostile(),
    ]
    .boxed()
}

/// A password zxcvbn scores high: random lower-case words and digits.
pub fn strong_password() -> BoxedStrategy<String> {
    "[a-z]{5,9} [a-z]{5,9} [a-z]{5,9} [0-9]{2,4}".boxed()
}
