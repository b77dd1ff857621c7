//! The reports page and the CSV downloads, streamed as they are written.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tokio_stream::wrappers::ReceiverStream;

use super::commitments::filter_fields;
use super::forms::{ValidPath, ValidQuery};
use super::language::Ui;
use super::layout::{self, Nav};
use super::routes::Routes;
use super::stream::ChannelWriter;
use super::{AppState, CurrentUser, with_query};
use crate::db::{Db, commitments};
use crate::domain::{Lang, Tr};
use crate::error::{AppError, AppResult};
use crate::reports::{Format, Report, ReportQuery};

pub fn router() -> Routes {
    Routes::new()
        .get("/reports", page)
        .get("/reports/{file}", download)
}

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> AppResult<Markup> {
    let filter = q.to_filter()?;
    q.output("csv")?;
    let reference = state.db.read(commitments::reference).await?;
    let tr = ui.tr;
    // Name columns in the page's language unless another was chosen.
    let lang = q.lang.clone().unwrap_or_else(|| tr.lang.code().to_owned());
    let mut pairs: Vec<(&str, String)> = q
        .pairs()
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "q" | "lang" | "sep"))
        .collect();
    pairs.push(("lang", lang.clone()));
    let href = |r: Report, f: Format| {
        let mut p = pairs.clone();
        if f == Format::CsvSemicolon {
            p.push(("sep", "semicolon".to_owned()));
        }
        with_query(&format!("/reports/{}.{}", r.name(), f.extension()), &p)
    };
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::Reports,
        &tr.t("reports-title"),
        html! {
            h1 { (tr.t("reports-title")) }
            (layout::as_of_banner(tr, &filter, "/reports", &q))
            p { (tr.t("reports-lead")) }
            p { a href="/snapshots" { (tr.t("snapshot-link")) } }
            form.filters method="get" action="/reports" {
                (filter_fields(tr, &q, &reference, false))
                div.field {
                    label for="from" { (tr.t("reports-from-period")) }
                    input #from type="text" name="from" value=(q.from.as_deref().unwrap_or("")) placeholder="2022" size="8" pattern="20[23][0-9](-H[12])?";
                }
                div.field {
                    label for="to" { (tr.t("reports-to-period")) }
                    input #to type="text" name="to" value=(q.to.as_deref().unwrap_or("")) placeholder="2031-H2" size="8" pattern="20[23][0-9](-H[12])?";
                }
                div.field {
                    label for="as_of" { (tr.t("reports-as-of")) }
                    input #as_of type="date" name="as_of" value=(q.as_of.as_deref().unwrap_or(""));
                }
                div.field {
                    label for="lang" { (tr.t("reports-names-language")) }
                    select #lang name="lang" {
                        @for l in Lang::ALL {
                            option value=(l.code()) selected[lang == l.code()] { (l.native_name()) }
                        }
                    }
                }
                div.actions { button type="submit" { (tr.t("reports-apply")) } a href="/reports" { (tr.t("filter-clear")) } }
            }
            p.hint { (tr.t("reports-periods-hint")) }
            h2 { (tr.t("reports-download")) }
            ul.downloads {
                @for r in Report::ALL {
                    li {
                        strong { (r.name()) } " — " (tr.t(r.describe_id()))
                        ul.formats {
                            @for f in Format::ALL {
                                li { a href=(href(r, f)) download { (format_label(tr, f)) span.visually-hidden { " " (r.name()) } } }
                            }
                        }
                    }
                }
            }
            p.hint { (tr.t("reports-formats-hint")) }
        },
    ))
}

/// A file format in words.
pub fn format_label(tr: Tr, f: Format) -> String {
    tr.t(match f {
        Format::Csv => "format-csv",
        Format::CsvSemicolon => "format-csv-semicolon",
        Format::Xlsx => "format-xlsx",
    })
}

async fn download(
    State(state): State<AppState>,
    CurrentUser(_user): CurrentUser,
    ValidPath(file): ValidPath,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> AppResult<Response> {
    let (report, extension) = report_file(&file)?;
    let filter = q.to_filter()?;
    let output = q.output(extension)?;
    let file_name = report.file_name(&filter, &output);
    if output.format == Format::Xlsx {
        // A zip file is complete only at its end: built first, then sent,
        // so that a failure is an error page and not a broken download.
        let bytes = state
            .db
            .report(move |conn| report.write(conn, &filter, &output, Vec::new()))
            .await?;
        return Ok(attachment(Format::Xlsx, &file_name, bytes.into()));
    }
    csv_download(&state.db, &file_name, report.name(), move |conn, out| {
        report.write(conn, &filter, &output, out)
    })
}

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
