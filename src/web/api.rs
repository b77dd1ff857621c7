//! The JSON API of CONTRACT.md under `/api/v1`.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::forms::{ApiJson, ValidPath, ValidQuery, parse_id};
use super::identity::{ClientAddr, check_password, settle, signed_in};
use super::routes::Routes;
use crate::db::commitments;
use crate::db::updates;
use crate::db::users::{self, SessionKind};
use crate::domain::{CommentText, Decision, Draft, Msg, NewUpdate, ReviewComment, User, Viewer};
use crate::error::AppError;
use crate::reports::ReportQuery;
use crate::services;
use crate::services::sessions::{SignIn, SignedIn};
use crate::services::updates::Sent;

type ApiResult<T> = Result<T, ApiError>;

pub fn router() -> Routes {
    Routes::new()
        .post("/login", login)
        .post("/logout", logout)
        .get("/commitments", list)
        .get("/commitments/{id}", show)
        .post("/tracks/{id}/updates", submit)
        .get("/updates/{id}", show_update)
        .put("/updates/{id}", edit_draft)
        .post("/updates/{id}/submit", submit_draft)
        .post("/updates/{id}/review", review)
        .post("/updates/{id}/comments", add_comment)
}

/// What the API answers for a path it does not have.
pub async fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

/// A user signed in with a bearer token (or the browser session); 401 otherwise.
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        signed_in(state, parts)
            .await?
            .map(ApiUser)
            .ok_or(ApiError(AppError::Unauthorized))
    }
}

#[derive(Deserialize)]
struct LoginBody {
    email: String,
    password: String,
    /// A current code of the account's second factor, or a recovery code.
    otp: Option<String>,
}

/// A token for the right password and, for an account with a second
/// factor, a code of it; a wrong code counts as a failed sign-in.
async fn login(
    State(state): State<AppState>,
    from: ClientAddr,
    ApiJson(body): ApiJson<LoginBody>,
) -> ApiResult<Json<Value>> {
    let too_long = body.otp.as_ref().is_some_and(|c| c.len() > 64);
    if body.email.len() > 254 || body.password.chars().count() > crate::domain::PASSWORD_MAX {
        return Err(AppError::Unauthorized.into());
    }
    let Some((user_id, attempt)) =
        check_password(&state, &from, &body.email, body.password).await?
    else {
        services::sessions::sign_in_failed(&state.db, &body.email, from.0).await?;
        return Err(AppError::Unauthorized.into());
    };
    let s = SignIn {
        user_id,
        kind: SessionKind::Api,
        from: from.0,
        replaces: None,
        code: body.otp.filter(|c| !c.trim().is_empty() && !too_long),
        next: String::new(),
    };
    let (times, mfa) = (state.settings.sessions(), state.settings.mfa);
    let outcome = services::sessions::sign_in(&state.db, s, times, mfa).await?;
    settle(attempt, !matches!(outcome, SignedIn::CodeWrong));
    match outcome {
        SignedIn::Session(token, user) => Ok(Json(json!({
            "token": token,
            "role": user.role().as_str(),
            "country": user.country().map(|c| c.code()),
        }))),
        SignedIn::MustEnrol => Err(AppError::MustEnrol.into()),
        SignedIn::CodeWrong | SignedIn::CodeNeeded(_) => Err(AppError::CodeRequired.into()),
    }
}

async fn logout(
    State(state): State<AppState>,
    parts: axum::http::HeaderMap,
) -> ApiResult<StatusCode> {
    let token = parts
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
        .ok_or(AppError::Unauthorized)?;
    let (t, times) = (token.clone(), state.settings.sessions());
    let known = state
        .db
        .read(move |conn| users::session_user(conn, &t, SessionKind::Api, &times))
        .await?;
    if known.is_none() {
        return Err(AppError::Unauthorized.into());
    }
    services::sessions::sign_out(&state.db, token).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    q: Result<ValidQuery<ReportQuery>, AppError>,
) -> ApiResult<Json<Vec<commitments::Commitment>>> {
    let ValidQuery(q) = q?;
    let filter = q.to_filter()?;
    let text = q.text();
    let items = state
        .db
        .read(move |conn| commitments::list(conn, &filter, text.as_deref()))
        .await?;
    Ok(Json(items))
}

async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
) -> ApiResult<Json<Value>> {
    let id = parse_id(&id?.0)?;
    let viewer = Viewer::of(&user);
    let (c, history) = state
        .db
        .read(move |conn| {
            let c = commitments::get(conn, id)?;
            Ok((c, updates::for_commitment(conn, &viewer, id)?))
        })
        .await?;
    Ok(Json(commitment_json(&c, &history)))
}

/// A commitment as the API gives it: its tracks, each with the updates the
/// caller may see.
fn commitment_json(c: &commitments::Commitment, history: &[updates::UpdateView]) -> Value {
    let tracks: Vec<Value> = c
        .tracks
        .iter()
        .map(|t| {
            let ups: Vec<&updates::UpdateView> =
                history.iter().filter(|u| u.track_id == t.id).collect();
            json!({
                "id": t.id,
                "country": t.country,
                "status": t.status.as_str(),
                "last_accepted_period": t.last_accepted_period,
                "updates": ups,
            })
        })
        .collect();
    json!({
        "id": c.id,
        "document": c.document,
        "code": c.code,
        "title": c.title,
        "title_ru": c.title_ru,
        "pillar": c.pillar,
        "theme": c.theme,
        "target_year": c.target_year,
        "illustrative": c.illustrative,
        "tracks": tracks,
    })
}

/// Fields are read as JSON values so that a wrong type is reported against
/// its field with 422, not as an unreadable body.
#[derive(Deserialize)]
struct UpdateBody {
    period: Option<Value>,
    status: Option<Value>,
    narrative_en: Option<Value>,
    narrative_ru: Option<Value>,
    evidence_url: Option<Value>,
    /// `true`: keep it as a draft, seen by its author alone.
    draft: Option<Value>,
}

fn text_field<'a>(
    v: &'a Option<Value>,
    field: &'static str,
    required: bool,
) -> Result<&'a str, AppError> {
    match v {
        None | Some(Value::Null) if !required => Ok(""),
        None | Some(Value::Null) => Err(AppError::Invalid {
            field: Some(field),
            message: Msg::new("invalid-required").arg("field", field),
        }),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(AppError::Invalid {
            field: Some(field),
            message: Msg::new("invalid-not-text").arg("field", field),
        }),
    }
}

impl UpdateBody {
    fn parse_draft(&self) -> Result<Draft, AppError> {
        Ok(Draft::parse(
            text_field(&self.period, "period", true)?,
            text_field(&self.status, "status", true)?,
            text_field(&self.narrative_en, "narrative_en", false)?,
            text_field(&self.narrative_ru, "narrative_ru", false)?,
            text_field(&self.evidence_url, "evidence_url", false)?,
        )?)
    }

    fn parse(&self) -> Result<NewUpdate, AppError> {
        Ok(self.parse_draft()?.complete()?)
    }

    fn wants_draft(&self) -> Result<bool, AppError> {
        match &self.draft {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(AppError::Invalid {
                field: Some("draft"),
                message: Msg::new("invalid-not-boolean").arg("field", "draft"),
            }),
        }
    }
}

async fn submit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    body: Result<ApiJson<UpdateBody>, ApiError>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    // Who may write, and where, is decided before the body is looked at.
    services::policy::ensure_can_submit(&user)?;
    let track_id = parse_id(&id?.0)?;
    services::updates::writable_track(&state.db, &user, track_id).await?;
    let ApiJson(body) = body?;
    let (sent, state_now) = if body.wants_draft()? {
        let draft = body.parse_draft()?;
        let sent = services::updates::start_draft(&state.db, &user, track_id, draft, None);
        (sent.await?, "draft")
    } else {
        let new = body.parse()?;
        let sent =
            services::updates::submit(&state.db, &user, track_id, new, None, state.link_base());
        (sent.await?, "submitted")
    };
    let (Sent::Done(id) | Sent::Before(id)) = sent;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "state": state_now })),
    ))
}

/// An update with, for those in its conversation, the comments on it.
async fn show_update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
) -> ApiResult<Json<Value>> {
    let id = parse_id(&id?.0)?;
    let shown = services::updates::shown(&state.db, &user, id).await?;
    let mut update = json!(shown.update);
    if let Some(comments) = shown.comments {
        update["comments"] = json!(comments);
    }
    Ok(Json(update))
}

/// A draft saved again by its author; `409` once it is submitted.
async fn edit_draft(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    body: Result<ApiJson<UpdateBody>, ApiError>,
) -> ApiResult<Json<Value>> {
    services::policy::ensure_can_submit(&user)?;
    let id = parse_id(&id?.0)?;
    services::updates::own_draft(&state.db, &user, id).await?;
    let ApiJson(body) = body?;
    let draft = body.parse_draft()?;
    match services::updates::save_draft(&state.db, &user, id, draft).await? {
        Sent::Done(id) => Ok(Json(json!({ "id": id, "state": "draft" }))),
        Sent::Before(_) => Err(AppError::conflict(Msg::new("err-only-drafts-edited")).into()),
    }
}

/// A draft submitted by its author as it stands; `409` if it is not a draft.
async fn submit_draft(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
) -> ApiResult<Json<Value>> {
    services::policy::ensure_can_submit(&user)?;
    let id = parse_id(&id?.0)?;
    match services::updates::submit_draft(&state.db, &user, id, None, state.link_base()).await? {
        Sent::Done(id) => Ok(Json(json!({ "id": id, "state": "submitted" }))),
        Sent::Before(_) => Err(AppError::conflict(Msg::new("err-only-drafts-submitted")).into()),
    }
}

#[derive(Deserialize)]
struct CommentBody {
    body: Option<Value>,
}

/// A comment added to the conversation on an update.
async fn add_comment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    body: Result<ApiJson<CommentBody>, ApiError>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    services::policy::ensure_can_submit(&user)?;
    let id = parse_id(&id?.0)?;
    services::updates::check_commenter_of(&state.db, &user, id).await?;
    let ApiJson(body) = body?;
    let text = CommentText::parse(text_field(&body.body, "body", true)?)
        .map_err(|e| AppError::invalid("body", e))?;
    let sent =
        services::updates::add_comment(&state.db, &user, id, text, None, state.link_base()).await?;
    let (Sent::Done(comment) | Sent::Before(comment)) = sent;
    Ok((StatusCode::CREATED, Json(json!({ "id": comment }))))
}

#[derive(Deserialize)]
struct ReviewBody {
    decision: Option<Value>,
    comment: Option<Value>,
}

async fn review(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<ValidPath, AppError>,
    body: Result<ApiJson<ReviewBody>, ApiError>,
) -> ApiResult<Json<Value>> {
    services::policy::ensure_reviewer(&user)?;
    let id = parse_id(&id?.0)?;
    services::updates::check_reviewer_of(&state.db, &user, id).await?;
    let ApiJson(body) = body?;
    let decision: Decision = text_field(&body.decision, "decision", true)?
        .parse()
        .map_err(|e| AppError::invalid("decision", e))?;
    let comment = ReviewComment::parse(text_field(&body.comment, "comment", false)?)
        .map_err(|e| AppError::invalid("comment", e))?;
    let state_now =
        services::updates::review(&state.db, &user, id, decision, comment, state.link_base())
            .await?;
    Ok(Json(json!({ "id": id, "state": state_now.as_str() })))
}
