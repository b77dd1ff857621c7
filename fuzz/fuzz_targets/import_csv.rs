//! Arbitrary bytes as a commitments CSV: the import parser answers with the
//! rows to write or with errors that each name their line; it never panics.

#![no_main]

use std::collections::{HashMap, HashSet};

use jpoa_tracker::db::import::{ImportError, parse_commitments};
use libfuzzer_sys::fuzz_target;

/// "line N…" with N a line number (1 is the header).
fn line_numbered(msg: &str) -> bool {
    msg.strip_prefix("line ")
        .map(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap_or("")
        })
        .and_then(|n| n.parse::<u64>().ok())
        .is_some_and(|n| n >= 1)
}

fuzz_target!(|data: &[u8]| {
    let documents = HashMap::from([
        ("JPOA-2022".to_owned(), 1),
        ("TASHKENT-DECL-2022".to_owned(), 2),
    ]);
    match parse_commitments(data, &documents) {
        Ok(rows) => {
            assert!(!rows.is_empty());
            let mut seen = HashSet::new();
            for r in &rows {
                assert!(r.line() >= 2, "a row below the header: {r:?}");
                assert!((2022..=2031).contains(&r.target_year()));
                assert!(!r.tracks().is_empty());
                assert!(documents.values().any(|&id| id == r.document_id()));
                assert!(!r.code().trim().is_empty() && r.code().chars().count() <= 40);
                assert!(
                    seen.insert((r.document_id(), r.code().to_owned())),
                    "a code appears once per document"
                );
            }
        }
        Err(ImportError::Rejected(problems)) => {
            assert!(!problems.is_empty(), "an error says what is wrong");
            for p in &problems {
                let msg = p.to_string();
                assert!(
                    line_numbered(&msg)
                        || msg == "too many errors; stopped checking"
                        || msg == "the file has no commitments",
                    "not line-numbered: {msg}"
                );
            }
        }
        Err(ImportError::Database(e)) => panic!("parsing touched no database: {e}"),
    }
});
