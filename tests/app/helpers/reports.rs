//! Reading the CSV reports back.

/// Parses a CSV report (after checking its BOM and CRLF) into header + rows.
pub fn parse_csv(body: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(
        body.starts_with(b"\xEF\xBB\xBF"),
        "CSV must start with a UTF-8 BOM"
    );
    let text = std::str::from_utf8(&body[3..]).unwrap();
    assert!(text.ends_with("\r\n"), "CSV lines must end with CRLF");
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

pub fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}
