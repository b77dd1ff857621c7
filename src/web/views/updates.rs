//! Logging progress, reviewing it and revising what came back: the forms,
//! an update's page, the review queue and one's own updates.

use chrono::Datelike;
use maud::{Markup, html};
use serde::{Deserialize, Serialize};

use super::components::{
    column_heads, form_error, history_item, invalid, localized, multiline, notice, state_badge,
    status_badge, when,
};
use crate::db::comments::Comment;
use crate::db::tracks::TrackInfo;
use crate::db::updates::UpdateView;
use crate::domain::{Country, Lang, Period, Sensitivity, Status, Tr, UpdateState, User};
use crate::error::AppError;
use crate::services::updates::Shown;
use crate::web::kept::{Keepable, cut};
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};
use crate::web::paging::{self, Paging};

/// The update form as sent, shown again when it is refused or was kept.
#[derive(Serialize, Deserialize, Default, Clone)]
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
    /// Who may read what it says (`domain::Sensitivity`); empty: partners.
    #[serde(default)]
    pub sensitivity: String,
    /// The id the form was shown with (`domain::FormId`).
    #[serde(default)]
    pub form_id: String,
    /// The button pressed: `draft` saves a draft, anything else submits.
    #[serde(default, skip_serializing)]
    pub action: String,
    /// Whom the form was shown to (their account's id), so that what it
    /// holds is kept for them alone should their session end.
    #[serde(default)]
    pub owner: String,
}

impl UpdateForm {
    /// An update's fields (a returned one's, to start its revision from, or
    /// a draft's), in a form shown with `form_id`.
    pub fn from_update(u: &UpdateView, form_id: String) -> UpdateForm {
        UpdateForm {
            period: u.period.to_string(),
            status: u.status.as_str().to_owned(),
            narrative_en: u.narrative_en.clone(),
            narrative_ru: u.narrative_ru.clone(),
            evidence_url: u.evidence_url.clone(),
            sensitivity: u.sensitivity.as_str().to_owned(),
            form_id,
            action: String::new(),
            owner: String::new(),
        }
    }

    /// A new, empty form shown with `form_id`.
    pub fn empty(form_id: String) -> UpdateForm {
        UpdateForm {
            form_id,
            ..UpdateForm::default()
        }
    }

    /// Whether "Save draft" was pressed.
    pub fn wants_draft(&self) -> bool {
        self.action == "draft"
    }
}

impl Keepable for UpdateForm {
    fn bounded(mut self) -> UpdateForm {
        for (field, max) in [
            (&mut self.period, 16),
            (&mut self.status, 32),
            (&mut self.narrative_en, 10_000),
            (&mut self.narrative_ru, 10_000),
            (&mut self.evidence_url, 2_000),
            (&mut self.form_id, 64),
            (&mut self.owner, 20),
        ] {
            cut(field, max);
        }
        self
    }

    fn owner(&self) -> Option<i64> {
        self.owner.parse().ok()
    }
}

/// A comment being written on an update's page.
#[derive(Serialize, Deserialize, Default, Clone)]
pub struct CommentForm {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub form_id: String,
    /// As [`UpdateForm::owner`].
    #[serde(default)]
    pub owner: String,
}

impl Keepable for CommentForm {
    fn bounded(mut self) -> CommentForm {
        cut(&mut self.body, 5_000);
        cut(&mut self.form_id, 64);
        cut(&mut self.owner, 20);
        self
    }

    fn owner(&self) -> Option<i64> {
        self.owner.parse().ok()
    }
}

/// The hidden fields that come back with a form: its id, and whom it was
/// shown to.
fn hidden_fields(form_id: &str, owner: i64) -> Markup {
    html! {
        @if !form_id.is_empty() { input type="hidden" name="form_id" value=(form_id); }
        input type="hidden" name="owner" value=(owner);
    }
}

/// A form as shown: what it holds, why it was refused, and whether its
/// text was kept from a session that ended.
pub struct Filled<'a, F> {
    pub form: &'a F,
    pub err: Option<&'a AppError>,
    pub kept: bool,
}

impl<'a, F> Filled<'a, F> {
    /// A form shown to be filled in, `kept` from a session that ended.
    pub fn shown(form: &'a F, kept: bool) -> Self {
        Filled {
            form,
            err: None,
            kept,
        }
    }

    /// A form sent and refused for `err`.
    pub fn refused(form: &'a F, err: &'a AppError) -> Self {
        Filled {
            form,
            err: Some(err),
            kept: false,
        }
    }
}

/// What a form held when its session ended, brought back: say so.
fn kept_notice(tr: Tr, kept: bool) -> Markup {
    html! { @if kept { p.notice.kept role="status" { (tr.t("kept-text")) } } }
}

/// The buttons under an update form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Buttons {
    /// Submit, or keep it as a draft.
    SubmitOrDraft,
    /// Resubmit a returned update.
    Resubmit,
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
    owner: &User,
    action: &str,
    filled: &Filled<UpdateForm>,
    buttons: Buttons,
) -> Markup {
    let (form, err) = (filled.form, filled.err);
    let period = if form.period.is_empty() {
        default_period()
    } else {
        form.period.clone()
    };
    let today = chrono::Utc::now().date_naive();
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
        (kept_notice(tr, filled.kept))
        (form_error(tr, err.map(|e| e.message_in(tr)).as_deref()))
        form.stack method="post" action=(action) {
            (hidden_fields(&form.form_id, owner.id))
            div.field {
                label for="period" { (tr.t("label-period")) }
                p.hint #period-hint { (tr.t("period-hint")) }
                (field_error(tr, err, "period"))
                select #period name="period" aria-describedby=(described_by(err, "period", "period-hint")) aria-invalid=[invalid(err, "period")] {
                    // Only periods that have begun: nobody reports on a later one.
                    @for p in Period::all().into_iter().filter(|p| crate::domain::cycle::period_start(*p) <= today) {
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
            (sensitivity_choice(tr, err, &form.sensitivity))
            @match buttons {
                Buttons::SubmitOrDraft => {
                    p.hint #draft-hint { (tr.t("draft-hint")) }
                    div.actions {
                        button type="submit" name="action" value="submit" { (tr.t("submit-for-review")) }
                        button.secondary type="submit" name="action" value="draft" aria-describedby="draft-hint" { (tr.t("save-draft")) }
                    }
                }
                Buttons::Resubmit => { button type="submit" { (tr.t("resubmit-for-review")) } }
            }
        }
    }
}

/// Who may read what the update says: one choice of three, partners unless
/// another was chosen.
fn sensitivity_choice(tr: Tr, err: Option<&AppError>, chosen: &str) -> Markup {
    let chosen = Sensitivity::optional(chosen)
        .ok()
        .flatten()
        .unwrap_or_default();
    html! {
        fieldset #sensitivity aria-describedby=[invalid(err, "sensitivity").map(|_| "sensitivity-error")] {
            legend { (tr.t("sensitivity-legend")) }
            (field_error(tr, err, "sensitivity"))
            @for s in Sensitivity::ALL {
                div.choice {
                    input type="radio" name="sensitivity" id={"sensitivity-" (s.as_str())} value=(s.as_str())
                        checked[s == chosen] aria-describedby={"sensitivity-" (s.as_str()) "-hint"};
                    div {
                        label for={"sensitivity-" (s.as_str())} { (tr.t(s.label_id())) }
                        div.hint id={"sensitivity-" (s.as_str()) "-hint"} { (tr.t(&format!("{}-help", s.label_id()))) }
                    }
                }
            }
        }
    }
}

fn track_heading(tr: Tr, t: &TrackInfo) -> Markup {
    html! {
        p.muted { a href={"/commitments/" (t.commitment_id) "#track-" (t.id)} { (t.code) " " (localized(tr, &t.title_en, &t.title_ru)) } }
        p { (tr.t("track-label")) " " strong { (t.country.name(tr.lang)) } }
    }
}
pub fn new_page(ui: &Ui, user: &User, t: &TrackInfo, filled: &Filled<UpdateForm>) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(user),
        Nav::Commitments,
        &tr.t("log-progress"),
        html! {
            h1 { (tr.t("log-progress")) }
            (track_heading(tr, t))
            (update_form(tr, user, &format!("/tracks/{}/updates", t.id), filled, Buttons::SubmitOrDraft))
        },
    )
}

/// A draft being edited by its author.
pub fn edit_page(
    ui: &Ui,
    user: &User,
    draft: &UpdateView,
    filled: &Filled<UpdateForm>,
    done: Option<&str>,
) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(user),
        Nav::MyUpdates,
        &tr.t("draft-title"),
        html! {
            @if let Some(t) = done_text(tr, done) { (notice(&t)) }
            h1 { (tr.t_args("draft-heading", &[("id", draft.id.into())])) }
            p.muted { a href={"/commitments/" (draft.commitment_id) "#track-" (draft.track_id)} { (draft.commitment_code) " " (localized(tr, &draft.commitment_title, &draft.commitment_title_ru)) } " — " (draft.country().name(tr.lang)) }
            (update_form(tr, user, &format!("/updates/{}/edit", draft.id), filled, Buttons::SubmitOrDraft))
        },
    )
}

pub fn done_text(tr: Tr, done: Option<&str>) -> Option<String> {
    let id = match done? {
        "submitted" => "done-submitted",
        "accepted" => "done-accepted",
        "returned" => "done-returned",
        "draft-saved" => "done-draft-saved",
        "already-sent" => "done-already-sent",
        "commented" => "done-commented",
        "sensitivity" => "done-sensitivity",
        _ => return None,
    };
    Some(tr.t(id))
}

/// An update's page and what it shows besides the update.
pub struct ShowPage<'a> {
    pub user: &'a User,
    pub shown: &'a Shown,
    pub done: Option<&'a str>,
    /// The comment form, for those in the conversation.
    pub reply: Filled<'a, CommentForm>,
}

/// An update's page: its history entry, its links to what it revises or
/// what revised it, the decision form or the revise link where they apply,
/// and the conversation on it for those who take part in it.
pub fn show(ui: &Ui, page: &ShowPage) -> Markup {
    let tr = ui.tr;
    let (user, update) = (page.user, &page.shown.update);
    let number = |id: i64| tr.t_args("update-number", &[("id", id.into())]);
    layout::page(
        ui,
        Some(user),
        Nav::None,
        &number(update.id),
        html! {
            @if let Some(t) = done_text(tr, page.done) { (notice(&t)) }
            p.muted { a href={"/commitments/" (update.commitment_id) "#track-" (update.track_id)} { (update.commitment_code) " " (localized(tr, &update.commitment_title, &update.commitment_title_ru)) } }
            h1 { (number(update.id)) ": " (update.country().name(tr.lang)) ", " (update.period) }
            ol.history { (history_item(tr, update)) }
            @if let Some(prev) = update.revises_id {
                p { (tr.t("revises-before")) " " a href={"/updates/" (prev)} { (tr.t_args("revises-link", &[("id", prev.into())])) } (tr.t("revises-after")) }
            }
            @if let Some(next) = update.revised_by_id {
                p { (tr.t("revised-by")) " " a href={"/updates/" (next)} { (tr.t_args("revised-by-link", &[("id", next.into())])) } "." }
            }
            @if update.state() == UpdateState::Draft && update.author_id == user.id {
                p.panel { (tr.t("draft-yours-alone")) }
                p { a.button href={"/updates/" (update.id) "/edit"} { (tr.t("draft-edit")) } }
            }
            @if update.state() == UpdateState::Submitted && user.role().can_review() {
                @if update.author_id == user.id {
                    p.panel { (tr.t("review-own-update")) }
                } @else {
                    (review_form(tr, update, page.shown.current.as_ref(), None))
                }
            }
            @if update.state() == UpdateState::Returned && update.author_id == user.id && update.revised_by_id.is_none() {
                p { a.button href={"/updates/" (update.id) "/revise"} { (tr.t("revise-and-resubmit")) } }
            }
            @if update.state() == UpdateState::Accepted && user.role().can_review() {
                section.panel aria-labelledby="sensitivity-h" {
                    h2 #sensitivity-h { (tr.t("sensitivity-change-heading")) }
                    form method="post" action={"/updates/" (update.id) "/sensitivity"} {
                        (sensitivity_choice(tr, None, update.sensitivity_now().as_str()))
                        button.secondary type="submit" { (tr.t("sensitivity-change")) }
                    }
                }
            }
            @if let Some(comments) = &page.shown.comments {
                (conversation(tr, (user, update.id), comments, &page.reply))
            }
        },
    )
}

/// The conversation on an update, oldest first, and the form to add to it.
fn conversation(
    tr: Tr,
    (user, update_id): (&User, i64),
    comments: &[Comment],
    reply: &Filled<CommentForm>,
) -> Markup {
    let err = reply.err;
    html! {
        section aria-labelledby="conversation-h" {
            h2 #conversation-h { (tr.t("conversation-heading")) }
            @if comments.is_empty() {
                p.muted { (tr.t("conversation-empty")) }
            } @else {
                ol.history.thread {
                    @for c in comments {
                        li id={"comment-" (c.id)} {
                            div.meta { strong { (c.author) } " · " (when(&c.created_at)) }
                            div { (multiline(&c.body)) }
                        }
                    }
                }
            }
            (kept_notice(tr, reply.kept))
            (form_error(tr, err.map(|e| e.message_in(tr)).as_deref()))
            form.stack method="post" action={"/updates/" (update_id) "/comments"} {
                (hidden_fields(&reply.form.form_id, user.id))
                div.field {
                    label for="comment-body" { (tr.t("label-add-comment")) }
                    p.hint #comment-body-hint { (tr.t("conversation-hint")) }
                    textarea #comment-body name="body" maxlength="5000" required
                        aria-describedby={"comment-body-hint" @if invalid(err, "body").is_some() { " form-error" }}
                        aria-invalid=[invalid(err, "body")] { (reply.form.body) }
                }
                button type="submit" { (tr.t("comment-send")) }
            }
        }
    }
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
                (sensitivity_choice(tr, err, u.sensitivity.as_str()))
                div.actions {
                    button type="submit" name="decision" value="accept" { (tr.t("review-accept")) }
                    button.secondary type="submit" name="decision" value="return" { (tr.t("review-return")) }
                }
            }
        }
    }
}

pub fn revise_page(ui: &Ui, user: &User, old: &UpdateView, filled: &Filled<UpdateForm>) -> Markup {
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
            (update_form(tr, user, &format!("/updates/{}/revise", old.id), filled, Buttons::Resubmit))
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
                            @if u.state() == UpdateState::Draft && u.author_id == me.id {
                                " " a href={"/updates/" (u.id) "/edit"} { (tr.t("draft-edit-link")) }
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
