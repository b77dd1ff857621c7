//! Light on slow links: pages, the stylesheet and CSV downloads come
//! gzip-encoded when asked; XLSX is left alone.

use reqwest::header::{
    ACCEPT_ENCODING, CONTENT_DISPOSITION, CONTENT_ENCODING, CONTENT_LENGTH, HeaderMap,
};

use crate::helpers::{PASSWORD, TestApp, parse_csv};

/// A client that neither asks for nor undoes compression by itself: what
/// comes back is the bytes on the wire.
fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The same path fetched plain, gzip-encoded as sent, and gzip-encoded
/// decoded by reqwest: (plain, on the wire, decoded) bodies.
async fn three_ways(
    app: &TestApp,
    path: &str,
    bearer: Option<&str>,
) -> (HeaderMap, Vec<u8>, Vec<u8>, Vec<u8>) {
    let get = |c: &reqwest::Client, gzip: bool| {
        let mut r = c.get(app.url(path));
        if gzip {
            r = r.header(ACCEPT_ENCODING, "gzip");
        }
        if let Some(t) = bearer {
            r = r.bearer_auth(t);
        }
        r
    };
    let raw = raw_client();
    let plain = get(&raw, false).send().await.unwrap();
    assert_eq!(plain.status(), 200, "{path}");
    assert!(
        plain.headers().get(CONTENT_ENCODING).is_none(),
        "{path} was encoded though nobody asked"
    );
    let plain = plain.bytes().await.unwrap().to_vec();
    let wire = get(&raw, true).send().await.unwrap();
    assert_eq!(wire.status(), 200, "{path}");
    let headers = wire.headers().clone();
    let wire = wire.bytes().await.unwrap().to_vec();
    // reqwest asks for gzip and decodes it.
    let decoding = reqwest::Client::builder().gzip(true).build().unwrap();
    let decoded = get(&decoding, false).send().await.unwrap();
    assert!(decoded.headers().get(CONTENT_ENCODING).is_none());
    let decoded = decoded.bytes().await.unwrap().to_vec();
    (headers, plain, wire, decoded)
}

fn assert_gzip(path: &str, headers: &HeaderMap, plain: &[u8], wire: &[u8], decoded: &[u8]) {
    assert_eq!(
        headers.get(CONTENT_ENCODING).map(|v| v.to_str().unwrap()),
        Some("gzip"),
        "{path} is not gzip-encoded when asked"
    );
    assert!(
        headers
            .get_all("vary")
            .iter()
            .any(|v| v.to_str().unwrap().contains("accept-encoding")),
        "{path} does not say it varies by Accept-Encoding"
    );
    assert!(
        wire.starts_with(&[0x1f, 0x8b]),
        "{path}: the body is not a gzip stream"
    );
    assert!(
        wire.len() < plain.len(),
        "{path}: {} bytes gzip-encoded for {} plain",
        wire.len(),
        plain.len()
    );
    assert_eq!(
        decoded, plain,
        "{path}: decompressed, it differs from the plain response"
    );
}

#[tokio::test]
async fn pages_and_the_stylesheet_come_gzip_encoded_when_asked() {
    let app = TestApp::with_standard_users().await;

    let (headers, plain, wire, decoded) = three_ways(&app, "/login", None).await;
    assert_gzip("/login", &headers, &plain, &wire, &decoded);

    let html = String::from_utf8(plain).unwrap();
    let css = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the page links a stylesheet")
        .to_owned();
    let (headers, plain, wire, decoded) = three_ways(&app, &css, None).await;
    assert_gzip(&css, &headers, &plain, &wire, &decoded);
    assert!(String::from_utf8(plain).unwrap().contains("font-family"));

    // A signed-in page, through the session cookie like a browser.
    let raw = raw_client();
    let resp = raw
        .post(app.url("/login"))
        .form(&[
            ("email", "donor@example.org"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let wire = raw
        .get(app.url("/commitments"))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(wire.status(), 200);
    assert_eq!(wire.headers()[CONTENT_ENCODING], "gzip");
    let wire = wire.bytes().await.unwrap();
    let plain = raw
        .get(app.url("/commitments"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(plain.starts_with(b"<!DOCTYPE html>"));
    assert!(
        wire.len() * 4 < plain.len(),
        "{} vs {}",
        wire.len(),
        plain.len()
    );
}

#[tokio::test]
async fn csv_downloads_stream_gzip_encoded_and_xlsx_is_left_alone() {
    let app = TestApp::with_standard_users().await;
    let token = app.token_for("donor@example.org").await;

    let path = "/reports/commitments.csv";
    let (headers, plain, wire, decoded) = three_ways(&app, path, Some(&token)).await;
    assert_gzip(path, &headers, &plain, &wire, &decoded);
    assert!(
        headers[CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"jpoa-commitments-"),
        "{headers:?}"
    );
    assert!(
        headers.get(CONTENT_LENGTH).is_none(),
        "a streamed, compressed body cannot announce its length"
    );
    parse_csv(&plain);

    // XLSX is a zip file already: sent as is, whatever the client accepts.
    let resp = raw_client()
        .get(app.url("/reports/commitments.xlsx"))
        .bearer_auth(&token)
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers().get(CONTENT_ENCODING).is_none());
    assert!(
        resp.headers()[CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(".xlsx")
    );
    let body = resp.bytes().await.unwrap();
    assert!(body.starts_with(b"PK"), "not a zip file");
}
