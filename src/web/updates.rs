//! Logging progress, reviewing it, and revising what came back.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use maud::{Markup, html};
use serde::Deserialize;

use super::forms::{ValidForm, ValidPath, ValidQuery, parse_id};
use super::language::Ui;
use super::layout::{self, Nav};
use super::paging::{self, Paging};
use super::routes::Routes;
use super::views::components::history_item;
use super::{AppState, CurrentUser};
use crate::db::tracks::TrackInfo;
use crate::db::updates::{self, UpdateView};
use crate::domain::{
    Country, Decision, NewUpdate, Period, ReviewComment, Status, UpdateState, User,
};
use crate::domain::{Lang, Tr};
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
        Ok(NewUpdate::parse(
            &self.period,
            &self.status,
            &self.narrative_en,
            &self.narrative_ru,
            &self.evidence_url,
        )?)
    }

    fn from_update(u: &UpdateView) -> UpdateForm {
        UpdateForm {
            period: u.period.to_string(),
            status: u.status.as_str().to_owned(),
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

/// The ids that describe a field: its hints, and its error when it has one.
fn described_by(err: Option<&AppError>, field: &str, hints: &str) -> String {
    match layout::invalid(err, field) {
        Some(_) => format!("{hints} {field}-error"),
        None => hints.to_owned(),
    }
}

fn field_error(tr: Tr, err: Option<&AppError>, field: &str) -> Markup {
    html! {
        @if let Some(AppError::Invalid { field: Some(f), message }) = err {
            @if *f == field { p.field-error id={(field) "-error"} { (tr.msg(message)) } }
        }
    }
}

fn update_form(
    tr: Tr,
    action: &str,
    form: &UpdateForm,
    err: Option<&AppError>,
    submit: &str,
) -> Markup {
    let period = if form.period.is_empty() {
        default_period()
    } else {
        form.period.clone()
    };
    // The page's language first; both may be filled in.
    let en = (
        "narrative_en",
        "en",
        "label-narrative-en",
        &form.narrative_en,
    );
    let ru = (
        "narrative_ru",
        "ru",
        "label-narrative-ru",
        &form.narrative_ru,
    );
    let narratives = match tr.lang {
        Lang::En => [en, ru],
        Lang::Ru => [ru, en],
    };
    html! {
        (layout::form_error(tr, err.map(|e| e.message_in(tr)).as_deref()))
        form.stack method="post" action=(action) {
            div.field {
                label for="period" { (tr.t("label-period")) }
                p.hint #period-hint { (tr.t("period-hint")) }
                (field_error(tr, err, "period"))
                select #period name="period" aria-describedby=(described_by(err, "period", "period-hint")) aria-invalid=[layout::invalid(err, "period")] {
                    @for p in Period::all() {
                        @let v = p.to_string();
                        option value=(v) selected[v == period] { (v) }
                    }
                }
            }
            fieldset #status aria-describedby=[layout::invalid(err, "status").map(|_| "status-error")] {
                legend { (tr.t("status-legend")) }
                (field_error(tr, err, "status"))
                @for s in Status::ALL {
                    div.choice {
                        input type="radio" name="status" id={"status-" (s.as_str())} value=(s.as_str())
                            checked[form.status == s.as_str()] required aria-describedby={"status-" (s.as_str()) "-hint"};
                        div {
                            label for={"status-" (s.as_str())} { (tr.t(s.label_id())) }
                            div.hint id={"status-" (s.as_str()) "-hint"} { (tr.t(s.help_id())) }
                        }
                    }
                }
            }
            p.hint #narrative-hint { (tr.t("narrative-hint")) }
            @for (field, lang, label, text) in narratives {
                div.field {
                    label for=(field) { (tr.t(label)) }
                    (field_error(tr, err, field))
                    textarea id=(field) name=(field) lang=(lang) maxlength="10000"
                        aria-describedby=(described_by(err, field, "narrative-hint")) aria-invalid=[layout::invalid(err, field)] { (text) }
                }
            }
            div.field {
                label for="evidence_url" { (tr.t("label-evidence")) }
                p.hint #evidence-hint { (tr.t("evidence-hint")) }
                (field_error(tr, err, "evidence_url"))
                input #evidence_url type="url" name="evidence_url" value=(form.evidence_url) maxlength="2000"
                    aria-describedby=(described_by(err, "evidence_url", "evidence-hint")) aria-invalid=[layout::invalid(err, "evidence_url")];
            }
            button type="submit" { (submit) }
        }
    }
}

fn track_heading(tr: Tr, t: &TrackInfo) -> Markup {
    html! {
        p.muted { a href={"/commitments/" (t.commitment_id) "#track-" (t.id)} { (t.code) " " (layout::localized(tr, &t.title_en, &t.title_ru)) } }
        p { (tr.t("track-label")) " " strong { (t.country.name(tr.lang)) } }
    }
}
async fn load_writable_track(state: &AppState, user: &User, id: &str) -> AppResult<TrackInfo> {
    policy::ensure_can_submit(user)?;
    services::updates::writable_track(&state.db, user, parse_id(id)?).await
}

fn new_page(
    ui: &Ui,
    user: &User,
    t: &TrackInfo,
    form: &UpdateForm,
    err: Option<&AppError>,
) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(user),
        Nav::Commitments,
        &tr.t("log-progress"),
        html! {
            h1 { (tr.t("log-progress")) }
            (track_heading(tr, t))
            (update_form(tr, &format!("/tracks/{}/updates", t.id), form, err, &tr.t("submit-for-review")))
        },
    )
}

async fn new_form(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Markup> {
    let track = load_writable_track(&state, &user, &id).await?;
    Ok(new_page(&ui, &user, &track, &UpdateForm::default(), None))
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
    let new = match form.parse() {
        Ok(n) => n,
        Err(e) => return Ok(invalid_page(new_page(&ui, &user, &track, &form, Some(&e)))),
    };
    let id = services::updates::submit(&state.db, &user, track.id, new).await?;
    Ok(Redirect::to(&format!("/updates/{id}?done=submitted")).into_response())
}

#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
    country: Option<String>,
}

fn done_text(tr: Tr, done: Option<&str>) -> Option<String> {
    let id = match done? {
        "submitted" => "done-submitted",
        "accepted" => "done-accepted",
        "returned" => "done-returned",
        _ => return None,
    };
    Some(tr.t(id))
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
    let tr = ui.tr;
    let number = |id: i64| tr.t_args("update-number", &[("id", id.into())]);
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::None,
        &number(update.id),
        html! {
            @if let Some(t) = done_text(tr, q.done.as_deref()) { (layout::notice(&t)) }
            p.muted { a href={"/commitments/" (update.commitment_id) "#track-" (update.track_id)} { (update.commitment_code) " " (layout::localized(tr, &update.commitment_title, &update.commitment_title_ru)) } }
            h1 { (number(update.id)) ": " (update.country().name(tr.lang)) ", " (update.period) }
            ol.history { (history_item(tr, &update)) }
            @if let Some(prev) = update.revises_id {
                p { (tr.t("revises-before")) " " a href={"/updates/" (prev)} { (tr.t_args("revises-link", &[("id", prev.into())])) } (tr.t("revises-after")) }
            }
            @if let Some(next) = update.revised_by_id {
                p { (tr.t("revised-by")) " " a href={"/updates/" (next)} { (tr.t_args("revised-by-link", &[("id", next.into())])) } "." }
            }
            @if update.state() == UpdateState::Submitted && user.role().can_review() {
                @if update.author_id == user.id {
                    p.panel { (tr.t("review-own-update")) }
                } @else {
                    (review_form(tr, &update, current.as_ref(), None))
                }
            }
            @if update.state() == UpdateState::Returned && update.author_id == user.id && update.revised_by_id.is_none() {
                p { a.button href={"/updates/" (update.id) "/revise"} { (tr.t("revise-and-resubmit")) } }
            }
        },
    ))
}

fn review_form(
    tr: Tr,
    u: &UpdateView,
    current: Option<&(String, String)>,
    err: Option<&AppError>,
) -> Markup {
    html! {
        section.panel aria-labelledby="review-h" {
            h2 #review-h { (tr.t("review-decision-heading")) }
            p {
                (tr.t("review-status-now")) " "
                @match current {
                    Some((period, status)) => { (layout::status_badge(tr, crate::domain::TrackStatus::from_db(Some(status)))) " (" (period) ")" }
                    None => { (layout::status_badge(tr, crate::domain::TrackStatus::NoInformation)) }
                }
            }
            (layout::form_error(tr, err.map(|e| e.message_in(tr)).as_deref()))
            form method="post" action={"/updates/" (u.id) "/review"} {
                div.field {
                    label for="comment" { (tr.t("label-comment")) }
                    p.hint #comment-hint { (tr.t("comment-hint")) }
                    textarea #comment name="comment" maxlength="5000"
                        aria-describedby={"comment-hint" @if layout::invalid(err, "comment").is_some() { " form-error" }}
                        aria-invalid=[layout::invalid(err, "comment")] {}
                }
                div.actions {
                    button type="submit" name="decision" value="accept" { (tr.t("review-accept")) }
                    button.secondary type="submit" name="decision" value="return" { (tr.t("review-return")) }
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
    let result = services::updates::review(&state.db, &user, id, decision, comment).await;
    match result {
        Ok(s) => Ok(Redirect::to(&format!("/review?done={}", s.as_str())).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let (update, current) =
                services::updates::visible_with_current(&state.db, &user, id).await?;
            let tr = ui.tr;
            Ok(invalid_page(layout::page(
                &ui,
                Some(&user),
                Nav::Review,
                &tr.t("review-title"),
                html! {
                    h1 { (tr.t_args("update-number", &[("id", update.id.into())])) }
                    ol.history { (history_item(tr, &update)) }
                    (review_form(tr, &update, current.as_ref(), Some(&e)))
                },
            )))
        }
        Err(e) => Err(e),
    }
}

async fn load_returned(state: &AppState, user: &User, id: &str) -> AppResult<UpdateView> {
    policy::ensure_can_submit(user)?;
    services::updates::revisable(&state.db, user, parse_id(id)?).await
}

fn revise_page(
    ui: &Ui,
    user: &User,
    old: &UpdateView,
    form: &UpdateForm,
    err: Option<&AppError>,
) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(user),
        Nav::MyUpdates,
        &tr.t("revise-title"),
        html! {
            h1 { (tr.t_args("revise-heading", &[("id", old.id.into())])) }
            p.muted { (old.commitment_code) " " (layout::localized(tr, &old.commitment_title, &old.commitment_title_ru)) " — " (old.country().name(tr.lang)) }
            div.panel {
                strong { (tr.t("reviewer-comment")) " " } (layout::multiline(&old.review_comment))
                @if let Some(by) = &old.reviewed_by { div.meta.muted { "— " (by) } }
            }
            p.hint { (tr.t("revise-hint")) }
            (update_form(tr, &format!("/updates/{}/revise", old.id), form, err, &tr.t("resubmit-for-review")))
        },
    )
}

async fn revise_form(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Markup> {
    let old = load_returned(&state, &user, &id).await?;
    Ok(revise_page(
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
    let new = match form.parse() {
        Ok(n) => n,
        Err(e) => return Ok(invalid_page(revise_page(&ui, &user, &old, &form, Some(&e)))),
    };
    let new_id = services::updates::resubmit(&state.db, &user, old.id, new).await?;
    Ok(Redirect::to(&format!("/updates/{new_id}?done=submitted")).into_response())
}

fn update_rows(tr: Tr, items: &[UpdateView], me: &User) -> Markup {
    let cols = [
        "col-update",
        "col-commitment",
        "label-country",
        "col-period",
        "label-status",
        "col-state",
        "col-submitted",
    ]
    .map(|id| tr.t(id));
    html! {
        table.responsive {
            thead { tr {
                @for c in &cols { th scope="col" { (c) } }
            } }
            tbody {
                @for u in items {
                    tr {
                        td data-label=(cols[0]) { a href={"/updates/" (u.id)} { "#" (u.id) } }
                        td data-label=(cols[1]) { (u.commitment_code) " " (layout::localized(tr, &u.commitment_title, &u.commitment_title_ru)) }
                        td data-label=(cols[2]) { (u.country().name(tr.lang)) }
                        td data-label=(cols[3]) { (u.period) }
                        td data-label=(cols[4]) { (layout::status_badge(tr, crate::domain::TrackStatus::Reported(u.status))) }
                        td data-label=(cols[5]) {
                            (layout::state_badge(tr, u.state()))
                            @if u.state() == UpdateState::Returned && u.revised_by_id.is_none() && u.author_id == me.id {
                                " " a href={"/updates/" (u.id) "/revise"} { (tr.t("revise-link")) }
                            }
                            @if u.author_id == me.id && u.state() == UpdateState::Submitted && me.role().can_review() { " " span.muted { (tr.t("yours-marker")) } }
                        }
                        td data-label=(cols[6]) { (u.submitted_by) br; span.muted { (u.submitted_at.as_deref().map(layout::when).unwrap_or_default()) } }
                    }
                }
            }
        }
    }
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
    let total = usize::try_from(total).unwrap_or(0);
    let keep: Vec<(&str, String)> = country
        .map(|c| ("country", c.code().to_owned()))
        .into_iter()
        .collect();
    let tr = ui.tr;
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::Review,
        &tr.t("queue-title"),
        html! {
            @if let Some(t) = done_text(tr, q.done.as_deref()) { (layout::notice(&t)) }
            h1 { (tr.t("queue-title")) }
            form.filters method="get" action="/review" {
                div.field {
                    label for="country" { (tr.t("label-country")) }
                    select #country name="country" {
                        option value="" { (tr.t("filter-all")) }
                        @for c in Country::ALL { option value=(c.code()) selected[country == Some(c)] { (c.name(tr.lang)) } }
                    }
                }
                button type="submit" { (tr.t("filter-apply")) }
            }
            p role="status" { (tr.t_args("queue-count", &[("n", total.into())])) }
            @if !items.is_empty() { (update_rows(tr, &items, &user)) }
            (paging::pager(tr, paging, total, "/review", &keep, ""))
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
    let total = usize::try_from(total).unwrap_or(0);
    let tr = ui.tr;
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::MyUpdates,
        &tr.t("my-updates-title"),
        html! {
            h1 { (tr.t("my-updates-title")) }
            @if waiting > 0 {
                p.panel { strong { (tr.t_args("my-updates-returned", &[("n", waiting.into())])) } (tr.t("my-updates-returned-after")) }
            }
            @if total == 0 {
                p { (tr.t("my-updates-empty")) }
            } @else {
                p role="status" { (tr.t_args("my-updates-count", &[("n", total.into())])) }
                @if !items.is_empty() { (update_rows(tr, &items, &user)) }
                (paging::pager(tr, paging, total, "/my-updates", &[], ""))
            }
        },
    ))
}
