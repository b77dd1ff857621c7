//! Citable snapshots: the list, an administrator's form to freeze one, a
//! snapshot's page (filters, as-of date, the SHA-256 of every file) and its
//! downloads, which are checked against those checksums before they leave.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;

use super::download::{attachment, built_file, report_file};
use super::forms::{ValidForm, ValidPath, ValidQuery, parse_id};
use super::language::Ui;
use super::routes::Routes;
use super::views::snapshots::{self as view, FreezeForm, ListPage, SnapshotPage};
use super::{AppState, CurrentUser};
use crate::domain::Lang;
use crate::error::{AppError, AppResult};
use crate::reports::filters::format_and_lang;
use crate::reports::snapshots::{self, NewSnapshot, Snapshot};
use crate::reports::{Format, Report, ReportQuery};
use crate::services::policy;

pub fn router() -> Routes {
    Routes::new()
        .get("/snapshots", list)
        .post("/snapshots", freeze)
        .get("/snapshots/{id}", show)
        .get("/snapshots/{id}/{file}", download)
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
) -> AppResult<Markup> {
    let all = state.db.read(snapshots::list).await?;
    Ok(view::list(
        &ui,
        &ListPage {
            user: &user,
            all: &all,
            form: &FreezeForm::default(),
            err: None,
        },
    ))
}

async fn freeze(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidForm(form): ValidForm<FreezeForm>,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let query = ReportQuery {
        pillar: opt(&form.pillar),
        country: opt(&form.country),
        ..ReportQuery::default()
    };
    let result = match NewSnapshot::parse(&form.name, &form.as_of, query) {
        Ok(new) => {
            // Freezing writes every file of the snapshot: it takes a turn
            // of the file builds.
            let _turn = state.file_builds.try_turn()?;
            crate::services::snapshots::freeze(&state.db, &user, new).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/snapshots/{id}")).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let all = state.db.read(snapshots::list).await?;
            let page = ListPage {
                user: &user,
                all: &all,
                form: &form,
                err: Some(&e),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view::list(&ui, &page)).into_response())
        }
        Err(e) => Err(e),
    }
}

pub fn file_name(s: &Snapshot, report: Report, format: Format, lang: Lang) -> AppResult<String> {
    Ok(report.file_name(&s.filter()?, &s.output(format, lang)))
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Markup> {
    let id = parse_id(&id)?;
    let (snap, files) = state.db.read(move |conn| snapshots::get(conn, id)).await?;
    let files = files
        .into_iter()
        .map(|f| {
            let name = file_name(&snap, f.report, f.format, f.lang)?;
            Ok((f, name))
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(view::show(
        &ui,
        &SnapshotPage {
            user: &user,
            snap: &snap,
            files: &files,
        },
    ))
}

#[derive(Deserialize, Default)]
struct FileQuery {
    lang: Option<String>,
    sep: Option<String>,
}

async fn download(
    State(state): State<AppState>,
    CurrentUser(_user): CurrentUser,
    ValidPath((id, file)): ValidPath<(String, String)>,
    ValidQuery(q): ValidQuery<FileQuery>,
) -> AppResult<Response> {
    snapshot_file(&state, &id, &file, q.lang, q.sep).await
}

/// A frozen file as a download, checked against its checksum as it is
/// written (pages and the API).
pub async fn snapshot_file(
    state: &AppState,
    id: &str,
    file: &str,
    lang: Option<String>,
    sep: Option<String>,
) -> AppResult<Response> {
    let id = parse_id(id)?;
    let (report, extension) = report_file(file)?;
    let (format, lang) = format_and_lang(extension, &sep, &lang)?;
    let ((snap, rewritten), body) = built_file(state, "snapshot file", move |conn, out| {
        snapshots::file(conn, id, report, format, lang, out)
    })
    .await?;
    let mut resp = attachment(format, &file_name(&snap, report, format, lang)?, body);
    if rewritten {
        // Not the frozen bytes: said, so that nobody checks them against
        // the snapshot's checksum and takes the difference for tampering.
        resp.headers_mut().insert(
            WORDS_WITHHELD,
            axum::http::HeaderValue::from_static("restricted since the snapshot was frozen"),
        );
    }
    Ok(resp)
}

/// Marks a snapshot file written again without words restricted since.
pub const WORDS_WITHHELD: &str = "x-words-withheld";
