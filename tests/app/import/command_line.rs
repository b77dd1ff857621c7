//! `jpoa-tracker import commitments`: all or nothing, with line and column
//! numbers.

use std::path::Path;

use crate::helpers::{query_value, run};

fn count(db: &Path, sql: &str) -> i64 {
    query_value(db, sql)
}

#[test]
fn import_is_all_or_nothing_with_line_and_column_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let good = dir.path().join("official.csv");
    std::fs::write(
        &good,
        "\u{feff}document,code,pillar,theme,target_year,title_en,title_ru,tracks\n\
         JPOA-2022,P2.12,2,financing,2027,Official text of action 2.12,Официальный текст,KZ KG TJ TM UZ\n\
         JPOA-2022,P1.01,1,tolerance,2030,Promote tolerance (official wording),,KZ KG REG\n\
         TASHKENT-DECL-2022,TD.1,3,new-theme,2031,Declaration item,,REG\n",
    )
    .unwrap();
    let (ok, out, err) = run(&["import", "commitments", good.to_str().unwrap()], &db, "");
    assert!(ok, "{err}");
    assert!(out.contains("1 commitments created, 2 updated"), "{out}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM commitments WHERE code = 'P2.12' AND illustrative = 0"
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM tracks t JOIN commitments c ON c.id = t.commitment_id WHERE c.code = 'P1.01'"
        ),
        3
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM themes WHERE code = 'new-theme'"),
        1
    );

    let before = count(&db, "SELECT count(*) FROM commitments");
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "document,code,pillar,theme,target_year,title_en,title_ru,tracks\n\
         JPOA-2022,P9.01,1,youth,2027,Fine line,,KZ\n\
         JPOA-2022,P9.02,5,youth,2040,Bad pillar and year,,KZ\n\
         JPOA-2022,P9.01,1,youth,2027,Duplicate code,,KZ\n\
         JPOA-2022,P9.03,1,youth,2027,Bad track,,RU\n",
    )
    .unwrap();
    let (ok, _, err) = run(&["import", "commitments", bad.to_str().unwrap()], &db, "");
    assert!(!ok);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("line 3, column 3 (pillar)"), "{err}");
    assert!(err.contains("line 3, column 5 (target_year)"), "{err}");
    assert!(
        err.contains("line 4, column 2 (code): code 'P9.01' already appears on line 2"),
        "{err}"
    );
    assert!(err.contains("line 5, column 8 (tracks)"), "{err}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM commitments"),
        before,
        "nothing was imported"
    );

    let wrong_columns = dir.path().join("cols.csv");
    std::fs::write(&wrong_columns, "code,titel\nX,Y\n").unwrap();
    let (ok, _, err) = run(
        &["import", "commitments", wrong_columns.to_str().unwrap()],
        &db,
        "",
    );
    assert!(!ok);
    assert!(
        err.contains("unknown column 'titel'") && err.contains("missing column 'document'"),
        "{err}"
    );

    let latin1 = dir.path().join("latin1.csv");
    let mut bytes = b"document,code,pillar,theme,target_year,title_en,title_ru,tracks\nJPOA-2022,P9.09,1,youth,2027,Caf".to_vec();
    bytes.extend([0xE9, b',', b',', b'K', b'Z', b'\n']);
    std::fs::write(&latin1, bytes).unwrap();
    let (ok, _, err) = run(
        &["import", "commitments", latin1.to_str().unwrap()],
        &db,
        "",
    );
    assert!(!ok);
    assert!(err.contains("line 2") && err.contains("UTF-8"), "{err}");
}
