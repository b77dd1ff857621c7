//! An administrator sets each outcome document's reporting cycle and how
//! many days after a period's end its report is due. The form carries the
//! version it was read at: a stale form gets 409 and changes nothing.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;

use super::forms::{ValidForm, ValidPath, ValidQuery, parse_id, parse_version};
use super::language::Ui;
use super::routes::Routes;
use super::views::schedules::{self as view, SchedulesPage};
use super::{AppState, CurrentUser};
use crate::db::schedules;
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

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(flash): ValidQuery<Flash>,
) -> AppResult<Markup> {
    policy::ensure_admin(&user)?;
    let docs = state.db.read(schedules::all).await?;
    Ok(view::page(
        &ui,
        &SchedulesPage {
            user: &user,
            docs: &docs,
            failed: None,
            saved: flash.done.is_some(),
        },
    ))
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
            crate::services::records::set_schedule(&state.db, &user, id, version, schedule).await
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
            let page = SchedulesPage {
                user: &user,
                docs: &docs,
                failed: Some((id, &e)),
                saved: false,
            };
            Ok((status, view::page(&ui, &page)).into_response())
        }
        Err(e) => Err(e),
    }
}
