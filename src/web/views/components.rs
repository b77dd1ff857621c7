//! Pieces that pages of several areas show: badges, notices and form errors,
//! texts kept in two languages, as-of links, an update as a track's history
//! lists it, the table of reports owed, the list filters. maud escapes every
//! value.

use maud::{Markup, html};

use crate::db::commitments::Reference;
use crate::db::due::{self, DueItem, Owed};
use crate::db::tracks::TrackFilter;
use crate::db::updates::UpdateView;
use crate::domain::{
    Country, HORIZON_END, HORIZON_START, Pillar, Role, Status, TrackStatus, UpdateState,
};
use crate::domain::{Lang, Sensitivity, Tr, User};
use crate::error::AppError;
use crate::reports::{Format, ReportQuery};
use crate::web::with_query;

pub fn status_symbol(s: TrackStatus) -> &'static str {
    match s {
        TrackStatus::NoInformation => "?",
        TrackStatus::Reported(Status::NotStarted) => "○",
        TrackStatus::Reported(Status::Limited) => "◔",
        TrackStatus::Reported(Status::Substantial) => "◕",
        TrackStatus::Reported(Status::Complete) => "●",
    }
}

/// A status in words and symbol, never colour alone.
pub fn status_badge(tr: Tr, s: TrackStatus) -> Markup {
    html! {
        span class={"status s-" (s.as_str())} {
            span aria-hidden="true" { (status_symbol(s)) " " } (tr.t(s.label_id()))
        }
    }
}

pub fn state_badge(tr: Tr, s: UpdateState) -> Markup {
    html! { span class={"state st-" (s.as_str())} { (tr.t(s.label_id())) } }
}

/// A commitment's target year has passed and this track is not complete.
pub fn past_target_badge(tr: Tr, year: i64) -> Markup {
    html! {
        span.past-target title=(tr.t("past-target-hint")) {
            span aria-hidden="true" { "⚑ " } (tr.t_args("past-target", &[("year", year.into())]))
        }
    }
}

/// A notice under the heading, e.g. after a redirect.
pub fn notice(text: &str) -> Markup {
    html! { p.notice role="status" { (text) } }
}

/// The error summary above a form (`#form-error`); fields it is about
/// point to it with [`invalid`] and [`described_by`].
pub fn form_error(tr: Tr, msg: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = msg {
            div.error-summary #form-error role="alert" {
                p { strong { (tr.t("form-error-lead")) " " } (m) }
            }
        }
    }
}

/// [`form_error`] for a refused form, in the page's language.
pub fn error_summary(tr: Tr, err: Option<&AppError>) -> Markup {
    form_error(tr, err.map(|e| e.message_in(tr)).as_deref())
}

/// `Some("true")` when `err` is invalid input about `field`: the value of
/// its `aria-invalid`.
pub fn invalid(err: Option<&AppError>, field: &str) -> Option<&'static str> {
    match err {
        Some(AppError::Invalid { field: Some(f), .. }) if *f == field => Some("true"),
        _ => None,
    }
}

/// The value of a field's `aria-describedby`: the id of its hint, then the
/// error summary's when `err` is about this field; `None` when neither.
pub fn described_by(err: Option<&AppError>, field: &str, hint: Option<&str>) -> Option<String> {
    match (hint, invalid(err, field).map(|_| "form-error")) {
        (Some(h), Some(e)) => Some(format!("{h} {e}")),
        (h, e) => h.or(e).map(str::to_owned),
    }
}

/// A text kept in both languages (a commitment's title) in the page's
/// language; when that one is empty, the other with a visible marker.
pub fn localized(tr: Tr, en: &str, ru: &str) -> Markup {
    let (mine, other, other_lang) = match tr.lang {
        Lang::En => (en, ru, Lang::Ru),
        Lang::Ru => (ru, en, Lang::En),
    };
    html! {
        @if !mine.trim().is_empty() || other.trim().is_empty() {
            (mine)
        } @else {
            span lang=(other_lang.code()) { (other) }
            " " span.untranslated { (tr.t("title-untranslated")) }
        }
    }
}

/// The same text in the other language, when there is one, for a second line.
pub fn other_language(tr: Tr, en: &str, ru: &str) -> Option<(Lang, String)> {
    let (mine, other, other_lang) = match tr.lang {
        Lang::En => (en, ru, Lang::Ru),
        Lang::Ru => (ru, en, Lang::En),
    };
    (!mine.trim().is_empty() && !other.trim().is_empty()).then(|| (other_lang, other.to_owned()))
}

/// Line breaks in stored text shown as line breaks, everything else escaped.
pub fn multiline(text: &str) -> Markup {
    html! {
        @for (i, line) in text.lines().enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

/// Timestamps as people read them: "2024-03-01 09:30 UTC".
pub fn when(ts: &str) -> String {
    match ts.get(..16) {
        Some(s) => format!("{} UTC", s.replacen('T', " ", 1)),
        None => ts.to_owned(),
    }
}

/// The address of a role's guide.
pub fn guide_href(role: Role) -> String {
    format!("/guide/{}", role.as_str())
}

/// A file format in words.
pub fn format_label(tr: Tr, f: Format) -> String {
    tr.t(match f {
        Format::Csv => "format-csv",
        Format::CsvSemicolon => "format-csv-semicolon",
        Format::Xlsx => "format-xlsx",
    })
}

/// The query pairs of `q` but its as-of day.
fn without_as_of(q: &ReportQuery) -> Vec<(&'static str, String)> {
    q.pairs()
        .into_iter()
        .filter(|(k, _)| *k != "as_of")
        .collect()
}

/// Says, on a page looked at as of a past day, that it is not today's
/// record, with the way back to today (same filters otherwise).
pub fn as_of_banner(tr: Tr, f: &TrackFilter, path: &str, q: &ReportQuery) -> Markup {
    let Some(day) = f.as_of else {
        return html! {};
    };
    let today = without_as_of(q);
    html! {
        p.as-of-banner role="status" {
            (tr.t_args("asof-banner", &[("day", day.day().to_string().into())]))
            " " a href=(with_query(path, &today)) { (tr.t("asof-back-today")) }
        }
    }
}

/// Quick choices for `as_of`: the end of each year of the horizon that is
/// over, and today.
pub fn as_of_years(tr: Tr, path: &str, q: &ReportQuery, f: &TrackFilter) -> Markup {
    let this_year = chrono::Datelike::year(&chrono::Utc::now().date_naive());
    let rest = without_as_of(q);
    let link = |as_of: Option<String>| {
        let mut pairs = rest.clone();
        if let Some(a) = as_of {
            pairs.push(("as_of", a));
        }
        with_query(path, &pairs)
    };
    let chosen = f.as_of.map(|a| a.day().to_string());
    html! {
        nav.as-of-years aria-label=(tr.t("asof-years")) {
            span.hint { (tr.t("asof-years")) ": " }
            ul {
                @for year in HORIZON_START..=HORIZON_END {
                    @if i32::from(year) < this_year {
                        @let day = format!("{year}-12-31");
                        li { a href=(link(Some(day.clone()))) aria-current=[(chosen.as_deref() == Some(day.as_str())).then_some("true")] { (year) } }
                    }
                }
                li { a href=(link(None)) aria-current=[chosen.is_none().then_some("true")] { (tr.t("asof-today")) } }
            }
        }
    }
}

/// The as-of day field of a filter form.
pub fn as_of_field(tr: Tr, q: &ReportQuery) -> Markup {
    html! {
        div.field {
            label for="as_of" { (tr.t("reports-as-of")) }
            input #as_of type="date" name="as_of" value=(q.as_of.as_deref().unwrap_or(""));
        }
    }
}

fn select(
    tr: Tr,
    name: &str,
    label: &str,
    current: Option<&str>,
    options: &[(String, String)],
) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            select #(name) name=(name) {
                option value="" { (tr.t("filter-all")) }
                @for (value, text) in options {
                    option value=(value) selected[current == Some(value.as_str())] { (text) }
                }
            }
        }
    }
}

/// "Pillar II", in the page's language.
/// A wide table (or chart) that scrolls sideways on a narrow screen, from
/// the keyboard too. On a phone a line above it says so: the matrix showed
/// one and a half of six countries with no sign that the rest were there.
pub fn scroll_region(label: &str, hint: &str, body: Markup) -> Markup {
    html! {
        p.scroll-hint aria-hidden="true" { (hint) " →" }
        div.table-wrap role="region" tabindex="0" aria-label=(label) { (body) }
    }
}

pub fn pillar_label(tr: Tr, p: Pillar) -> String {
    tr.t_args("pillar-numbered", &[("roman", p.roman().into())])
}

/// A choice of one pillar, or all; `current` is the pillar's number.
pub fn pillar_select(tr: Tr, current: Option<&str>) -> Markup {
    let pillars: Vec<(String, String)> = Pillar::ALL
        .iter()
        .map(|p| (p.number().to_string(), pillar_label(tr, *p)))
        .collect();
    select(tr, "pillar", &tr.t("label-pillar"), current, &pillars)
}

/// A choice of one country (or the regional track), or all.
pub fn country_select(tr: Tr, current: Option<&str>) -> Markup {
    let countries: Vec<(String, String)> = Country::ALL
        .iter()
        .map(|c| (c.code().to_owned(), c.name(tr.lang).to_owned()))
        .collect();
    select(tr, "country", &tr.t("label-country"), current, &countries)
}

/// Pillar, country, theme and status (and the text search) of the
/// commitments list and the reports page.
pub fn filter_fields(tr: Tr, q: &ReportQuery, reference: &Reference, with_text: bool) -> Markup {
    let themes: Vec<(String, String)> = reference
        .themes
        .iter()
        .map(|t| (t.code.clone(), t.name(tr.lang).to_owned()))
        .collect();
    let statuses: Vec<(String, String)> = TrackStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), tr.t(s.label_id())))
        .collect();
    html! {
        (pillar_select(tr, q.pillar.as_deref()))
        (country_select(tr, q.country.as_deref()))
        (select(tr, "theme", &tr.t("label-theme"), q.theme.as_deref(), &themes))
        (select(tr, "status", &tr.t("label-status"), q.status.as_deref(), &statuses))
        @if with_text {
            div.field {
                label for="q" { (tr.t("label-search")) }
                input #q type="search" name="q" value=(q.q.as_deref().unwrap_or("")) maxlength="200";
            }
        }
    }
}

/// A narrative in one language, or a visible note that it was not given.
pub fn narrative(tr: Tr, lang: Lang, text: &str) -> Markup {
    let missing = match lang {
        Lang::En => "narrative-missing-en",
        Lang::Ru => "narrative-missing-ru",
    };
    html! {
        @if text.trim().is_empty() {
            p.muted.narrative-missing { (tr.t(missing)) }
        } @else {
            blockquote lang=(lang.code()) { (multiline(text)) }
        }
    }
}

/// A table's row of column headings.
pub fn column_heads(cols: &[String]) -> Markup {
    html! {
        thead { tr {
            @for c in cols { th scope="col" { (c) } }
        } }
    }
}

/// An update as a track's history lists it: period, status, state, both
/// narratives, evidence, who and when, and a returned one's comment.
pub fn history_item(tr: Tr, u: &UpdateView) -> Markup {
    let status = TrackStatus::Reported(u.status);
    // The page's language first; both are always accounted for.
    let order = match tr.lang {
        Lang::En => [(Lang::En, &u.narrative_en), (Lang::Ru, &u.narrative_ru)],
        Lang::Ru => [(Lang::Ru, &u.narrative_ru), (Lang::En, &u.narrative_en)],
    };
    html! {
        li class=(u.state.as_str()) {
            div { strong { (u.period) } " · " (status_badge(tr, status)) " " (state_badge(tr, u.state()))
                @if u.is_demo { " " span.demo { (tr.t("demo-badge")) } }
                @if u.sensitivity_now() != Sensitivity::Partners { " " span.demo { (tr.t(u.sensitivity_now().label_id())) } }
                " " a href={"/updates/" (u.id)} { (tr.t_args("update-number", &[("id", u.id.into())])) } }
            @if u.withheld {
                p.hint { (tr.t("words-withheld")) }
            } @else {
                @for (lang, text) in order { (narrative(tr, lang, text)) }
            }
            @if !u.evidence_url.is_empty() { div { (tr.t("evidence-label")) " " a href=(u.evidence_url) rel="noopener noreferrer nofollow" { (u.evidence_url) } } }
            div.meta {
                @if u.withheld {
                    @if let Some(at) = &u.submitted_at { (tr.t_args("submitted-on", &[("when", when(at).into())])) }
                } @else if u.state() == UpdateState::Draft {
                    (tr.t_args("drafted-by", &[("name", u.submitted_by.as_str().into())]))
                } @else {
                    (tr.t_args("submitted-by", &[("name", u.submitted_by.as_str().into())]))
                }
                @if let Some(at) = &u.submitted_at { " " (tr.t_args("on-date", &[("when", when(at).into())])) }
                @if let (Some(by), Some(at)) = (&u.reviewed_by, &u.reviewed_at) {
                    "; "
                    @if u.state() == UpdateState::Accepted {
                        (tr.t_args("accepted-by", &[("name", by.as_str().into())]))
                    } @else {
                        (tr.t_args("returned-by", &[("name", by.as_str().into())]))
                    }
                    " " (tr.t_args("on-date", &[("when", when(at).into())]))
                }
            }
            @if u.state() == UpdateState::Returned && !u.review_comment.is_empty() {
                div { strong { (tr.t("reviewer-comment")) " " } (multiline(&u.review_comment)) }
            }
        }
    }
}

pub fn owed_badge(tr: Tr, owed: Owed) -> Markup {
    match owed {
        Owed::Overdue => {
            html! { span.status.overdue { span aria-hidden="true" { "⚠ " } (tr.t("due-overdue")) } }
        }
        Owed::Due => {
            html! { span.status.s-due { span aria-hidden="true" { "◷ " } (tr.t("due-due")) } }
        }
    }
}

/// The reports owed, overdue first: on `/due` and a focal point's home page.
/// `writer`: who reads it; a row they may report on links to its form.
pub fn due_table(tr: Tr, items: &[DueItem], f: &TrackFilter, writer: &User) -> Markup {
    let day = f.day();
    // One country's reports (a focal point's): no column repeating it.
    let countries: std::collections::BTreeSet<_> =
        items.iter().map(|i| i.track.country.code()).collect();
    let show_country = countries.len() > 1;
    html! {
        @if items.is_empty() {
            p.notice { (tr.t("due-nothing")) }
        } @else {
            table.responsive.due {
                thead { tr {
                    th scope="col" { (tr.t("due-col-state")) }
                    @if show_country { th scope="col" { (tr.t("label-country")) } }
                    th scope="col" { (tr.t("due-col-commitment")) }
                    th scope="col" { (tr.t("label-period")) }
                    th scope="col" { (tr.t("due-col-deadline")) }
                    th scope="col" { (tr.t("col-action")) }
                } }
                tbody {
                    @for i in items {
                        @let days = (i.due_date - day).num_days();
                        tr {
                            td data-label=(tr.t("due-col-state")) { (owed_badge(tr, i.owed)) }
                            @if show_country {
                                td data-label=(tr.t("label-country")) {
                                    (i.track.country.name(tr.lang))
                                }
                            }
                            td data-label=(tr.t("due-col-commitment")) {
                                a href={"/commitments/" (i.track.commitment_id)} { (i.track.code) } " "
                                (localized(tr, &i.track.title_en, &i.track.title_ru))
                                @if due::past_target_year(&i.track, day) {
                                    " " (past_target_badge(tr, i.track.target_year))
                                }
                            }
                            td data-label=(tr.t("label-period")) { (i.period) }
                            td data-label=(tr.t("due-col-deadline")) {
                                (i.due_date) br;
                                span.hint {
                                    @if days < 0 { (tr.t_args("due-days-late", &[("n", (-days).into())])) }
                                    @else { (tr.t_args("due-days-left", &[("n", days.into())])) }
                                }
                            }
                            td data-label=(tr.t("col-action")) {
                                @if crate::services::policy::can_write_track(writer, i.track.country) {
                                a.log-progress href={"/tracks/" (i.track.track_id) "/updates/new"} {
                                    (tr.t("due-log-progress"))
                                    span.visually-hidden { " " (i.track.code) " " (i.track.country.name(tr.lang)) " " (i.period) }
                                }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
