//! An administrator sets each outcome document's reporting cycle and how
//! many days after a period's end its report is due. The form carries the
//! version it was read at: a stale form gets 409 and changes nothing.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::forms::{ValidForm, ValidPath, ValidQuery, parse_id, parse_version};
use super::language::Ui;
use super::layout::{self, Nav};
use super::routes::Routes;
use super::{AppState, CurrentUser};
use crate::db::schedules::{self, DocumentSchedule};
use crate::domain::User;
use crate::domain::cycle::{Cycle, DueDays, Schedule};
use crate::error::{AppError, AppResult};
use crate::services::policy;

pub fn router() -> Routes {
    Routes::new()
        .get("/admin/reporting", page)
        .post("/admin/reporting/{id}", save)
}

#[derive(Deserialize, Default)]
struct Flash {
    done: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
struct ScheduleForm {
    #[serde(default)]
    cycle: String,
    #[serde(default)]
    due_days: String,
    #[serde(default)]
    version: String,
}

impl ScheduleForm {
    fn parse(&self) -> AppResult<(Schedule, i64)> {
        let cycle: Cycle = self
            .cycle
            .parse()
            .map_err(|e| AppError::invalid("cycle", e))?;
        let due_days: DueDays = self
            .due_days
            .parse()
            .map_err(|e| AppError::invalid("due_days", e))?;
        Ok((Schedule { cycle, due_days }, parse_version(&self.version)?))
    }
}

fn render(
    ui: &Ui,
    user: &User,
    docs: &[DocumentSchedule],
    failed: Option<(i64, &AppError)>,
    notice: bool,
) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(user),
        Nav::Admin,
        &tr.t("reporting-title"),
        html! {
            h1 { (tr.t("reporting-title")) }
            p.lead { (tr.t("reporting-lead")) }
            @if notice { (layout::notice(&tr.t("reporting-saved"))) }
            @for d in docs {
                section.panel aria-labelledby={"doc-" (d.document_id)} {
                    h2 id={"doc-" (d.document_id)} { (layout::localized(tr, &d.title_en, &d.title_ru)) }
                    @if let Some((_, e)) = failed.filter(|(id, _)| *id == d.document_id) {
                        (layout::form_error(tr, Some(&e.message_in(tr))))
                    }
                    form.stack method="post" action={"/admin/reporting/" (d.document_id)} {
                        input type="hidden" name="version" value=(d.version);
                        div.field {
                            label for={"cycle-" (d.document_id)} { (tr.t("reporting-cycle")) }
                            select id={"cycle-" (d.document_id)} name="cycle" {
                                @for c in [Cycle::Annual, Cycle::Semiannual] {
                                    option value=(c.as_str()) selected[d.schedule.cycle == c] { (tr.t(cycle_id(c))) }
                                }
                            }
                        }
                        div.field {
                            label for={"days-" (d.document_id)} { (tr.t("reporting-due-days")) }
                            p.hint id={"days-hint-" (d.document_id)} { (tr.t("reporting-due-days-hint")) }
                            input id={"days-" (d.document_id)} type="number" name="due_days" min="0" max="365"
                                value=(d.schedule.due_days.get()) aria-describedby={"days-hint-" (d.document_id)} required;
                        }
                        button type="submit" { (tr.t("reporting-save")) }
                    }
                    @if let Some(at) = &d.updated_at { p.hint { (tr.t_args("reporting-last-changed", &[("at", at.as_str().into())])) } }
                }
            }
        },
    )
}

pub fn cycle_id(c: Cycle) -> &'static str {
    match c {
        Cycle::Annual => "cycle-annual",
        Cycle::Semiannual => "cycle-semiannual",
    }
}

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(flash): ValidQuery<Flash>,
) -> AppResult<Markup> {
    policy::ensure_admin(&user)?;
    let docs = state.db.read(schedules::all).await?;
    Ok(render(&ui, &user, &docs, None, flash.done.is_some()))
}

async fn save(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    ValidForm(form): ValidForm<ScheduleForm>,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let id = parse_id(&id)?;
    let result = match form.parse() {
        Ok((schedule, version)) => {
            let admin = user.clone();
            state
                .db
                .write(move |tx| schedules::set(tx, &admin, id, version, schedule))
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/admin/reporting?done=1").into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = if matches!(e, AppError::Conflict(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let docs = state.db.read(schedules::all).await?;
            Ok((status, render(&ui, &user, &docs, Some((id, &e)), false)).into_response())
        }
        Err(e) => Err(e),
    }
}
