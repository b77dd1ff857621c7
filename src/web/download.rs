//! Files sent as downloads: reports, snapshot files and the audit log, as
//! attachments; CSV streamed from a blocking thread as it is written.

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tokio_stream::wrappers::ReceiverStream;

use super::stream::ChannelWriter;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::reports::{Format, Report};

/// `{report}.csv` or `{report}.xlsx`: the report and the extension;
/// anything else names nothing.
pub fn report_file(file: &str) -> AppResult<(Report, &str)> {
    let (name, extension) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let report: Report = name.parse().map_err(|_| AppError::NotFound)?;
    if !matches!(extension, "csv" | "xlsx") {
        return Err(AppError::NotFound);
    }
    Ok((report, extension))
}

/// A finished file as a download.
pub fn attachment(format: Format, file_name: &str, body: Body) -> Response {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    h.insert(header::CONTENT_DISPOSITION, content_disposition(file_name));
    resp
}

/// `attachment` with an ASCII name for old clients and the exact UTF-8
/// name (RFC 6266 / 5987) for the rest, since snapshot names may be Cyrillic.
fn content_disposition(file_name: &str) -> HeaderValue {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in file_name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// A CSV attachment written on a blocking thread and streamed as it is
/// written; shared by the reports and the audit log.
pub fn csv_download<F>(
    db: &Db,
    file_name: &str,
    what: &'static str,
    write: F,
) -> AppResult<Response>
where
    F: FnOnce(&rusqlite::Connection, ChannelWriter) -> AppResult<ChannelWriter> + Send + 'static,
{
    let db = db.clone();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        let errors = tx.clone();
        let result = db.stream_reader().and_then(|conn| {
            let mut w = write(&conn, ChannelWriter::new(tx))?;
            std::io::Write::flush(&mut w).map_err(|e| AppError::Internal(e.into()))
        });
        if let Err(e) = result {
            // Headers are gone already: cutting the body short is the only
            // honest signal left, so a partial file is never taken as whole.
            tracing::error!(error = format!("{e:#}"), what, "CSV stream failed");
            let _ = errors.blocking_send(Err(std::io::Error::other("CSV stream failed")));
        }
    });
    Ok(attachment(
        Format::Csv,
        file_name,
        Body::from_stream(ReceiverStream::new(rx)),
    ))
}
