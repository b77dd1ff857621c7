//! Files sent as downloads: reports, snapshot files and the audit log, as
//! attachments; CSV streamed from a blocking thread as it is written, XLSX
//! and snapshot files built into a temporary file first, a few at once.

use std::fs::File;
use std::io::{BufWriter, Seek, Write};
use std::sync::Arc;

use anyhow::Context;
use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::AppState;
use super::stream::ChannelWriter;
use crate::error::{AppError, AppResult, BusyWith};
use crate::reports::{Format, Report};
use crate::settings::Settings;

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
/// written; shared by the reports and the audit log. A client that reads
/// nothing for the stall limit is cut off and the read ends.
pub fn csv_download<F>(
    state: &AppState,
    file_name: &str,
    what: &'static str,
    write: F,
) -> AppResult<Response>
where
    F: FnOnce(&rusqlite::Connection, ChannelWriter) -> AppResult<ChannelWriter> + Send + 'static,
{
    let db = state.db.clone();
    let body = stream(state, what, move |out| {
        let conn = db.stream_reader()?;
        let out = write(&conn, out)?;
        // The read ends before the last bytes wait for the client.
        drop(conn);
        Ok(out)
    });
    Ok(attachment(Format::Csv, file_name, body))
}

/// A body fed by `produce` on a blocking thread. Once the headers are gone,
/// a failure can only cut the body short, so that a partial file is never
/// taken as whole.
fn stream<F>(state: &AppState, what: &'static str, produce: F) -> Body
where
    F: FnOnce(ChannelWriter) -> AppResult<ChannelWriter> + Send + 'static,
{
    let (out, body) = super::stream::channel(state.settings.download_stall);
    tokio::task::spawn_blocking(move || {
        let result =
            produce(out).and_then(|w| w.finish().map_err(|e| AppError::Internal(e.into())));
        match result {
            Ok(()) => {}
            Err(AppError::Internal(e))
                if e.chain().any(|c| {
                    c.downcast_ref::<std::io::Error>().is_some_and(|io| {
                        matches!(
                            io.kind(),
                            std::io::ErrorKind::TimedOut | std::io::ErrorKind::BrokenPipe
                        )
                    })
                }) =>
            {
                tracing::warn!(what, "download given up: {e:#}");
            }
            Err(e) => tracing::error!(error = format!("{e:#}"), what, "download failed"),
        }
    });
    Body::from_stream(body)
}

/// Files built whole before they are sent (XLSX, whose zip is complete
/// only at its end; snapshot files, checked against their checksum): a
/// few at once, since each holds a database read and CPU for as long as
/// it takes; one more is refused at once with 503 rather than queued
/// behind them to time out.
#[derive(Clone)]
pub struct FileBuilds {
    turns: Arc<Semaphore>,
}

/// Seconds a client refused by [`FileBuilds`] is asked to wait.
pub const BUILDS_RETRY_AFTER: u64 = 10;

impl FileBuilds {
    pub fn new(s: &Settings) -> FileBuilds {
        FileBuilds {
            turns: Arc::new(Semaphore::new(
                usize::try_from(s.xlsx_builds).unwrap_or(1).max(1),
            )),
        }
    }

    pub fn try_turn(&self) -> AppResult<OwnedSemaphorePermit> {
        Arc::clone(&self.turns).try_acquire_owned().map_err(|_| {
            tracing::warn!("file builds at their bound: request refused");
            crate::telemetry::busy("files");
            AppError::Busy {
                retry_after: BUILDS_RETRY_AFTER,
                work: BusyWith::Files,
            }
        })
    }
}

/// Builds a file on a connection of its own into an unnamed temporary file
/// (gone when closed, whatever happens), in one of the [`FileBuilds`]
/// turns; an error comes back before anything is sent. Then the file is
/// streamed from disk, with the same stall limit as CSV.
pub async fn built_file<T, F>(
    state: &AppState,
    what: &'static str,
    build: F,
) -> AppResult<(T, Body)>
where
    T: Send + 'static,
    F: FnOnce(&rusqlite::Connection, &mut (dyn Write + Send)) -> AppResult<T> + Send + 'static,
{
    let turn = state.file_builds.try_turn()?;
    let db = state.db.clone();
    let (made, mut file) = tokio::task::spawn_blocking(move || -> AppResult<(T, File)> {
        let file = tempfile::tempfile().context("cannot create a temporary file")?;
        let mut w = BufWriter::with_capacity(256 * 1024, file);
        let made = build(&db.stream_reader()?, &mut w)?;
        let mut file = w
            .into_inner()
            .map_err(|e| e.into_error())
            .context("cannot write a temporary file")?;
        file.rewind().context("cannot read a temporary file")?;
        drop(turn);
        Ok((made, file))
    })
    .await??;
    let body = stream(state, what, move |mut out| {
        std::io::copy(&mut file, &mut out).map_err(|e| AppError::Internal(e.into()))?;
        Ok(out)
    });
    Ok((made, body))
}
