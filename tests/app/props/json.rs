//! JSON bodies built from field values, and bodies that are not the object
//! asked for.

use proptest::prelude::*;
use proptest::sample::select;

use super::Ctype;
use super::forms::{Field, with_extra};
use super::values::hostile;

/// A JSON value as text, and what it holds when the server can tell.
#[derive(Debug, Clone)]
pub enum Val {
    Str(String),
    Null,
    Other,
}

#[derive(Debug, Clone)]
pub struct JsonValue {
    pub text: String,
    pub val: Val,
}

pub const JSON_OTHER: &[&str] = &[
    "true",
    "false",
    "0",
    "-1",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "1e309",
    "-1e309",
    "1.5e-400",
    "0.1",
    "2024",
    "[]",
    "[\"2024\"]",
    "{}",
    "{\"a\":1}",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "NaN",
    "'single'",
    "\"unterminated",
    "\"\\x41\"",
];

pub fn json_value(s: BoxedStrategy<String>) -> BoxedStrategy<JsonValue> {
    prop_oneof![
        12 => s.prop_map(|s| JsonValue {
            text: serde_json::to_string(&s).unwrap(),
            val: Val::Str(s),
        }),
        1 => Just(JsonValue { text: "null".into(), val: Val::Null }),
        1 => select(JSON_OTHER).prop_map(|t| JsonValue { text: t.into(), val: Val::Other }),
    ]
    .boxed()
}

/// Whole bodies that are not the object asked for.
pub fn raw_json() -> BoxedStrategy<String> {
    prop_oneof![
        select(
            &[
                "",
                "{",
                "}",
                "[]",
                "null",
                "\"x\"",
                "42",
                "{\"period\": \"2024\", ",
                "\u{feff}{}",
                "{'period': '2024'}",
                "{\"period\":\"2024\",}",
                "period=2024&status=limited",
                "{\"email\":\"a@b.org\" \"password\":\"x\"}",
                "\0",
            ][..]
        )
        .prop_map(str::to_owned),
        (1usize..400).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
        (1usize..300).prop_map(|n| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n))),
        Just(format!("{{\"narrative_en\":\"{}\"}}", "x".repeat(300_000))),
        any::<String>(),
    ]
    .boxed()
}

#[derive(Debug, Clone)]
pub struct JsonBody {
    pub fields: Vec<(String, JsonValue)>,
    /// The fields the request takes; any other is refused (400).
    pub known: Vec<&'static str>,
    pub raw: Option<String>,
    pub duplicated: bool,
    pub ctype: Ctype,
}

impl JsonBody {
    pub fn text(&self) -> String {
        self.raw.clone().unwrap_or_else(|| {
            let parts: Vec<String> = self
                .fields
                .iter()
                .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), v.text))
                .collect();
            format!("{{{}}}", parts.join(","))
        })
    }

    /// Sent as JSON, an object of the request's fields, each key once,
    /// each value valid JSON.
    pub fn clean(&self) -> bool {
        self.raw.is_none()
            && !self.duplicated
            && self
                .fields
                .iter()
                .all(|(k, _)| self.known.contains(&k.as_str()))
            && self.ctype == Ctype::Json
            && serde_json::from_str::<serde_json::Value>(&self.text()).is_ok()
    }

    pub fn get(&self, key: &str) -> Option<&Val> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| &v.val)
    }

    /// A field the server reads as text: missing and null are "", anything
    /// else but a string is None.
    pub fn text_field(&self, key: &str) -> Option<String> {
        match self.get(key) {
            None | Some(Val::Null) => Some(String::new()),
            Some(Val::Str(s)) => Some(s.clone()),
            Some(Val::Other) => None,
        }
    }

    pub fn body(&self) -> Option<(Ctype, String)> {
        Some((self.ctype, self.text()))
    }
}

pub fn json_body(fields: Vec<Field>) -> BoxedStrategy<JsonBody> {
    json_body_with(fields, Vec::new())
}

/// As [`json_body`], sometimes with fields the request does not take.
pub fn json_body_with(fields: Vec<Field>, unknown: Vec<Field>) -> BoxedStrategy<JsonBody> {
    let known: Vec<&'static str> = fields.iter().map(|(k, _)| *k).collect();
    let fields: Vec<Field> = fields.into_iter().chain(unknown).collect();
    let keys: Vec<&'static str> = fields.iter().map(|(k, _)| *k).collect();
    let values: Vec<BoxedStrategy<Option<(String, JsonValue)>>> = fields
        .into_iter()
        .map(|(k, s)| {
            prop::option::weighted(0.9, json_value(s))
                .prop_map(move |v| v.map(|v| (k.to_owned(), v)))
                .boxed()
        })
        .collect();
    (
        values,
        prop::option::weighted(0.08, (select(keys), json_value(hostile()))),
        prop::option::weighted(0.1, raw_json()),
        prop::option::weighted(0.05, ("[a-z_]{1,12}", json_value(hostile()))),
        prop_oneof![20 => Just(Ctype::Json), 1 => Just(Ctype::Missing), 1 => Just(Ctype::Form), 1 => Just(Ctype::Text)],
    )
        .prop_map(move |(values, dup, raw, extra, ctype)| {
            let (fields, duplicated) = with_extra(values, dup, extra);
            JsonBody {
                fields,
                known: known.clone(),
                raw,
                duplicated,
                ctype,
            }
        })
        .boxed()
}
