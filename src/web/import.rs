//! An administrator loads the official text of a plan from a CSV file in
//! the browser: the parser, the all-or-nothing rule and the audit row of
//! `jpoa-tracker import commitments`, with the file sent as
//! multipart/form-data.

use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::error::HttpError;
use super::language::Ui;
use super::layout::{self, Nav};
use super::routes::Routes;
use super::{AppState, CurrentUser};
use crate::db::audit::Actor;
use crate::db::import::{self, ImportError, Problem, Summary};
use crate::domain::User;
use crate::domain::{Msg, Tr};
use crate::error::{AppError, AppResult};
use crate::services::policy;

/// The largest file accepted: a whole plan with both languages' titles
/// (a few hundred rows) is well under it; the app-wide limit is 256 KiB.
pub const UPLOAD_LIMIT: usize = 2 * 1024 * 1024;

pub fn router() -> Routes {
    Routes::new()
        .get("/admin/import", form_page)
        .post_with_body_limit("/admin/import", upload, UPLOAD_LIMIT)
}

/// What the page shows under the form: nothing yet, what was imported, or
/// why nothing was.
enum Outcome {
    None,
    Imported(String, Summary),
    Refused(String, Vec<Problem>),
}

fn page(ui: &Ui, user: &User, outcome: &Outcome, err: Option<&AppError>) -> Markup {
    let tr = ui.tr;
    let title = tr.t("import-title");
    layout::page(
        ui,
        Some(user),
        Nav::Admin,
        &title,
        html! {
            p { a href="/admin/users" { (tr.t("accounts-title")) } }
            h1 { (title) }
            p.lead { (tr.t("import-lead")) }
            @match outcome {
                Outcome::Imported(file, s) => (summary(tr, file, s)),
                Outcome::Refused(file, problems) => (problem_list(tr, file, problems)),
                Outcome::None => {}
            }
            (layout::form_error(tr, err.map(|e| e.message_in(tr)).as_deref()))
            form.stack method="post" action="/admin/import" enctype="multipart/form-data" {
                div.field {
                    label for="file" { (tr.t("import-file-label")) }
                    p.hint #file-hint { (tr.t_args("import-file-hint", &[("mb", (UPLOAD_LIMIT >> 20).into())])) }
                    input #file type="file" name="file" accept=".csv,text/csv" required
                        aria-describedby="file-hint" aria-invalid=[layout::invalid(err, "file")];
                }
                button type="submit" { (tr.t("import-submit")) }
            }
            h2 #columns { (tr.t("import-columns-heading")) }
            p { (tr.t("import-columns-lead")) }
            table.responsive {
                thead { tr {
                    th scope="col" { (tr.t("import-col-column")) }
                    th scope="col" { (tr.t("import-col-meaning")) }
                } }
                tbody {
                    @for name in import::COLUMNS {
                        tr {
                            td data-label=(tr.t("import-col-column")) { code { (name) } }
                            td data-label=(tr.t("import-col-meaning")) { (tr.t(&format!("import-column-{name}"))) }
                        }
                    }
                }
            }
        },
    )
}

fn summary(tr: Tr, file: &str, s: &Summary) -> Markup {
    let n = |id: &str, v: usize| tr.t_args(id, &[("n", v.into())]);
    html! {
        section.notice role="status" aria-labelledby="import-done" {
            h2 #import-done { (tr.t_args("import-done", &[("file", file.into())])) }
            ul #import-summary {
                li { (n("import-rows", s.rows)) }
                li { (n("import-created", s.created)) }
                li { (n("import-updated", s.updated)) }
                li { (n("import-tracks-added", s.tracks_added)) }
                li { (n("import-tracks-removed", s.tracks_removed)) }
                @if s.themes_created.is_empty() {
                    li { (tr.t("import-no-new-themes")) }
                } @else {
                    li { (tr.t_args("import-new-themes", &[("themes", s.themes_created.join(", ").into())])) }
                }
            }
            p { a href="/commitments" { (tr.t("import-see-commitments")) } " · " a href="/admin/audit?action=import.commitments" { (tr.t("audit-title")) } }
        }
    }
}

fn problem_list(tr: Tr, file: &str, problems: &[Problem]) -> Markup {
    html! {
        section.error-summary #import-problems role="alert" aria-labelledby="import-refused" {
            h2 #import-refused { (tr.t_args("import-refused", &[("file", file.into()), ("n", problems.len().into())])) }
            p { (tr.t("import-refused-hint")) }
            table.responsive {
                thead { tr {
                    th scope="col" { (tr.t("import-col-line")) }
                    th scope="col" { (tr.t("import-col-column")) }
                    th scope="col" { (tr.t("import-col-problem")) }
                } }
                tbody {
                    @for p in problems {
                        tr {
                            td data-label=(tr.t("import-col-line")) { (p.line.map_or_else(|| "—".to_owned(), |l| l.to_string())) }
                            td data-label=(tr.t("import-col-column")) {
                                @match (p.column, &p.name) {
                                    (Some(c), Some(name)) => { (c) " " code { (name) } }
                                    (Some(c), None) => { (c) }
                                    _ => "—",
                                }
                            }
                            td data-label=(tr.t("import-col-problem")) lang="en" { (p.text) }
                        }
                    }
                }
            }
        }
    }
}

async fn form_page(ui: Ui, CurrentUser(user): CurrentUser) -> AppResult<Markup> {
    policy::ensure_admin(&user)?;
    Ok(page(&ui, &user, &Outcome::None, None))
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
async fn read_file(mut multipart: Multipart) -> AppResult<(String, Vec<u8>)> {
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

async fn upload(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    // Refused before a byte of the file is read.
    policy::ensure_admin(&user)?;
    let read = match multipart {
        Ok(m) => read_file(m).await,
        Err(e) => Err(AppError::Invalid {
            field: Some("file"),
            message: Msg::new("err-form-unreadable").arg("detail", e.body_text()),
        }),
    };
    let (file, bytes) = match read {
        Ok(f) => f,
        Err(e @ AppError::Invalid { .. }) => {
            let page = page(&ui, &user, &Outcome::None, Some(&e));
            return Ok((e.status(), page).into_response());
        }
        Err(e) => return Err(e),
    };
    let admin = user.clone();
    let name = file.clone();
    let result = state
        .db
        .try_write(move |tx| {
            import::import_audited(
                tx,
                Actor::User(&admin),
                &name,
                bytes.as_slice(),
                &mut |_| {},
            )
        })
        .await?;
    match result {
        Ok(summary) => {
            tracing::info!(file, rows = summary.rows, "commitments imported");
            Ok(page(&ui, &user, &Outcome::Imported(file, summary), None).into_response())
        }
        Err(ImportError::Rejected(problems)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&ui, &user, &Outcome::Refused(file, problems), None),
        )
            .into_response()),
        Err(ImportError::Database(e)) => Err(AppError::Internal(e)),
    }
}
