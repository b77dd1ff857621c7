//! Each outcome document's reporting cycle, which administrators set: how
//! often reports are asked for, and how many days after a period's end
//! they are due.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

use super::input::{Body, Query};
use super::paging::Page;
use super::schema::opt_timestamp;
use super::{ApiResult, ApiUser};
use crate::db::schedules::{self, DocumentSchedule};
use crate::domain::cycle::{Cycle, DueDays, Schedule};
use crate::error::AppError;
use crate::services::policy;
use crate::web::AppState;
use crate::web::error::ApiError;
use crate::web::forms::{ValidPath, parse_id};

fn cycle_schema() -> utoipa::openapi::schema::Schema {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(Cycle::ALL.iter().map(|c| c.as_str())))
        .description(Some(
            "`annual`: one report a year; `semiannual`: one each half-year.",
        ))
        .into()
}

/// A document's reporting cycle.
#[derive(Serialize, ToSchema)]
#[schema(examples(json!({
    "document_id": 1, "document": "JPOA-2022", "title_en": "Joint Plan of Action",
    "title_ru": "Совместный план действий", "cycle": "annual", "due_days": 31,
    "version": 2, "updated_at": "2026-01-10T12:00:00.000Z"
})))]
pub struct CycleOut {
    document_id: i64,
    /// The document's code.
    document: String,
    title_en: String,
    title_ru: String,
    #[schema(schema_with = cycle_schema)]
    cycle: String,
    /// Days after a period's end by which its report is due.
    #[schema(minimum = 0, maximum = 365)]
    due_days: i64,
    /// Send it back with a change: a change made meanwhile is not
    /// overwritten (`409`). 0 until first set.
    version: i64,
    #[schema(schema_with = super::schema::opt_timestamp_schema, required = true)]
    updated_at: Option<String>,
}

impl From<&DocumentSchedule> for CycleOut {
    fn from(d: &DocumentSchedule) -> Self {
        CycleOut {
            document_id: d.document_id,
            document: d.code.clone(),
            title_en: d.title_en.clone(),
            title_ru: d.title_ru.clone(),
            cycle: d.schedule.cycle.as_str().to_owned(),
            due_days: i64::from(d.schedule.due_days.get()),
            version: d.version,
            updated_at: opt_timestamp(d.updated_at.as_deref()),
        }
    }
}

/// Every outcome document's reporting cycle.
#[utoipa::path(get, path = "/api/v1/cycles", operation_id = "listCycles", tag = "cycles",
    params(super::ListParams),
    responses(
        (status = 200, description = "A page of the documents' cycles.", body = Vec<CycleOut>),
        (status = 403, description = "Administrators only."),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Query,
) -> ApiResult<Response> {
    policy::ensure_admin(&user)?;
    let page = Page::read(&query)?;
    let all = state.db.read(schedules::all).await?;
    Ok(page
        .of(all, |d| d.document_id)?
        .map(|d| CycleOut::from(&d))
        .respond("/api/v1/cycles", &query))
}

/// A new cycle for a document.
#[derive(ToSchema)]
#[schema(examples(json!({"cycle": "semiannual", "due_days": 45, "version": 0})))]
#[allow(dead_code)]
pub struct CycleRequest {
    #[schema(schema_with = cycle_schema)]
    cycle: String,
    #[schema(minimum = 0, maximum = 365)]
    due_days: i64,
    /// The `version` it was read at.
    #[schema(minimum = 0)]
    version: i64,
}

/// Sets a document's reporting cycle.
#[utoipa::path(put, path = "/api/v1/cycles/{id}", operation_id = "setCycle", tag = "cycles",
    params(("id" = i64, Path, description = "The document.", minimum = 1)),
    request_body = CycleRequest,
    responses(
        (status = 200, description = "Saved: the cycle as it is now.", body = CycleOut),
        (status = 403, description = "Administrators only."),
        (status = 404, description = "No such document."),
        (status = 409, description = "It was changed since it was read at `version`."),
    ))]
pub async fn set(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    body: Result<Body, ApiError>,
) -> ApiResult<Json<CycleOut>> {
    policy::ensure_admin(&user)?;
    let id = parse_id(&id?.0)?;
    let body = body?;
    let cycle: Cycle = body
        .text("cycle")?
        .parse()
        .map_err(|e| AppError::invalid("cycle", e))?;
    let due_days = body.integer("due_days")?.unwrap_or(-1);
    let due_days = DueDays::try_from(due_days).map_err(|e| AppError::invalid("due_days", e))?;
    let version = body.integer("version")?.unwrap_or(-1);
    if version < 0 {
        return Err(AppError::Invalid {
            field: Some("version"),
            message: crate::domain::Msg::new("api-version"),
        }
        .into());
    }
    let schedule = Schedule { cycle, due_days };
    crate::services::records::set_schedule(&state.db, &user, id, version, schedule).await?;
    let all = state.db.read(schedules::all).await?;
    let now = all
        .iter()
        .find(|d| d.document_id == id)
        .ok_or(AppError::NotFound)?;
    Ok(Json(CycleOut::from(now)))
}
