//! Progress updates: logging one (or keeping it as a draft), reading one
//! with its history and conversation, editing and submitting a draft,
//! revising a returned one, the reviewer's decision, and comments.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use utoipa::ToSchema;

use super::input::{Body, Query};
use super::paging::Page;
use super::schema::{
    CommentOut, IdOut, StateOut, UpdateDetail, UpdateOut, VersionOut, begun_period_schema,
    comment_schema, evidence_schema, narrative_schema, opt_sensitivity_schema,
    review_comment_schema, sensitivity_schema, status_schema,
};
use super::{ApiResult, ApiUser, created};
use crate::domain::{CommentText, Decision, Draft, Msg, NewUpdate, ReviewComment, Sensitivity};
use crate::error::AppError;
use crate::services;
use crate::services::updates::Sent;
use crate::web::AppState;
use crate::web::forms::{ValidPath, parse_id};

/// What a focal point reports for a period.
#[derive(ToSchema)]
#[schema(examples(json!({
    "period": "2024-H2", "status": "limited",
    "narrative_en": "The national action plan was adopted in May.",
    "narrative_ru": "Национальный план действий принят в мае."
})))]
#[allow(dead_code)]
pub struct UpdateRequest {
    #[schema(schema_with = begun_period_schema)]
    period: String,
    #[schema(schema_with = status_schema)]
    status: String,
    /// At least one narrative is needed to submit; a draft may have none.
    #[schema(schema_with = narrative_schema)]
    narrative_en: Option<String>,
    #[schema(schema_with = narrative_schema)]
    narrative_ru: Option<String>,
    #[schema(schema_with = evidence_schema)]
    evidence_url: Option<String>,
    /// `true`: keep it as a draft, seen by its author alone, to edit and
    /// submit later.
    draft: Option<bool>,
    #[schema(schema_with = opt_sensitivity_schema)]
    sensitivity: Option<String>,
}

/// A draft as its author saves it again.
#[derive(ToSchema)]
#[schema(examples(json!({"period": "2024-H2", "status": "substantial", "narrative_en": "Adopted."})))]
#[allow(dead_code)]
pub struct DraftRequest {
    #[schema(schema_with = begun_period_schema)]
    period: String,
    #[schema(schema_with = status_schema)]
    status: String,
    #[schema(schema_with = narrative_schema)]
    narrative_en: Option<String>,
    #[schema(schema_with = narrative_schema)]
    narrative_ru: Option<String>,
    #[schema(schema_with = evidence_schema)]
    evidence_url: Option<String>,
    #[schema(schema_with = opt_sensitivity_schema)]
    sensitivity: Option<String>,
}

/// A returned update's report, sent again.
#[derive(ToSchema)]
#[schema(examples(json!({"period": "2024-H2", "status": "limited", "narrative_en": "Decree No. 12 of 3 May 2024."})))]
#[allow(dead_code)]
pub struct RevisionRequest {
    #[schema(schema_with = begun_period_schema)]
    period: String,
    #[schema(schema_with = status_schema)]
    status: String,
    #[schema(schema_with = narrative_schema)]
    narrative_en: Option<String>,
    #[schema(schema_with = narrative_schema)]
    narrative_ru: Option<String>,
    #[schema(schema_with = evidence_schema)]
    evidence_url: Option<String>,
    #[schema(schema_with = opt_sensitivity_schema)]
    sensitivity: Option<String>,
}

fn draft_of(b: &Body) -> Result<Draft, AppError> {
    let draft = Draft::parse(
        b.text("period")?,
        b.text("status")?,
        b.text("narrative_en")?,
        b.text("narrative_ru")?,
        b.text("evidence_url")?,
    )?;
    Ok(match sensitivity_of(b)? {
        Some(s) => draft.with_sensitivity(s),
        None => draft,
    })
}

/// The `sensitivity` field, when given.
fn sensitivity_of(b: &Body) -> Result<Option<Sensitivity>, AppError> {
    Sensitivity::optional(b.text("sensitivity")?).map_err(|e| AppError::invalid("sensitivity", e))
}

fn complete(b: &Body) -> Result<NewUpdate, AppError> {
    Ok(draft_of(b)?.complete()?)
}

fn update_location(id: i64) -> String {
    format!("/api/v1/updates/{id}")
}

/// Logs progress on a track, or keeps it as a draft (`"draft": true`).
#[utoipa::path(post, path = "/api/v1/tracks/{id}/updates", operation_id = "submitUpdate", tag = "updates",
    params(("id" = i64, Path, description = "The track.", minimum = 1)),
    request_body = UpdateRequest,
    responses(
        (status = 201, description = "Logged (state `submitted`) or kept as a draft (state \
            `draft`); `Location` is the update's address.", body = StateOut,
            headers(("Location" = String, description = "The update's address."))),
        (status = 403, description = "Not a focal point of the track's country, a reviewer or \
            an administrator."),
        (status = 409, description = "An update for this period is already in review."),
    ))]
pub async fn submit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    body: Result<Body, crate::web::error::ApiError>,
) -> ApiResult<Response> {
    // Who may write, and where, is decided before the body is looked at.
    services::policy::ensure_can_submit(&user)?;
    let track_id = parse_id(&id?.0)?;
    services::updates::writable_track(&state.db, &user, track_id).await?;
    let body = body?;
    let (sent, state_now) = if body.boolean("draft")?.unwrap_or(false) {
        let draft = draft_of(&body)?;
        let sent = services::updates::start_draft(&state.db, &user, track_id, draft, None);
        (sent.await?, "draft")
    } else {
        let new = complete(&body)?;
        let sent =
            services::updates::submit(&state.db, &user, track_id, new, None, state.link_base());
        (sent.await?, "submitted")
    };
    let (Sent::Done(id) | Sent::Before(id)) = sent;
    Ok(created(
        update_location(id),
        StateOut {
            id,
            state: state_now.to_owned(),
        },
    ))
}

/// One update, with every version of its report and, for those in its
/// conversation, the comments on it.
#[utoipa::path(get, path = "/api/v1/updates/{id}", operation_id = "getUpdate", tag = "updates",
    params(("id" = i64, Path, description = "The update.", minimum = 1)),
    responses(
        (status = 200, description = "The update.", body = UpdateDetail),
        (status = 404, description = "No such update, or not one the caller may see (a \
            draft is seen by its author alone)."),
    ))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
) -> ApiResult<Json<UpdateDetail>> {
    let id = parse_id(&id?.0)?;
    let shown = services::updates::shown(&state.db, &user, id).await?;
    Ok(Json(UpdateDetail {
        update: UpdateOut::from(&shown.update),
        history: shown.versions.iter().map(VersionOut::from).collect(),
        comments: shown
            .comments
            .map(|cs| cs.iter().map(CommentOut::from).collect()),
    }))
}

/// A draft saved again by its author.
#[utoipa::path(put, path = "/api/v1/updates/{id}", operation_id = "saveDraft", tag = "updates",
    params(("id" = i64, Path, description = "The draft.", minimum = 1)),
    request_body = DraftRequest,
    responses(
        (status = 200, description = "Saved; still a draft.", body = StateOut),
        (status = 403, description = "Not the draft's author."),
        (status = 409, description = "It is not a draft any more."),
    ))]
pub async fn edit_draft(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    body: Result<Body, crate::web::error::ApiError>,
) -> ApiResult<Json<StateOut>> {
    services::policy::ensure_can_submit(&user)?;
    let id = parse_id(&id?.0)?;
    services::updates::own_draft(&state.db, &user, id).await?;
    let draft = draft_of(&body?)?;
    match services::updates::save_draft(&state.db, &user, id, draft).await? {
        Sent::Done(id) => Ok(Json(StateOut {
            id,
            state: "draft".to_owned(),
        })),
        Sent::Before(_) => Err(AppError::conflict(Msg::new("err-only-drafts-edited")).into()),
    }
}

/// A draft submitted by its author as it stands.
#[utoipa::path(post, path = "/api/v1/updates/{id}/submit", operation_id = "submitDraft", tag = "updates",
    params(("id" = i64, Path, description = "The draft.", minimum = 1)),
    responses(
        (status = 200, description = "Submitted for review.", body = StateOut),
        (status = 403, description = "Not the draft's author."),
        (status = 409, description = "It is not a draft any more."),
        (status = 422, description = "The draft is not complete enough to submit (a \
            narrative is missing)."),
    ))]
pub async fn submit_draft(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
) -> ApiResult<Json<StateOut>> {
    services::policy::ensure_can_submit(&user)?;
    let id = parse_id(&id?.0)?;
    match services::updates::submit_draft(&state.db, &user, id, None, state.link_base()).await? {
        Sent::Done(id) => Ok(Json(StateOut {
            id,
            state: "submitted".to_owned(),
        })),
        Sent::Before(_) => Err(AppError::conflict(Msg::new("err-only-drafts-submitted")).into()),
    }
}

/// A returned update revised by its author: a new update that points back
/// at it, submitted for review.
#[utoipa::path(post, path = "/api/v1/updates/{id}/revise", operation_id = "reviseUpdate", tag = "updates",
    params(("id" = i64, Path, description = "The returned update.", minimum = 1)),
    request_body = RevisionRequest,
    responses(
        (status = 201, description = "The revision, submitted; `Location` is its address.",
            body = StateOut, headers(("Location" = String, description = "The revision's address."))),
        (status = 403, description = "Not the returned update's author."),
        (status = 409, description = "It is not returned, or was revised already."),
    ))]
pub async fn revise(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    body: Result<Body, crate::web::error::ApiError>,
) -> ApiResult<Response> {
    services::policy::ensure_can_submit(&user)?;
    let id = parse_id(&id?.0)?;
    services::updates::revisable(&state.db, &user, id).await?;
    let new = complete(&body?)?;
    let sent = services::updates::resubmit(&state.db, &user, id, new, None, state.link_base());
    let (Sent::Done(new_id) | Sent::Before(new_id)) = sent.await?;
    Ok(created(
        update_location(new_id),
        StateOut {
            id: new_id,
            state: "submitted".to_owned(),
        },
    ))
}

/// A reviewer's decision.
#[derive(ToSchema)]
#[schema(examples(json!({"decision": "return", "comment": "Please add the decree's number."})))]
#[allow(dead_code)]
pub struct ReviewRequest {
    /// `accept`, or `return` (which needs a comment).
    #[schema(schema_with = decision_schema)]
    decision: String,
    #[schema(schema_with = review_comment_schema)]
    comment: Option<String>,
    /// Who may read it, if not as its author proposed.
    #[schema(schema_with = opt_sensitivity_schema)]
    sensitivity: Option<String>,
}

fn decision_schema() -> utoipa::openapi::schema::Schema {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["accept", "return"]))
        .into()
}

/// Accepts a submitted update, or returns it to its author with a comment.
#[utoipa::path(post, path = "/api/v1/updates/{id}/review", operation_id = "reviewUpdate", tag = "review",
    params(("id" = i64, Path, description = "The submitted update.", minimum = 1)),
    request_body = ReviewRequest,
    responses(
        (status = 200, description = "Decided: the update's new state.", body = StateOut),
        (status = 403, description = "Not a reviewer or administrator, or the update's \
            own author."),
        (status = 409, description = "It is not submitted (decided already, or a draft)."),
    ))]
pub async fn review(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    body: Result<Body, crate::web::error::ApiError>,
) -> ApiResult<Json<StateOut>> {
    services::policy::ensure_reviewer(&user)?;
    let id = parse_id(&id?.0)?;
    services::updates::check_reviewer_of(&state.db, &user, id).await?;
    let body = body?;
    let decision: Decision = body
        .text("decision")?
        .parse()
        .map_err(|e| AppError::invalid("decision", e))?;
    let comment =
        ReviewComment::parse(body.text("comment")?).map_err(|e| AppError::invalid("comment", e))?;
    let asked = (decision, sensitivity_of(&body)?);
    let state_now =
        services::updates::review(&state.db, &user, id, asked, comment, state.link_base()).await?;
    Ok(Json(StateOut {
        id,
        state: state_now.as_str().to_owned(),
    }))
}

/// A comment to add to the conversation.
#[derive(ToSchema)]
#[schema(examples(json!({"body": "The decree is attached to the national report."})))]
#[allow(dead_code)]
pub struct CommentRequest {
    #[schema(schema_with = comment_schema)]
    body: String,
}

/// The conversation on an update, oldest first.
#[utoipa::path(get, path = "/api/v1/updates/{id}/comments", operation_id = "listComments", tag = "updates",
    params(("id" = i64, Path, description = "The update.", minimum = 1), super::ListParams),
    responses(
        (status = 200, description = "A page of the comments.", body = Vec<CommentOut>),
        (status = 403, description = "Not in the conversation (donors, focal points of \
            other countries)."),
        (status = 404, description = "No such update, or not one the caller may see."),
    ))]
pub async fn comments(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    query: Query,
) -> ApiResult<Response> {
    let id = parse_id(&id?.0)?;
    let page = Page::read(&query)?;
    let shown = services::updates::shown(&state.db, &user, id).await?;
    let all = shown
        .comments
        .ok_or_else(|| AppError::forbidden(Msg::new("err-not-in-conversation")))?;
    let listed = page.of(all, |c| c.id)?;
    Ok(listed
        .map(|c| CommentOut::from(&c))
        .respond(&format!("/api/v1/updates/{id}/comments"), &query))
}

/// One comment of the conversation on an update.
#[utoipa::path(get, path = "/api/v1/updates/{id}/comments/{comment_id}", operation_id = "getComment", tag = "updates",
    params(("id" = i64, Path, description = "The update.", minimum = 1),
           ("comment_id" = i64, Path, description = "The comment.", minimum = 1)),
    responses(
        (status = 200, description = "The comment.", body = CommentOut),
        (status = 403, description = "Not in the conversation."),
        (status = 404, description = "No such comment on a visible update."),
    ))]
pub async fn comment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ids: Result<ValidPath<(String, String)>, AppError>,
) -> ApiResult<Json<CommentOut>> {
    let (id, comment_id) = ids?.0;
    let (id, comment_id) = (parse_id(&id)?, parse_id(&comment_id)?);
    let shown = services::updates::shown(&state.db, &user, id).await?;
    let all = shown
        .comments
        .ok_or_else(|| AppError::forbidden(Msg::new("err-not-in-conversation")))?;
    let c = all
        .iter()
        .find(|c| c.id == comment_id)
        .ok_or(AppError::NotFound)?;
    Ok(Json(CommentOut::from(c)))
}

/// Adds a comment to the conversation on an update; comments are never
/// changed or removed.
#[utoipa::path(post, path = "/api/v1/updates/{id}/comments", operation_id = "addComment", tag = "updates",
    params(("id" = i64, Path, description = "The update.", minimum = 1)),
    request_body = CommentRequest,
    responses(
        (status = 201, description = "Added; `Location` is the comment's address.", body = IdOut,
            headers(("Location" = String, description = "The comment's address."))),
        (status = 403, description = "Not in the conversation: donors, focal points of \
            other countries."),
        (status = 409, description = "A draft has no conversation yet."),
    ))]
pub async fn add_comment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    body: Result<Body, crate::web::error::ApiError>,
) -> ApiResult<Response> {
    services::policy::ensure_can_submit(&user)?;
    let id = parse_id(&id?.0)?;
    services::updates::check_commenter_of(&state.db, &user, id).await?;
    let text = CommentText::parse(body?.text("body")?).map_err(|e| AppError::invalid("body", e))?;
    let sent =
        services::updates::add_comment(&state.db, &user, id, text, None, state.link_base()).await?;
    let (Sent::Done(comment) | Sent::Before(comment)) = sent;
    Ok(created(
        format!("/api/v1/updates/{id}/comments/{comment}"),
        IdOut { id: comment },
    ))
}

/// Who may read an accepted update from now on.
#[derive(ToSchema)]
#[schema(examples(json!({"sensitivity": "restricted"})))]
#[allow(dead_code)]
pub struct SensitivityRequest {
    #[schema(schema_with = sensitivity_schema)]
    sensitivity: String,
}

/// An update's sensitivity as it is now.
#[derive(serde::Serialize, ToSchema)]
pub struct SensitivityOut {
    id: i64,
    #[schema(schema_with = sensitivity_schema)]
    sensitivity: String,
}

/// Changes who may read an accepted update; the change is audited, and
/// as-of views and snapshots keep what held on their day (need to know
/// wins: a restriction also covers the past).
#[utoipa::path(post, path = "/api/v1/updates/{id}/sensitivity", operation_id = "changeSensitivity", tag = "review",
    params(("id" = i64, Path, description = "The accepted update.", minimum = 1)),
    request_body = SensitivityRequest,
    responses(
        (status = 200, description = "Changed (or already so).", body = SensitivityOut),
        (status = 403, description = "Reviewers and administrators only."),
        (status = 409, description = "It is not accepted: a submitted update's sensitivity is \
            set with its decision."),
    ))]
pub async fn change_sensitivity(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    body: Result<Body, crate::web::error::ApiError>,
) -> ApiResult<Json<SensitivityOut>> {
    services::policy::ensure_reviewer(&user)?;
    let id = parse_id(&id?.0)?;
    services::updates::visible(&state.db, &user, id).await?;
    let to: Sensitivity = body?
        .text("sensitivity")?
        .parse()
        .map_err(|e| AppError::invalid("sensitivity", e))?;
    services::updates::change_sensitivity(&state.db, &user, id, to).await?;
    Ok(Json(SensitivityOut {
        id,
        sensitivity: to.as_str().to_owned(),
    }))
}
