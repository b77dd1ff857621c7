//! Logging progress, reviewing it, and revising what came back.

use super::forms::{ValidPath, ValidQuery};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Datelike;
use maud::{Markup, html};
use serde::Deserialize;

use super::commitments::history_item;
use super::forms::{ValidForm, parse_id};
use super::layout::{self, Nav};
use super::{AppState, CurrentUser};
use crate::auth::policy;
use crate::db::tracks::{self, TrackInfo};
use crate::db::updates::{self, Decision, NewUpdate, UpdateView};
use crate::db::users::User;
use crate::domain::{Country, Period, ReviewComment, Status, UpdateState};
use crate::error::{AppError, AppResult};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tracks/{id}/updates/new", get(new_form))
        .route("/tracks/{id}/updates", post(create))
        .route("/updates/{id}", get(show))
        .route("/updates/{id}/review", post(review))
        .route("/updates/{id}/revise", get(revise_form).post(revise))
        .route("/review", get(queue))
        .route("/my-updates", get(mine))
}

#[derive(Deserialize, Default, Clone)]
pub struct UpdateForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    narrative_en: String,
    #[serde(default)]
    narrative_ru: String,
    #[serde(default)]
    evidence_url: String,
}

impl UpdateForm {
    fn parse(&self) -> AppResult<NewUpdate> {
        NewUpdate::parse(
            &self.period,
            &self.status,
            &self.narrative_en,
            &self.narrative_ru,
            &self.evidence_url,
        )
    }

    fn from_update(u: &UpdateView) -> UpdateForm {
        UpdateForm {
            period: u.period.clone(),
            status: u.status.clone(),
            narrative_en: u.narrative_en.clone(),
            narrative_ru: u.narrative_ru.clone(),
            evidence_url: u.evidence_url.clone(),
        }
    }
}

/// The last half-year that has ended: what a report is usually about.
fn default_period() -> String {
    let today = chrono::Utc::now().date_naive();
    let p = if today.month() >= 7 {
        format!("{}-H1", today.year())
    } else {
        format!("{}-H2", today.year() - 1)
    };
    p.parse::<Period>()
        .map_or_else(|_| "2022".to_owned(), |p| p.to_string())
}

fn field_error(err: Option<&AppError>, field: &str) -> Markup {
    html! {
        @if let Some(AppError::Invalid { field: Some(f), message }) = err {
            @if *f == field { p.field-error id={(field) "-error"} { (message) } }
        }
    }
}

fn update_form(action: &str, form: &UpdateForm, err: Option<&AppError>, submit: &str) -> Markup {
    let period = if form.period.is_empty() {
        default_period()
    } else {
        form.period.clone()
    };
    html! {
        (layout::form_error(err.map(|e| e.to_string()).as_deref()))
        form.stack method="post" action=(action) {
            div.field {
                label for="period" { "Reporting period" }
                p.hint #period-hint { "The half-year or whole year this update covers (2022–2031)." }
                (field_error(err, "period"))
                select #period name="period" aria-describedby="period-hint" {
                    @for p in Period::all() {
                        @let v = p.to_string();
                        option value=(v) selected[v == period] { (v) }
                    }
                }
            }
            fieldset {
                legend { "Status at the end of the period" }
                (field_error(err, "status"))
                @for s in Status::ALL {
                    div.choice {
                        input type="radio" name="status" id={"status-" (s.as_str())} value=(s.as_str())
                            checked[form.status == s.as_str()] required aria-describedby={"status-" (s.as_str()) "-hint"};
                        div {
                            label for={"status-" (s.as_str())} { (s.label()) }
                            div.hint id={"status-" (s.as_str()) "-hint"} { (s.help()) }
                        }
                    }
                }
            }
            div.field {
                label for="narrative_en" { "What was done (English)" }
                p.hint #narrative-hint { "Say what was done in the period, by whom, and what changed. Name laws, programmes, dates and figures that a reader can check. Write in English, Russian or both." }
                (field_error(err, "narrative_en"))
                textarea #narrative_en name="narrative_en" lang="en" maxlength="10000" aria-describedby="narrative-hint" { (form.narrative_en) }
            }
            div.field {
                label for="narrative_ru" lang="ru" { "Что сделано (на русском)" }
                (field_error(err, "narrative_ru"))
                textarea #narrative_ru name="narrative_ru" lang="ru" maxlength="10000" aria-describedby="narrative-hint" { (form.narrative_ru) }
            }
            div.field {
                label for="evidence_url" { "Link to evidence (optional)" }
                p.hint #evidence-hint { "A public web address of a law, report, news item or document that shows the progress." }
                (field_error(err, "evidence_url"))
                input #evidence_url type="url" name="evidence_url" value=(form.evidence_url) maxlength="2000" aria-describedby="evidence-hint";
            }
            button type="submit" { (submit) }
        }
    }
}

fn track_heading(t: &TrackInfo) -> Markup {
    html! {
        p.muted { a href={"/commitments/" (t.commitment_id) "#track-" (t.id)} { (t.code) " " (t.title_en) } }
        p { "Track: " strong { (t.country.name_en()) } }
    }
}

async fn load_writable_track(state: &AppState, user: &User, id: &str) -> AppResult<TrackInfo> {
    policy::ensure_can_submit(user)?;
    let id = parse_id(id)?;
    let track = state.db.read(move |conn| tracks::get(conn, id)).await?;
    policy::ensure_can_write_track(user, track.country)?;
    Ok(track)
}

fn new_page(user: &User, t: &TrackInfo, form: &UpdateForm, err: Option<&AppError>) -> Markup {
    layout::page(
        Some(user),
        Nav::Commitments,
        "Log progress",
        html! {
            h1 { "Log progress" }
            (track_heading(t))
            (update_form(&format!("/tracks/{}/updates", t.id), form, err, "Submit for review"))
        },
    )
}

async fn new_form(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Markup> {
    let track = load_writable_track(&state, &user, &id).await?;
    Ok(new_page(&user, &track, &UpdateForm::default(), None))
}

fn invalid_page(page: Markup) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    form: Result<ValidForm<UpdateForm>, AppError>,
) -> AppResult<Response> {
    // Who may write here is settled before the body is looked at.
    let track = load_writable_track(&state, &user, &id).await?;
    let ValidForm(form) = form?;
    let new = match form.parse() {
        Ok(n) => n,
        Err(e) => return Ok(invalid_page(new_page(&user, &track, &form, Some(&e)))),
    };
    let author = user.clone();
    let id = state
        .db
        .write(move |tx| updates::submit(tx, &author, track.id, &new))
        .await?;
    Ok(Redirect::to(&format!("/updates/{id}?done=submitted")).into_response())
}

#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
    country: Option<String>,
}

fn done_text(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "submitted" => Some(
            "Your update was submitted. A reviewer will accept it or return it with a comment.",
        ),
        "accepted" => Some("The update was accepted and now counts toward the track's status."),
        "returned" => Some("The update was returned to its author with your comment."),
        _ => None,
    }
}

/// An update the user may see, with its track's current accepted status.
async fn load_with_current(
    state: &AppState,
    user: &User,
    id: i64,
) -> AppResult<(UpdateView, Option<(String, String)>)> {
    let u = user.clone();
    state
        .db
        .read(move |conn| {
            let update = updates::get_visible(conn, &u, id)?;
            let current = updates::latest_accepted_on(conn, update.track_id)?;
            Ok((update, current))
        })
        .await
}

async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    ValidQuery(q): ValidQuery<Done>,
) -> AppResult<Markup> {
    let id = parse_id(&id)?;
    let (update, current) = load_with_current(&state, &user, id).await?;
    Ok(layout::page(
        Some(&user),
        Nav::None,
        &format!("Update #{}", update.id),
        html! {
            @if let Some(t) = done_text(q.done.as_deref()) { (layout::notice(t)) }
            p.muted { a href={"/commitments/" (update.commitment_id) "#track-" (update.track_id)} { (update.commitment_code) " " (update.commitment_title) } }
            h1 { "Update #" (update.id) ": " (update.country().name_en()) ", " (update.period) }
            ol.history { (history_item(&update)) }
            @if let Some(prev) = update.revises_id {
                p { "This update revises " a href={"/updates/" (prev)} { "update #" (prev) } ", which was returned." }
            }
            @if let Some(next) = update.revised_by_id {
                p { "Revised by " a href={"/updates/" (next)} { "update #" (next) } "." }
            }
            @if update.state() == UpdateState::Submitted && user.role.can_review() {
                @if update.author_id == user.id {
                    p.panel { "You wrote this update, so another reviewer must decide on it." }
                } @else {
                    (review_form(&update, current.as_ref(), None))
                }
            }
            @if update.state() == UpdateState::Returned && update.author_id == user.id && update.revised_by_id.is_none() {
                p { a.button href={"/updates/" (update.id) "/revise"} { "Revise and resubmit" } }
            }
        },
    ))
}

fn review_form(
    u: &UpdateView,
    current: Option<&(String, String)>,
    err: Option<&AppError>,
) -> Markup {
    html! {
        section.panel aria-labelledby="review-h" {
            h2 #review-h { "Your decision" }
            p {
                "The track's status now: "
                @match current {
                    Some((period, status)) => { (layout::status_badge(crate::domain::TrackStatus::from_db(Some(status)))) " (" (period) ")" }
                    None => { (layout::status_badge(crate::domain::TrackStatus::NoInformation)) }
                }
            }
            (layout::form_error(err.map(|e| e.to_string()).as_deref()))
            form method="post" action={"/updates/" (u.id) "/review"} {
                div.field {
                    label for="comment" { "Comment" }
                    p.hint #comment-hint { "Required when you return an update: say what should change." }
                    textarea #comment name="comment" maxlength="5000" aria-describedby="comment-hint" {}
                }
                div.actions {
                    button type="submit" name="decision" value="accept" { "Accept" }
                    button.secondary type="submit" name="decision" value="return" { "Return to author" }
                }
            }
        }
    }
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
    let reviewer = user.clone();
    let result = state
        .db
        .write(move |tx| updates::review(tx, &reviewer, id, decision, &comment))
        .await;
    match result {
        Ok(s) => Ok(Redirect::to(&format!("/review?done={}", s.as_str())).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let (update, current) = load_with_current(&state, &user, id).await?;
            Ok(invalid_page(layout::page(
                Some(&user),
                Nav::Review,
                "Review",
                html! {
                    h1 { "Update #" (update.id) }
                    ol.history { (history_item(&update)) }
                    (review_form(&update, current.as_ref(), Some(&e)))
                },
            )))
        }
        Err(e) => Err(e),
    }
}

async fn load_returned(state: &AppState, user: &User, id: &str) -> AppResult<UpdateView> {
    policy::ensure_can_submit(user)?;
    let id = parse_id(id)?;
    let u = user.clone();
    let old = state
        .db
        .read(move |conn| updates::get_visible(conn, &u, id))
        .await?;
    if old.author_id != user.id {
        return Err(AppError::forbidden(
            "Only the author of an update can revise it.",
        ));
    }
    if old.state() != UpdateState::Returned || old.revised_by_id.is_some() {
        return Err(AppError::conflict(
            "Only a returned update that has not been revised yet can be revised.",
        ));
    }
    Ok(old)
}

fn revise_page(user: &User, old: &UpdateView, form: &UpdateForm, err: Option<&AppError>) -> Markup {
    layout::page(
        Some(user),
        Nav::MyUpdates,
        "Revise update",
        html! {
            h1 { "Revise update #" (old.id) }
            p.muted { (old.commitment_code) " " (old.commitment_title) " — " (old.country().name_en()) }
            div.panel {
                strong { "Reviewer's comment: " } (layout::multiline(&old.review_comment))
                @if let Some(by) = &old.reviewed_by { div.meta.muted { "— " (by) } }
            }
            p.hint { "Your revision is a new update; the returned one stays on the record." }
            (update_form(&format!("/updates/{}/revise", old.id), form, err, "Resubmit for review"))
        },
    )
}

async fn revise_form(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Markup> {
    let old = load_returned(&state, &user, &id).await?;
    Ok(revise_page(
        &user,
        &old,
        &UpdateForm::from_update(&old),
        None,
    ))
}

async fn revise(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    form: Result<ValidForm<UpdateForm>, AppError>,
) -> AppResult<Response> {
    let old = load_returned(&state, &user, &id).await?;
    let ValidForm(form) = form?;
    let new = match form.parse() {
        Ok(n) => n,
        Err(e) => return Ok(invalid_page(revise_page(&user, &old, &form, Some(&e)))),
    };
    let author = user.clone();
    let new_id = state
        .db
        .write(move |tx| updates::resubmit(tx, &author, old.id, &new))
        .await?;
    Ok(Redirect::to(&format!("/updates/{new_id}?done=submitted")).into_response())
}

fn update_rows(items: &[UpdateView], me: &User) -> Markup {
    html! {
        table.responsive {
            thead { tr {
                th scope="col" { "Update" }
                th scope="col" { "Commitment" }
                th scope="col" { "Country" }
                th scope="col" { "Period" }
                th scope="col" { "Status" }
                th scope="col" { "State" }
                th scope="col" { "Submitted" }
            } }
            tbody {
                @for u in items {
                    tr {
                        td data-label="Update" { a href={"/updates/" (u.id)} { "#" (u.id) } }
                        td data-label="Commitment" { (u.commitment_code) " " (u.commitment_title) }
                        td data-label="Country" { (u.country().name_en()) }
                        td data-label="Period" { (u.period) }
                        td data-label="Status" { (layout::status_badge(crate::domain::TrackStatus::from_db(Some(&u.status)))) }
                        td data-label="State" {
                            (layout::state_badge(u.state()))
                            @if u.state() == UpdateState::Returned && u.revised_by_id.is_none() && u.author_id == me.id {
                                " " a href={"/updates/" (u.id) "/revise"} { "Revise" }
                            }
                            @if u.author_id == me.id && u.state() == UpdateState::Submitted && me.role.can_review() { " " span.muted { "(yours)" } }
                        }
                        td data-label="Submitted" { (u.submitted_by) br; span.muted { (u.submitted_at.as_deref().map(layout::when).unwrap_or_default()) } }
                    }
                }
            }
        }
    }
}

/// How many waiting updates the queue page lists.
const QUEUE_SHOWN: i64 = 200;

async fn queue(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<Done>,
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
        .read(move |conn| updates::queue(conn, country, QUEUE_SHOWN))
        .await?;
    Ok(layout::page(
        Some(&user),
        Nav::Review,
        "Review queue",
        html! {
            @if let Some(t) = done_text(q.done.as_deref()) { (layout::notice(t)) }
            h1 { "Review queue" }
            form.filters method="get" action="/review" {
                div.field {
                    label for="country" { "Country" }
                    select #country name="country" {
                        option value="" { "All" }
                        @for c in Country::ALL { option value=(c.code()) selected[country == Some(c)] { (c.name_en()) } }
                    }
                }
                button type="submit" { "Filter" }
            }
            p role="status" { (total) " updates await a decision, oldest first."
                @if (items.len() as i64) < total { " The oldest " (items.len()) " are shown." } }
            @if !items.is_empty() { (update_rows(&items, &user)) }
        },
    ))
}

async fn mine(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> AppResult<Markup> {
    policy::ensure_can_submit(&user)?;
    let id = user.id;
    let items = state
        .db
        .read(move |conn| updates::by_author(conn, id))
        .await?;
    let waiting = items
        .iter()
        .filter(|u| u.state() == UpdateState::Returned && u.revised_by_id.is_none())
        .count();
    Ok(layout::page(
        Some(&user),
        Nav::MyUpdates,
        "My updates",
        html! {
            h1 { "My updates" }
            @if waiting > 0 {
                p.panel { strong { (waiting) " returned to you" } ": read the reviewer's comment, revise and resubmit." }
            }
            @if items.is_empty() {
                p { "You have not logged any progress yet. Open a commitment to log progress on one of your tracks." }
            } @else {
                (update_rows(&items, &user))
            }
        },
    ))
}
