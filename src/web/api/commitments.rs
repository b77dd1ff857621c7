//! The commitments and their tracks, and one commitment with the updates
//! the caller may see.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use utoipa::IntoParams;

use super::input::Query;
use super::paging::{COMMITMENTS_DEFAULT_LIMIT, Page};
use super::schema::{CommitmentDetail, CommitmentOut};
use super::{ApiResult, ApiUser};
use crate::db::{commitments, updates};
use crate::domain::Viewer;
use crate::error::AppError;
use crate::reports::ReportQuery;
use crate::web::AppState;
use crate::web::forms::{ValidPath, parse_id};

/// The filters of the commitments list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct CommitmentFilters {
    /// One of the Strategy's four pillars.
    #[param(minimum = 1, maximum = 4)]
    pillar: Option<i64>,
    /// Commitments with a track for this country (`REG`: the regional track),
    /// with that track only.
    #[param(schema_with = super::schema::country_schema)]
    country: Option<String>,
    /// A theme's code.
    #[param(pattern = "^[a-z0-9-]{1,40}$")]
    theme: Option<String>,
    /// Tracks with this status.
    #[param(schema_with = super::schema::track_status_schema)]
    status: Option<String>,
    /// Text in the code or either title, in any case.
    #[param(max_length = 200)]
    q: Option<String>,
    /// Statuses from updates for this period or later only.
    #[param(schema_with = super::schema::period_param_schema)]
    from: Option<String>,
    /// Statuses from updates for this period or earlier only.
    #[param(schema_with = super::schema::period_param_schema)]
    to: Option<String>,
    /// Statuses as they stood at the end of this day (`YYYY-MM-DD`).
    #[param(schema_with = super::schema::day_schema)]
    as_of: Option<String>,
}

fn report_query(q: &Query) -> ReportQuery {
    let get = |k: &str| q.get(k).map(str::to_owned);
    ReportQuery {
        pillar: get("pillar"),
        country: get("country"),
        theme: get("theme"),
        status: get("status"),
        q: get("q"),
        from: get("from"),
        to: get("to"),
        as_of: get("as_of"),
        ..ReportQuery::default()
    }
}

/// The commitments, with their tracks and each track's status, in the
/// document's order.
#[utoipa::path(get, path = "/api/v1/commitments", operation_id = "listCommitments", tag = "commitments",
    params(CommitmentFilters, super::paging::CommitmentPaging),
    responses(
        (status = 200, description = "A page of the commitments.", body = Vec<CommitmentOut>),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    query: Query,
) -> ApiResult<Response> {
    let page = Page::read_or(&query, COMMITMENTS_DEFAULT_LIMIT)?;
    // The pages cut the search to 200 characters; the API says so instead.
    if query.get("q").is_some_and(|q| q.chars().count() > 200) {
        return Err(AppError::Invalid {
            field: Some("q"),
            message: crate::domain::Msg::new("api-q-too-long"),
        }
        .into());
    }
    let q = report_query(&query);
    let filter = q.to_filter()?;
    let text = q.text();
    let items = state
        .db
        .read(move |conn| commitments::list(conn, &filter, text.as_deref()))
        .await?;
    let listed = page.of(items, |c| c.id)?;
    Ok(listed
        .map(|c| CommitmentOut::from(&c))
        .respond("/api/v1/commitments", &query))
}

/// One commitment with its tracks and, on each, the updates the caller may
/// see, newest first (donors see accepted ones only).
#[utoipa::path(get, path = "/api/v1/commitments/{id}", operation_id = "getCommitment", tag = "commitments",
    params(("id" = i64, Path, description = "The commitment.", minimum = 1)),
    responses(
        (status = 200, description = "The commitment.", body = CommitmentDetail),
        (status = 404, description = "No such commitment."),
    ))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
) -> ApiResult<Json<CommitmentDetail>> {
    let id = parse_id(&id?.0)?;
    let viewer = Viewer::of(&user);
    let (c, history) = state
        .db
        .read(move |conn| {
            let c = commitments::get(conn, id)?;
            Ok((c, updates::for_commitment(conn, &viewer, id)?))
        })
        .await?;
    Ok(Json(CommitmentDetail::new(&c, &history)))
}
