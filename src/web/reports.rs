//! The reports page and the CSV downloads, streamed as they are written.

use super::forms::{ValidPath, ValidQuery};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{Markup, html};
use tokio_stream::wrappers::ReceiverStream;

use super::commitments::filter_fields;
use super::language::Ui;
use super::layout::{self, Nav};
use super::{AppState, CurrentUser, with_query};
use crate::db::{Db, commitments};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::reports::stream::ChannelWriter;
use crate::reports::{Report, ReportQuery};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reports", get(page))
        .route("/reports/{file}", get(download))
}

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> AppResult<Markup> {
    q.to_filter()?;
    let reference = state.db.read(commitments::reference).await?;
    let pairs: Vec<(&str, String)> = q.pairs().into_iter().filter(|(k, _)| *k != "q").collect();
    let tr = ui.tr;
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::Reports,
        &tr.t("reports-title"),
        html! {
            h1 { (tr.t("reports-title")) }
            p { (tr.t("reports-lead")) }
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
                div.actions { button type="submit" { (tr.t("reports-apply")) } a href="/reports" { (tr.t("filter-clear")) } }
            }
            p.hint { (tr.t("reports-periods-hint")) }
            h2 { (tr.t("reports-download")) }
            ul.downloads {
                @for r in Report::ALL {
                    li {
                        a href=(with_query(&format!("/reports/{}.csv", r.name()), &pairs)) download { (r.name()) ".csv" }
                        " — " (describe(tr, r))
                    }
                }
            }
        },
    ))
}

/// What a report holds, in the page's language.
fn describe(tr: Tr, r: Report) -> String {
    tr.t(match r {
        Report::Commitments => "report-commitments",
        Report::Progress => "report-progress",
        Report::StatusMatrix => "report-status-matrix",
        Report::Timeline => "report-timeline",
    })
}

async fn download(
    State(state): State<AppState>,
    CurrentUser(_user): CurrentUser,
    ValidPath(file): ValidPath,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> AppResult<Response> {
    let report: Report = file
        .strip_suffix(".csv")
        .and_then(|n| n.parse().ok())
        .ok_or(AppError::NotFound)?;
    let filter = q.to_filter()?;
    let file_name = report.file_name(&filter);
    csv_download(&state.db, &file_name, report.name(), move |conn, out| {
        report.write_csv(conn, &filter, out)
    })
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
    let disposition = format!("attachment; filename=\"{file_name}\"");
    let mut resp = Body::from_stream(ReceiverStream::new(rx)).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|e| AppError::Internal(e.into()))?,
    );
    Ok(resp)
}
