//! Logging progress, reviewing it and revising what came back: the forms,
//! an update's page, the review queue and one's own updates.

use chrono::Datelike;
use maud::{Markup, html};
use serde::Deserialize;

use super::components::{
    column_heads, form_error, history_item, invalid, localized, multiline, notice, state_badge,
    status_badge, when,
};
use crate::db::tracks::TrackInfo;
use crate::db::updates::UpdateView;
use crate::domain::{Country, Lang, Period, Status, Tr, UpdateState, User};
use crate::error::AppError;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};
use crate::web::paging::{self, Paging};

/// The update form as sent, shown again when it is refused.
#[derive(Deserialize, Default, Clone)]
pub struct UpdateForm {
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub narrative_en: String,
    #[serde(default)]
    pub narrative_ru: String,
    #[serde(default)]
    pub evidence_url: String,
}

impl UpdateForm {
    /// A returned update's fields, to start its revision from.
    pub fn from_update(u: &UpdateView) -> UpdateForm {
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
    match invalid(err, field) {
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
        (form_error(tr, err.map(|e| e.message_in(tr)).as_deref()))
        form.stack method="post" action=(action) {
            div.field {
                label for="period" { (tr.t("label-period")) }
                p.hint #period-hint { (tr.t("period-hint")) }
                (field_error(tr, err, "period"))
                select #period name="period" aria-describedby=(described_by(err, "period", "period-hint")) aria-invalid=[invalid(err, "period")] {
                    @for p in Period::all() {
                        @let v = p.to_string();
                        option value=(v) selected[v == period] { (v) }
                    }
                }
            }
            fieldset #status aria-describedby=[invalid(err, "status").map(|_| "status-error")] {
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
                        aria-describedby=(described_by(err, field, "narrative-hint")) aria-invalid=[invalid(err, field)] { (text) }
                }
            }
            div.field {
                label for="evidence_url" { (tr.t("label-evidence")) }
                p.hint #evidence-hint { (tr.t("evidence-hint")) }
                (field_error(tr, err, "evidence_url"))
                input #evidence_url type="url" name="evidence_url" value=(form.evidence_url) maxlength="2000"
                    aria-describedby=(described_by(err, "evidence_url", "evidence-hint")) aria-invalid=[invalid(err, "evidence_url")];
            }
            button type="submit" { (submit) }
        }
    }
}

fn track_heading(tr: Tr, t: &TrackInfo) -> Markup {
    html! {
        p.muted { a href={"/commitments/" (t.commitment_id) "#track-" (t.id)} { (t.code) " " (localized(tr, &t.title_en, &t.title_ru)) } }
        p { (tr.t("track-label")) " " strong { (t.country.name(tr.lang)) } }
    }
}
pub fn new_page(
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

pub fn done_text(tr: Tr, done: Option<&str>) -> Option<String> {
    let id = match done? {
        "submitted" => "done-submitted",
        "accepted" => "done-accepted",
        "returned" => "done-returned",
        _ => return None,
    };
    Some(tr.t(id))
}

/// An update's page: its history entry, its links to what it revises or
/// what revised it, and the decision form or the revise link where they apply.
pub fn show(
    ui: &Ui,
    user: &User,
    update: &UpdateView,
    current: Option<&(String, String)>,
    done: Option<&str>,
) -> Markup {
    let tr = ui.tr;
    let number = |id: i64| tr.t_args("update-number", &[("id", id.into())]);
    layout::page(
        ui,
        Some(user),
        Nav::None,
        &number(update.id),
        html! {
            @if let Some(t) = done_text(tr, done) { (notice(&t)) }
            p.muted { a href={"/commitments/" (update.commitment_id) "#track-" (update.track_id)} { (update.commitment_code) " " (localized(tr, &update.commitment_title, &update.commitment_title_ru)) } }
            h1 { (number(update.id)) ": " (update.country().name(tr.lang)) ", " (update.period) }
            ol.history { (history_item(tr, update)) }
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
                    (review_form(tr, update, current, None))
                }
            }
            @if update.state() == UpdateState::Returned && update.author_id == user.id && update.revised_by_id.is_none() {
                p { a.button href={"/updates/" (update.id) "/revise"} { (tr.t("revise-and-resubmit")) } }
            }
        },
    )
}

/// The decision form again, with why the decision was refused.
pub fn review_refused(
    ui: &Ui,
    user: &User,
    update: &UpdateView,
    current: Option<&(String, String)>,
    err: &AppError,
) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(user),
        Nav::Review,
        &tr.t("review-title"),
        html! {
            h1 { (tr.t_args("update-number", &[("id", update.id.into())])) }
            ol.history { (history_item(tr, update)) }
            (review_form(tr, update, current, Some(err)))
        },
    )
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
                    Some((period, status)) => { (status_badge(tr, crate::domain::TrackStatus::from_db(Some(status)))) " (" (period) ")" }
                    None => { (status_badge(tr, crate::domain::TrackStatus::NoInformation)) }
                }
            }
            (form_error(tr, err.map(|e| e.message_in(tr)).as_deref()))
            form method="post" action={"/updates/" (u.id) "/review"} {
                div.field {
                    label for="comment" { (tr.t("label-comment")) }
                    p.hint #comment-hint { (tr.t("comment-hint")) }
                    textarea #comment name="comment" maxlength="5000"
                        aria-describedby={"comment-hint" @if invalid(err, "comment").is_some() { " form-error" }}
                        aria-invalid=[invalid(err, "comment")] {}
                }
                div.actions {
                    button type="submit" name="decision" value="accept" { (tr.t("review-accept")) }
                    button.secondary type="submit" name="decision" value="return" { (tr.t("review-return")) }
                }
            }
        }
    }
}

pub fn revise_page(
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
            p.muted { (old.commitment_code) " " (localized(tr, &old.commitment_title, &old.commitment_title_ru)) " — " (old.country().name(tr.lang)) }
            div.panel {
                strong { (tr.t("reviewer-comment")) " " } (multiline(&old.review_comment))
                @if let Some(by) = &old.reviewed_by { div.meta.muted { "— " (by) } }
            }
            p.hint { (tr.t("revise-hint")) }
            (update_form(tr, &format!("/updates/{}/revise", old.id), form, err, &tr.t("resubmit-for-review")))
        },
    )
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
            (column_heads(&cols))
            tbody {
                @for u in items {
                    tr {
                        td data-label=(cols[0]) { a href={"/updates/" (u.id)} { "#" (u.id) } }
                        td data-label=(cols[1]) { (u.commitment_code) " " (localized(tr, &u.commitment_title, &u.commitment_title_ru)) }
                        td data-label=(cols[2]) { (u.country().name(tr.lang)) }
                        td data-label=(cols[3]) { (u.period) }
                        td data-label=(cols[4]) { (status_badge(tr, crate::domain::TrackStatus::Reported(u.status))) }
                        td data-label=(cols[5]) {
                            (state_badge(tr, u.state()))
                            @if u.state() == UpdateState::Returned && u.revised_by_id.is_none() && u.author_id == me.id {
                                " " a href={"/updates/" (u.id) "/revise"} { (tr.t("revise-link")) }
                            }
                            @if u.author_id == me.id && u.state() == UpdateState::Submitted && me.role().can_review() { " " span.muted { (tr.t("yours-marker")) } }
                        }
                        td data-label=(cols[6]) { (u.submitted_by) br; span.muted { (u.submitted_at.as_deref().map(when).unwrap_or_default()) } }
                    }
                }
            }
        }
    }
}

/// One page of the review queue.
pub struct QueuePage<'a> {
    pub user: &'a User,
    pub items: &'a [UpdateView],
    pub total: usize,
    pub country: Option<Country>,
    pub paging: Paging,
    pub done: Option<&'a str>,
}

pub fn queue(ui: &Ui, page: &QueuePage) -> Markup {
    let tr = ui.tr;
    let (country, total, paging) = (page.country, page.total, page.paging);
    let keep: Vec<(&str, String)> = country
        .map(|c| ("country", c.code().to_owned()))
        .into_iter()
        .collect();
    layout::page(
        ui,
        Some(page.user),
        Nav::Review,
        &tr.t("queue-title"),
        html! {
            @if let Some(t) = done_text(tr, page.done) { (notice(&t)) }
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
            @if !page.items.is_empty() { (update_rows(tr, page.items, page.user)) }
            (paging::pager(tr, paging, total, "/review", &keep, ""))
        },
    )
}

/// One page of a person's own updates; `waiting` of them came back.
pub struct MinePage<'a> {
    pub user: &'a User,
    pub items: &'a [UpdateView],
    pub total: usize,
    pub waiting: i64,
    pub paging: Paging,
}

pub fn mine(ui: &Ui, page: &MinePage) -> Markup {
    let tr = ui.tr;
    let (total, waiting) = (page.total, page.waiting);
    layout::page(
        ui,
        Some(page.user),
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
                @if !page.items.is_empty() { (update_rows(tr, page.items, page.user)) }
                (paging::pager(tr, page.paging, total, "/my-updates", &[], ""))
            }
        },
    )
}
