//! Form bodies and query strings as they travel, built from field values.

use proptest::prelude::*;
use proptest::sample::select;

use super::Ctype;
use super::values::hostile;
use crate::helpers::urlencode;

/// Fragments of a form or query string no browser would send.
pub const RAW: &[&str] = &[
    "%",
    "%Z",
    "%ZZ=1",
    "a=%FF%FE",
    "%C3%28=x",
    "==",
    "&&&",
    "=",
    "k",
    "a=b=c",
    "x%00=1",
    "%E2%80%AE=1",
    "+=+",
    "%F0%9F%8E%89=%F0%9F",
];

/// A form body or query string as it travels: each field present or not,
/// sometimes twice, with raw fragments, an unknown key, a wrong content type.
#[derive(Debug, Clone)]
pub struct Wire {
    pub pairs: Vec<(String, String)>,
    pub raw: Vec<String>,
    pub duplicated: bool,
    pub ctype: Ctype,
}

impl Wire {
    pub fn encode(&self) -> String {
        self.pairs
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .chain(self.raw.iter().cloned())
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The fields as the server reads them, when it can read them at all.
    pub fn clean(&self) -> bool {
        !self.duplicated && self.raw.is_empty() && self.ctype == Ctype::Form
    }

    pub fn get(&self, key: &str) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }

    pub fn body(&self) -> Option<(Ctype, String)> {
        Some((self.ctype, self.encode()))
    }
}

pub type Field = (&'static str, BoxedStrategy<String>);

/// The fields drawn, then a repeated key (`dup`) and an unknown one
/// (`extra`) when drawn too; and whether a key now appears twice.
pub fn with_extra<V>(
    values: Vec<Option<(String, V)>>,
    dup: Option<(&str, V)>,
    extra: Option<(String, V)>,
) -> (Vec<(String, V)>, bool) {
    let mut fields: Vec<(String, V)> = values.into_iter().flatten().collect();
    let mut duplicated = false;
    if let Some((k, v)) = dup {
        duplicated = fields.iter().any(|(p, _)| p == k);
        fields.push((k.to_owned(), v));
    }
    if let Some((k, v)) = extra {
        duplicated |= fields.iter().any(|(p, _)| *p == k);
        fields.push((k, v));
    }
    (fields, duplicated)
}

/// Wires over `fields`, each present with probability `present`.
pub fn wire(fields: Vec<Field>, present: f64, ctypes: bool) -> BoxedStrategy<Wire> {
    let keys: Vec<&'static str> = fields.iter().map(|(k, _)| *k).collect();
    let values: Vec<BoxedStrategy<Option<(String, String)>>> = fields
        .into_iter()
        .map(|(k, s)| {
            prop::option::weighted(present, s)
                .prop_map(move |v| v.map(|v| (k.to_owned(), v)))
                .boxed()
        })
        .collect();
    let ctype = if ctypes {
        prop_oneof![
            20 => Just(Ctype::Form),
            1 => Just(Ctype::Missing),
            1 => Just(Ctype::Json),
            1 => Just(Ctype::Text),
        ]
        .boxed()
    } else {
        Just(Ctype::Form).boxed()
    };
    (
        values,
        prop::option::weighted(0.08, (select(keys), hostile())),
        prop::option::weighted(0.08, select(RAW)),
        prop::option::weighted(0.05, ("[a-z_]{1,12}", hostile())),
        ctype,
    )
        .prop_map(|(values, dup, raw, extra, ctype)| {
            let (pairs, duplicated) = with_extra(values, dup, extra);
            Wire {
                pairs,
                raw: raw.map(|r| vec![r.to_owned()]).unwrap_or_default(),
                duplicated,
                ctype,
            }
        })
        .boxed()
}
