//! Logging progress, reviewing it, and revising what came back.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;

use super::forms::{ValidForm, ValidPath, ValidQuery, parse_id};
use super::language::Ui;
use super::paging::Paging;
use super::routes::Routes;
use super::views::updates::{self as view, MinePage, QueuePage, UpdateForm};
use super::{AppState, CurrentUser};
use crate::db::tracks::TrackInfo;
use crate::db::updates::{self, UpdateView};
use crate::domain::{Country, Decision, NewUpdate, ReviewComment, User};
use crate::error::{AppError, AppResult};
use crate::services::{self, policy};

pub fn router() -> Routes {
    Routes::new()
        .get("/tracks/{id}/updates/new", new_form)
        .post("/tracks/{id}/updates", create)
        .get("/updates/{id}", show)
        .post("/updates/{id}/review", review)
        .get("/updates/{id}/revise", revise_form)
        .post("/updates/{id}/revise", revise)
        .get("/review", queue)
        .get("/my-updates", mine)
}

/// The fields of the form, checked as the API's body is.
fn parse_form(f: &UpdateForm) -> AppResult<NewUpdate> {
    Ok(NewUpdate::parse(
        &f.period,
        &f.status,
        &f.narrative_en,
        &f.narrative_ru,
        &f.evidence_url,
    )?)
}

async fn load_writable_track(state: &AppState, user: &User, id: &str) -> AppResult<TrackInfo> {
    policy::ensure_can_submit(user)?;
    services::updates::writable_track(&state.db, user, parse_id(id)?).await
}

async fn new_form(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Markup> {
    let track = load_writable_track(&state, &user, &id).await?;
    Ok(view::new_page(
        &ui,
        &user,
        &track,
        &UpdateForm::default(),
        None,
    ))
}

fn invalid_page(page: Markup) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    form: Result<ValidForm<UpdateForm>, AppError>,
) -> AppResult<Response> {
    // Who may write here is settled before the body is looked at.
    let track = load_writable_track(&state, &user, &id).await?;
    let ValidForm(form) = form?;
    let new = match parse_form(&form) {
        Ok(n) => n,
        Err(e) => {
            return Ok(invalid_page(view::new_page(
                &ui,
                &user,
                &track,
                &form,
                Some(&e),
            )));
        }
    };
    let id = services::updates::submit(&state.db, &user, track.id, new, state.link_base()).await?;
    Ok(Redirect::to(&format!("/updates/{id}?done=submitted")).into_response())
}

#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
    country: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    ValidQuery(q): ValidQuery<Done>,
) -> AppResult<Markup> {
    let id = parse_id(&id)?;
    let (update, current) = services::updates::visible_with_current(&state.db, &user, id).await?;
    Ok(view::show(
        &ui,
        &user,
        &update,
        current.as_ref(),
        q.done.as_deref(),
    ))
}

#[derive(Deserialize)]
struct ReviewForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

async fn review(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    form: Result<ValidForm<ReviewForm>, AppError>,
) -> AppResult<Response> {
    policy::ensure_reviewer(&user)?;
    let id = parse_id(&id)?;
    let ValidForm(form) = form?;
    let decision: Decision = form
        .decision
        .parse()
        .map_err(|e| AppError::invalid("decision", e))?;
    let comment =
        ReviewComment::parse(&form.comment).map_err(|e| AppError::invalid("comment", e))?;
    let result =
        services::updates::review(&state.db, &user, id, decision, comment, state.link_base()).await;
    match result {
        Ok(s) => Ok(Redirect::to(&format!("/review?done={}", s.as_str())).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let (update, current) =
                services::updates::visible_with_current(&state.db, &user, id).await?;
            Ok(invalid_page(view::review_refused(
                &ui,
                &user,
                &update,
                current.as_ref(),
                &e,
            )))
        }
        Err(e) => Err(e),
    }
}

async fn load_returned(state: &AppState, user: &User, id: &str) -> AppResult<UpdateView> {
    policy::ensure_can_submit(user)?;
    services::updates::revisable(&state.db, user, parse_id(id)?).await
}

async fn revise_form(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Markup> {
    let old = load_returned(&state, &user, &id).await?;
    Ok(view::revise_page(
        &ui,
        &user,
        &old,
        &UpdateForm::from_update(&old),
        None,
    ))
}

async fn revise(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    form: Result<ValidForm<UpdateForm>, AppError>,
) -> AppResult<Response> {
    let old = load_returned(&state, &user, &id).await?;
    let ValidForm(form) = form?;
    let new = match parse_form(&form) {
        Ok(n) => n,
        Err(e) => {
            return Ok(invalid_page(view::revise_page(
                &ui,
                &user,
                &old,
                &form,
                Some(&e),
            )));
        }
    };
    let new_id =
        services::updates::resubmit(&state.db, &user, old.id, new, state.link_base()).await?;
    Ok(Redirect::to(&format!("/updates/{new_id}?done=submitted")).into_response())
}

async fn queue(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<Done>,
    paging: Paging,
) -> AppResult<Markup> {
    policy::ensure_reviewer(&user)?;
    let country = match q.country.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(
            c.parse::<Country>()
                .map_err(|e| AppError::invalid("country", e))?,
        ),
    };
    let (items, total) = state
        .db
        .read(move |conn| updates::queue(conn, country, paging.sql()))
        .await?;
    Ok(view::queue(
        &ui,
        &QueuePage {
            user: &user,
            items: &items,
            total: usize::try_from(total).unwrap_or(0),
            country,
            paging,
            done: q.done.as_deref(),
        },
    ))
}

async fn mine(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    paging: Paging,
) -> AppResult<Markup> {
    policy::ensure_can_submit(&user)?;
    let u = user.clone();
    let (items, total, (waiting, _)) = state
        .db
        .read(move |conn| {
            let (items, total) = updates::by_author(conn, u.id, paging.sql())?;
            Ok((
                items,
                total,
                updates::counts_for(conn, u.id, u.role().can_review())?,
            ))
        })
        .await?;
    Ok(view::mine(
        &ui,
        &MinePage {
            user: &user,
            items: &items,
            total: usize::try_from(total).unwrap_or(0),
            waiting,
            paging,
        },
    ))
}
