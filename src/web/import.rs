//! An administrator loads the official text of a plan from a CSV file in
//! the browser: the parser, the all-or-nothing rule and the audit row of
//! `jpoa-tracker import commitments`, with the file sent as
//! multipart/form-data.

use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::Markup;

use super::error::HttpError;
use super::language::Ui;
use super::routes::Routes;
use super::views::import::{self as view, ImportPage, Outcome};
use super::{AppState, CurrentUser};
use crate::db::import::{ImportError, Summary};
use crate::domain::{Msg, User};
use crate::error::{AppError, AppResult};
use crate::services::policy;
use crate::settings::Settings;

/// The largest file accepted (`Settings::upload_limit`): a whole plan with
/// both languages' titles (a few hundred rows) is well under the default.
pub fn router(s: &Settings) -> Routes {
    Routes::new()
        .get("/admin/import", form_page)
        .post_with_body_limit(
            "/admin/import",
            upload,
            usize::try_from(s.upload_limit).unwrap_or(usize::MAX),
        )
}

fn page(
    state: &AppState,
    ui: &Ui,
    user: &User,
    outcome: &Outcome,
    err: Option<&AppError>,
) -> Markup {
    view::page(
        ui,
        &ImportPage {
            user,
            outcome,
            err,
            upload_limit: usize::try_from(state.settings.upload_limit).unwrap_or(usize::MAX),
        },
    )
}

async fn form_page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
) -> AppResult<Markup> {
    policy::ensure_admin(&user)?;
    Ok(page(&state, &ui, &user, &Outcome::None, None))
}

fn multipart_error(e: &MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::Invalid {
            field: Some("file"),
            message: Msg::new("err-form-unreadable").arg("detail", e.body_text()),
        }
    }
}

/// The uploaded file's name (for the page and the audit log) and bytes.
async fn read_file(
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(String, Vec<u8>)> {
    let mut multipart = multipart.map_err(|e| AppError::Invalid {
        field: Some("file"),
        message: Msg::new("err-form-unreadable").arg("detail", e.body_text()),
    })?;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(&e))?
    {
        if field.name() != Some("file") {
            continue;
        }
        // Only the last part of a path some browsers send, and nothing odd.
        let name: String = field
            .file_name()
            .unwrap_or_default()
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        let bytes = field.bytes().await.map_err(|e| multipart_error(&e))?;
        if bytes.is_empty() {
            break;
        }
        return Ok((name, bytes.to_vec()));
    }
    Err(AppError::Invalid {
        field: Some("file"),
        message: Msg::new("err-import-no-file"),
    })
}

/// The file imported all or nothing, with its audit row; the problems
/// found when nothing was.
async fn import_file(
    state: &AppState,
    admin: &User,
    name: String,
    bytes: Vec<u8>,
) -> AppResult<Result<Summary, ImportError>> {
    crate::services::records::import_upload(&state.db, admin, name, bytes).await
}

async fn upload(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    // Refused before a byte of the file is read.
    policy::ensure_admin(&user)?;
    let (file, bytes) = match read_file(multipart).await {
        Ok(f) => f,
        Err(e @ AppError::Invalid { .. }) => {
            let page = page(&state, &ui, &user, &Outcome::None, Some(&e));
            return Ok((e.status(), page).into_response());
        }
        Err(e) => return Err(e),
    };
    let result = import_file(&state, &user, file.clone(), bytes).await?;
    match result {
        Ok(summary) => {
            tracing::info!(file, rows = summary.rows, "commitments imported");
            Ok(page(&state, &ui, &user, &Outcome::Imported(file, summary), None).into_response())
        }
        Err(ImportError::Rejected(problems)) => {
            let page = page(&state, &ui, &user, &Outcome::Refused(file, problems), None);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(ImportError::Database(e)) => Err(AppError::Internal(e)),
    }
}
