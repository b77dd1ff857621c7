//! The lists people work from: the review queue, one's own updates and
//! drafts, and the reports due and overdue.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::input::Query;
use super::paging::{self, Page};
use super::schema::{UpdateOut, country_schema, period_schema, state_schema};
use super::{ApiResult, ApiUser};
use crate::db::{due, updates};
use crate::domain::{Country, Role, UpdateState, Viewer};
use crate::error::AppError;
use crate::reports::ReportQuery;
use crate::services::policy;
use crate::web::AppState;

fn parsed<T: std::str::FromStr<Err = crate::domain::Invalid>>(
    q: &Query,
    field: &'static str,
) -> Result<Option<T>, AppError> {
    q.get(field)
        .map(|v| v.parse().map_err(|e| AppError::invalid(field, e)))
        .transpose()
}

/// The review queue's filter.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct QueueFilters {
    /// Updates on this country's tracks only.
    #[param(schema_with = country_schema)]
    country: Option<String>,
}

/// Submitted updates awaiting a decision, oldest first.
#[utoipa::path(get, path = "/api/v1/review-queue", operation_id = "listReviewQueue", tag = "review",
    params(QueueFilters, super::ListParams),
    responses(
        (status = 200, description = "A page of the queue.", body = Vec<UpdateOut>),
        (status = 403, description = "Reviewers and administrators only."),
    ))]
pub async fn review_queue(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Query,
) -> ApiResult<Response> {
    policy::ensure_reviewer(&user)?;
    let page = Page::read(&query)?;
    let country: Option<Country> = parsed(&query, "country")?;
    let (after, fetch, viewer) = (page.after, page.fetch(), Viewer::of(&user));
    let rows = state
        .db
        .read(move |conn| updates::queue_after(conn, &viewer, country, after, fetch))
        .await?
        .ok_or_else(paging::cursor_gone)?;
    let listed = page.cut(rows, |u| u.id);
    Ok(listed
        .map(|u| UpdateOut::from(&u))
        .respond("/api/v1/review-queue", &query))
}

/// The filter of one's own updates.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MineFilters {
    /// Only updates in this state (`draft`: one's drafts).
    #[param(schema_with = state_schema)]
    state: Option<String>,
}

/// The caller's own updates and drafts, newest first.
#[utoipa::path(get, path = "/api/v1/me/updates", operation_id = "listMyUpdates", tag = "updates",
    params(MineFilters, super::ListParams),
    responses(
        (status = 200, description = "A page of the caller's updates.", body = Vec<UpdateOut>),
        (status = 403, description = "Donors report nothing."),
    ))]
pub async fn my_updates(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Query,
) -> ApiResult<Response> {
    policy::ensure_can_submit(&user)?;
    let page = Page::read(&query)?;
    let wanted: Option<UpdateState> = parsed(&query, "state")?;
    let (me, after, fetch, viewer) = (user.id, page.after, page.fetch(), Viewer::of(&user));
    let rows = state
        .db
        .read(move |conn| updates::by_author_after(conn, &viewer, me, wanted, after, fetch))
        .await?;
    Ok(page
        .cut(rows, |u| u.id)
        .map(|u| UpdateOut::from(&u))
        .respond("/api/v1/me/updates", &query))
}

/// A report a track owes.
#[derive(Serialize, ToSchema)]
#[schema(examples(json!({
    "track_id": 70, "commitment_id": 12, "commitment_code": "P2.3",
    "commitment_title": "Strengthen the legal framework", "pillar": 2, "country": "KZ",
    "period": "2025", "due_date": "2026-01-31", "owed": "overdue"
})))]
pub struct DueOut {
    track_id: i64,
    commitment_id: i64,
    commitment_code: String,
    commitment_title: String,
    #[schema(minimum = 1, maximum = 4)]
    pillar: i64,
    #[schema(schema_with = country_schema)]
    country: String,
    /// The period the report is for.
    #[schema(schema_with = period_schema)]
    period: String,
    /// Its deadline.
    #[schema(format = Date)]
    due_date: String,
    /// `overdue`: the deadline has passed without a report; `due`: it is ahead.
    #[schema(schema_with = owed_schema)]
    owed: String,
}

fn owed_schema() -> utoipa::openapi::schema::Schema {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["overdue", "due"]))
        .into()
}

fn owed_of(query: &Query) -> Result<Option<due::Owed>, AppError> {
    match query.get("owed") {
        None => Ok(None),
        Some("overdue") => Ok(Some(due::Owed::Overdue)),
        Some("due") => Ok(Some(due::Owed::Due)),
        Some(_) => Err(AppError::Invalid {
            field: Some("owed"),
            message: crate::domain::Msg::new("api-owed"),
        }),
    }
}

fn owed_str(o: due::Owed) -> &'static str {
    match o {
        due::Owed::Overdue => "overdue",
        due::Owed::Due => "due",
    }
}

/// The filters of the due list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct DueFilters {
    #[param(minimum = 1, maximum = 4)]
    pillar: Option<i64>,
    /// A focal point always gets their own country.
    #[param(schema_with = country_schema)]
    country: Option<String>,
    /// Only overdue reports, or only those not yet due.
    #[param(schema_with = owed_schema)]
    owed: Option<String>,
}

/// The reports that are overdue (first) or falling due, one per track.
#[utoipa::path(get, path = "/api/v1/due", operation_id = "listDueReports", tag = "review",
    params(DueFilters, super::ListParams),
    responses(
        (status = 200, description = "A page of the reports owed, overdue first, then by \
            deadline.", body = Vec<DueOut>),
        (status = 403, description = "Donors are not asked for reports."),
    ))]
pub async fn due_reports(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Query,
) -> ApiResult<Response> {
    policy::ensure_sees_due(&user)?;
    let page = Page::read(&query)?;
    let asked: Option<Country> = parsed(&query, "country")?;
    // A focal point sees their own country whatever the address says.
    let country = match user.role() {
        Role::FocalPoint => user.country(),
        _ => asked,
    };
    let q = ReportQuery {
        pillar: query.get("pillar").map(str::to_owned),
        country: country.map(|c| c.code().to_owned()),
        ..ReportQuery::default()
    };
    let owed = owed_of(&query)?;
    let filter = q.to_filter()?;
    let mut items = state
        .db
        .read(move |conn| due::digest(conn, &filter))
        .await?;
    items.retain(|i| owed.is_none_or(|o| i.owed == o));
    let listed = page.of(items, |i| i.track.track_id)?;
    Ok(listed
        .map(|i| DueOut {
            track_id: i.track.track_id,
            commitment_id: i.track.commitment_id,
            commitment_code: i.track.code.clone(),
            commitment_title: i.track.title_en.clone(),
            pillar: i.track.pillar,
            country: i.track.country.code().to_owned(),
            period: i.period.to_string(),
            due_date: i.due_date.to_string(),
            owed: owed_str(i.owed).to_owned(),
        })
        .respond("/api/v1/due", &query))
}
