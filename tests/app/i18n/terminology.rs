//! The terminology table (`locales/terminology.csv`): one term per concept
//! in each language. Every term it names is in use, and no word it rules out
//! appears in the interface's messages, the seeds or the Russian text of the
//! code (country names, demo data).

use std::path::{Path, PathBuf};

struct Term {
    concept: String,
    en: String,
    ru: String,
    en_ruled_out: Vec<String>,
    ru_ruled_out: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn table() -> Vec<Term> {
    let mut reader = csv::Reader::from_path(root().join("locales/terminology.csv"))
        .expect("locales/terminology.csv");
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "concept",
            "en",
            "ru",
            "en_ruled_out",
            "ru_ruled_out",
            "note"
        ]
    );
    let split = |s: &str| {
        s.split('|')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed row");
            Term {
                concept: r[0].to_owned(),
                en: r[1].to_lowercase(),
                ru: r[2].to_lowercase(),
                en_ruled_out: split(&r[3]),
                ru_ruled_out: split(&r[4]),
            }
        })
        .collect()
}

/// Fluent messages, comments left out: what people read.
fn messages(lang: &str) -> String {
    std::fs::read_to_string(root().join(format!("locales/{lang}.ftl")))
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase()
}

/// Where `needle` starts a word of `text`; with `whole`, where it is also a
/// whole word, or that word with a plural "s".
fn occurs(text: &str, needle: &str, whole: bool) -> bool {
    text.match_indices(needle).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let mut after = text[i + needle.len()..].chars();
        let starts = !before.is_some_and(char::is_alphabetic);
        let ends = match after.next() {
            None => true,
            Some('s') => !after.next().is_some_and(char::is_alphabetic),
            Some(c) => !c.is_alphabetic(),
        };
        starts && (!whole || ends)
    })
}

/// Russian inflects: a term is found by its stem, the lemma without up to
/// two final vowels or soft signs ("сводка" is found as "сводк").
fn stem(word: &str) -> String {
    let mut w: Vec<char> = word.chars().collect();
    for _ in 0..2 {
        if w.len() > 4 && "аяоеёиыйьуюэ".contains(w[w.len() - 1]) {
            w.pop();
        }
    }
    w.into_iter().collect()
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

#[test]
fn every_term_in_the_table_is_used_and_no_ruled_out_word_appears() {
    let terms = table();
    assert!(terms.len() >= 25, "the table has {} terms", terms.len());
    let (en, ru) = (messages("en"), messages("ru"));
    let mut russian_elsewhere = Vec::new();
    files_under(&root().join("src"), "rs", &mut russian_elsewhere);
    files_under(&root().join("seeds"), "csv", &mut russian_elsewhere);
    let russian_elsewhere: Vec<(PathBuf, String)> = russian_elsewhere
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap().to_lowercase();
            (p, text)
        })
        .collect();

    let mut problems = Vec::new();
    for t in &terms {
        if !occurs(&en, &t.en, false) {
            problems.push(format!("{}: \"{}\" is not used in en.ftl", t.concept, t.en));
        }
        for word in t.ru.split_whitespace() {
            if !occurs(&ru, &stem(word), false) {
                problems.push(format!("{}: «{word}» is not used in ru.ftl", t.concept));
            }
        }
        for word in &t.en_ruled_out {
            if occurs(&en, word, true) {
                problems.push(format!(
                    "{}: en.ftl says \"{word}\"; the table says \"{}\"",
                    t.concept, t.en
                ));
            }
        }
        for word in &t.ru_ruled_out {
            if occurs(&ru, word, false) {
                problems.push(format!(
                    "{}: ru.ftl says «{word}»; the table says «{}»",
                    t.concept, t.ru
                ));
            }
            for (path, text) in &russian_elsewhere {
                if occurs(text, word, false) {
                    problems.push(format!(
                        "{}: {} says «{word}»; the table says «{}»",
                        t.concept,
                        path.strip_prefix(root()).unwrap().display(),
                        t.ru
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_ruled_out_word_is_found_where_it_starts_a_word_and_not_inside_one() {
    assert!(occurs("региональное направление", "направлени", false));
    assert!(!occurs("перенаправление", "направлени", false));
    assert!(occurs("the progress reports are", "progress report", true));
    assert!(!occurs("no progress reported yet", "progress report", true));
    assert_eq!(stem("сводка"), "сводк");
    assert_eq!(stem("обязательство"), "обязательств");
    assert_eq!(stem("трек"), "трек");
}
