//! The interface in English and Russian: Fluent messages from `locales/`,
//! compiled into the binary and shared by every request.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::{Country, Invalid};

/// A language the interface speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];

    /// Its place in [`Lang::ALL`].
    pub fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Ru => 1,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// The language's name in itself, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../locales/en.ftl"),
            Lang::Ru => include_str!("../../locales/ru.ftl"),
        }
    }

    /// The first of English and Russian a browser asks for, by q-value:
    /// `ru-RU,ru;q=0.9,en;q=0.8` gives Russian; nothing we speak gives English.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for item in header.split(',').take(32) {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            let Ok(lang) = primary.parse::<Lang>() else {
                continue;
            };
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .next()
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .filter(|q| q.is_finite() && *q > 0.0);
            if let Some(q) = q
                && best.is_none_or(|(b, _)| q > b)
            {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::En, |(_, l)| l)
    }
}

impl std::str::FromStr for Lang {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Invalid::from(Msg::new("invalid-lang")))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> Bundle {
    let id = lang.code().parse().expect("en and ru are language tags");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Fluent wraps arguments in Unicode isolation marks for plain text; in
    // HTML they are invisible noise that breaks copy and search.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(lang.source().to_owned()) {
        Ok(r) => r,
        Err((r, errors)) => {
            tracing::error!(lang = lang.code(), ?errors, "locale file has syntax errors");
            r
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(
            lang = lang.code(),
            ?errors,
            "locale file has duplicate messages"
        );
    }
    bundle
}

static BUNDLES: LazyLock<[Bundle; 2]> = LazyLock::new(|| Lang::ALL.map(bundle));

/// Translates into one language; cheap to copy into every component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub const EN: Tr = Tr { lang: Lang::En };

    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    pub fn t(self, id: &str) -> String {
        self.t_args(id, &[])
    }

    /// A message with arguments; pass counts as numbers so that plural
    /// forms follow the language's rules (1 трек, 3 трека, 5 треков).
    pub fn t_args(self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let bundle = &BUNDLES[self.lang as usize];
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(id, lang = self.lang.code(), "missing message");
            return format!("⟦{id}⟧");
        };
        let fluent_args = (!args.is_empty()).then(|| {
            let mut a = FluentArgs::with_capacity(args.len());
            for (name, value) in args {
                a.set(*name, value.clone());
            }
            a
        });
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                id,
                lang = self.lang.code(),
                ?errors,
                "message did not format cleanly"
            );
        }
        text.into_owned()
    }

    pub fn msg(self, m: &Msg) -> String {
        match m {
            Msg::Text(s) => s.clone(),
            Msg::Id { id, args } => {
                let values: Vec<(&str, FluentValue<'_>)> = args
                    .iter()
                    .map(|(name, a)| {
                        let v = match a {
                            MsgArg::Text(s) => FluentValue::from(s.as_str()),
                            MsgArg::Num(n) => FluentValue::from(*n),
                            MsgArg::Id(id) => FluentValue::from(self.t(id)),
                            MsgArg::Country(c) => FluentValue::from(c.name(self.lang)),
                            MsgArg::Msg(m) => FluentValue::from(self.msg(m)),
                        };
                        (*name, v)
                    })
                    .collect();
                self.t_args(id, &values)
            }
        }
    }
}

/// Something to tell a user, kept as a message id until the language of
/// the page is known. `Display` gives the English text (API, command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Id {
        id: &'static str,
        args: Vec<(&'static str, MsgArg)>,
    },
    /// Text that has no message id; shown as it is in every language.
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MsgArg {
    Text(String),
    Num(i64),
    /// Another message, translated first (e.g. a field's name).
    Id(&'static str),
    Country(Country),
    /// A whole message, translated first (a phrase inside a sentence).
    Msg(Box<Msg>),
}

impl From<Msg> for MsgArg {
    fn from(m: Msg) -> MsgArg {
        MsgArg::Msg(Box::new(m))
    }
}

impl From<Country> for MsgArg {
    fn from(c: Country) -> MsgArg {
        MsgArg::Country(c)
    }
}

impl Msg {
    pub fn new(id: &'static str) -> Msg {
        Msg::Id {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<MsgArg>) -> Msg {
        if let Msg::Id { args, .. } = &mut self {
            args.push((name, value.into()));
        }
        self
    }

    /// An argument that is itself a message id, translated with the message.
    pub fn arg_id(self, name: &'static str, id: &'static str) -> Msg {
        self.arg(name, MsgArg::Id(id))
    }
}

impl From<&str> for Msg {
    fn from(s: &str) -> Msg {
        Msg::Text(s.to_owned())
    }
}

impl From<String> for Msg {
    fn from(s: String) -> Msg {
        Msg::Text(s)
    }
}

impl From<String> for MsgArg {
    fn from(s: String) -> MsgArg {
        MsgArg::Text(s)
    }
}

impl From<&str> for MsgArg {
    fn from(s: &str) -> MsgArg {
        MsgArg::Text(s.to_owned())
    }
}

macro_rules! num_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for MsgArg {
            fn from(n: $t) -> MsgArg {
                MsgArg::Num(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
num_arg!(i64, u16, u32, u64, usize);

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Tr::EN.msg(self))
    }
}

/// A value made once per language, when first needed: the HTML of a kept page.
pub struct PerLang<T>([std::sync::OnceLock<T>; Lang::ALL.len()]);

impl<T> Default for PerLang<T> {
    fn default() -> Self {
        PerLang(Default::default())
    }
}

impl<T> PerLang<T> {
    pub fn get_or_init(&self, lang: Lang, make: impl FnOnce() -> T) -> &T {
        self.0[lang.index()].get_or_init(make)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The ids a locale file defines: every entry starts at column 0.
    fn ids(lang: Lang) -> BTreeSet<String> {
        if let Err((_, e)) = FluentResource::try_new(lang.source().to_owned()) {
            panic!("{} does not parse: {e:?}", lang.code());
        }
        lang.source()
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-'))
            .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    #[test]
    fn both_languages_parse_and_define_the_same_messages() {
        let (en, ru) = (ids(Lang::En), ids(Lang::Ru));
        assert!(en.len() > 100, "{} messages", en.len());
        let only_en: Vec<_> = en.difference(&ru).collect();
        let only_ru: Vec<_> = ru.difference(&en).collect();
        assert!(
            only_en.is_empty() && only_ru.is_empty(),
            "only in en.ftl: {only_en:?}; only in ru.ftl: {only_ru:?}"
        );
        for lang in Lang::ALL {
            let mut b = FluentBundle::new_concurrent(vec![lang.code().parse().unwrap()]);
            b.add_resource(FluentResource::try_new(lang.source().to_owned()).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e:?}", lang.code()));
        }
    }

    #[test]
    fn russian_counts_take_the_right_plural_form() {
        let ru = Tr::new(Lang::Ru);
        let n = |k: i64| ru.t_args("count-tracks", &[("n", k.into())]);
        assert_eq!(n(1), "1 трек");
        assert_eq!(n(3), "3 трека");
        assert_eq!(n(5), "5 треков");
        assert_eq!(n(21), "21 трек");
        assert_eq!(n(11), "11 треков");
        let en = Tr::EN;
        assert_eq!(en.t_args("count-tracks", &[("n", 1.into())]), "1 track");
        assert_eq!(en.t_args("count-tracks", &[("n", 2.into())]), "2 tracks");
    }

    #[test]
    fn a_missing_message_is_visible() {
        assert_eq!(Tr::EN.t("no-such-message"), "⟦no-such-message⟧");
    }

    #[test]
    fn accept_language_picks_by_q_value() {
        let l = Lang::from_accept_language;
        assert_eq!(l(""), Lang::En);
        assert_eq!(l("ru"), Lang::Ru);
        assert_eq!(l("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"), Lang::Ru);
        assert_eq!(l("de-DE,de;q=0.9,en;q=0.5,ru;q=0.8"), Lang::Ru);
        assert_eq!(l("en;q=0.9,ru;q=0.9"), Lang::En);
        assert_eq!(l("ru;q=0,en;q=0.1"), Lang::En);
        assert_eq!(l("fr, *"), Lang::En);
        assert_eq!(l("kk-KZ, ru;q=0.5"), Lang::Ru);
    }

    #[test]
    fn errors_keep_their_english_text() {
        let m = Msg::new("invalid-too-long")
            .arg_id("field", "field-narrative")
            .arg("n", 12usize)
            .arg("max", 10usize);
        assert_eq!(
            m.to_string(),
            "narrative is 12 characters long; at most 10 are allowed"
        );
    }
}
