//! The reports page and the report downloads, CSV streamed as it is written.

use axum::extract::State;
use axum::response::Response;
use maud::Markup;

use super::download::{attachment, built_file, csv_download, report_file};
use super::forms::{ValidPath, ValidQuery};
use super::language::Ui;
use super::routes::Routes;
use super::views::reports::{self as view, ReportsPage};
use super::{AppState, CurrentUser};
use crate::db::commitments;
use crate::db::tracks::TrackFilter;
use crate::domain::Viewer;
use crate::error::AppResult;
use crate::reports::{Format, ReportQuery};

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
    Ok(view::page(
        &ui,
        &ReportsPage {
            user: &user,
            q: &q,
            filter: &filter,
            reference: &reference,
        },
    ))
}

async fn download(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(file): ValidPath,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> AppResult<Response> {
    let (report, extension) = report_file(&file)?;
    let filter = TrackFilter {
        reader: Some(Viewer::of(&user)),
        ..q.to_filter()?
    };
    let output = q.output(extension)?;
    let file_name = report.file_name(&filter, &output);
    if output.format == Format::Xlsx {
        // A zip file is complete only at its end: built first, then sent,
        // so that a failure is an error page and not a broken download.
        let ((), body) = built_file(&state, report.name(), move |conn, out| {
            report.write(conn, &filter, &output, out).map(|_| ())
        })
        .await?;
        return Ok(attachment(Format::Xlsx, &file_name, body));
    }
    csv_download(&state, &file_name, report.name(), move |conn, out| {
        report.write(conn, &filter, &output, out)
    })
}
