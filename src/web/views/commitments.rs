//! The commitments list with its filters, and a commitment's page: its
//! facts, the ten-year timeline of its tracks and each track's history.

use chrono::NaiveDate;
use maud::{Markup, PreEscaped, html};

use super::charts::{self, Lane, Point, TimelineWords};
use super::components::{
    as_of_banner, as_of_field, filter_fields, history_item, localized, other_language,
    past_target_badge, status_badge,
};
use crate::db::commitments::{Commitment, Reference, TrackBrief};
use crate::db::due::Mark;
use crate::db::tracks::TrackFilter;
use crate::db::updates::UpdateView;
use crate::domain::cycle::past_target;
use crate::domain::{HORIZON_END, PerLang, Pillar, Role, Tr, TrackStatus, User};
use crate::reports::ReportQuery;
use crate::services::policy;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};
use crate::web::paging::{self, Paging};
use crate::web::with_query;

/// The commitments under the filters (with the reference lists), and the
/// page of them asked for.
pub struct ListPage<'a> {
    pub user: &'a User,
    pub q: &'a ReportQuery,
    pub filter: &'a TrackFilter,
    pub items: &'a [Commitment],
    pub reference: &'a Reference,
    pub paging: Paging,
}

pub fn list(ui: &Ui, page: &ListPage) -> Markup {
    let (tr, q, items) = (ui.tr, page.q, page.items);
    let tracks: usize = items.iter().map(|c| c.tracks.len()).sum();
    layout::page(
        ui,
        Some(page.user),
        Nav::Commitments,
        &tr.t("commitments-title"),
        html! {
            h1 { (tr.t("commitments-title")) }
            (as_of_banner(tr, page.filter, "/commitments", q))
            form.filters method="get" action="/commitments" role="search" {
                (filter_fields(tr, q, page.reference, true))
                (as_of_field(tr, q))
                div.actions {
                    button type="submit" { (tr.t("filter-apply")) }
                    a href="/commitments" { (tr.t("filter-clear")) }
                }
            }
            p role="status" { (tr.t_args("commitments-shown", &[("commitments", items.len().into()), ("tracks", tracks.into())])) " "
                a href=(with_query("/reports/commitments.csv", &q.pairs().into_iter().filter(|(k, _)| *k != "q").collect::<Vec<_>>())) { (tr.t("commitments-download-csv")) } }
            @if items.is_empty() {
                p.panel { (tr.t("commitments-none")) }
            } @else {
                @let shown = page.paging.slice(items);
                @if !shown.is_empty() {
                    (commitment_table(tr, shown, &TableOf {
                        q,
                        filter: page.filter,
                        reference: page.reference,
                        base: "/commitments",
                        user: Some(page.user),
                    }))
                }
                (paging::pager(tr, page.paging, items.len(), "/commitments", &q.pairs(), ""))
            }
        },
    )
}

pub fn illustrative_badge(tr: Tr, c: &Commitment) -> Markup {
    html! {
        @if c.illustrative {
            " " span.badge-illustrative title=(tr.t("illustrative-title")) { (tr.t("illustrative-badge")) }
        }
    }
}

/// What a table of commitments links to, and who reads it.
pub struct TableOf<'a> {
    pub q: &'a ReportQuery,
    pub filter: &'a TrackFilter,
    pub reference: &'a Reference,
    /// Where each commitment's page is: `{base}/{id}`.
    pub base: &'a str,
    /// A focal point gets the way to log progress; nobody signed in, none.
    pub user: Option<&'a User>,
}

pub fn commitment_table(tr: Tr, items: &[Commitment], of: &TableOf) -> Markup {
    let reference = of.reference;
    let day = of.filter.day();
    // A commitment's page opens at the same as-of day as the list.
    let keep: Vec<(&str, String)> =
        of.q.pairs()
            .into_iter()
            .filter(|(k, _)| *k == "as_of")
            .collect();
    let href = |id: i64| with_query(&format!("{}/{id}", of.base), &keep);
    let writes = |country| {
        of.user
            .is_some_and(|u| policy::can_write_track(u, country) && u.role() == Role::FocalPoint)
    };
    let (code_h, commitment_h, theme_h, target_h, tracks_h) = (
        tr.t("col-code"),
        tr.t("col-commitment"),
        tr.t("label-theme"),
        tr.t("col-target"),
        tr.t("col-tracks"),
    );
    html! {
        table.responsive {
            thead { tr {
                th scope="col" { (code_h) }
                th scope="col" { (commitment_h) }
                th scope="col" { (theme_h) }
                th scope="col" class="num" { (target_h) }
                th scope="col" { (tracks_h) }
            } }
            tbody {
                @for c in items {
                    tr {
                        td data-label=(code_h) { a href=(href(c.id)) { (c.code) } }
                        td data-label=(commitment_h) {
                            a href=(href(c.id)) { (localized(tr, &c.title, &c.title_ru)) }
                            (illustrative_badge(tr, c))
                        }
                        td data-label=(theme_h) { (reference.theme_name(&c.theme, tr.lang)) }
                        td.num data-label=(target_h) { (c.target_year) }
                        td data-label=(tracks_h) {
                            ul.tracklist {
                                @for t in &c.tracks {
                                    @let country = t.country;
                                    li {
                                        (country.code()) ": " (status_badge(tr, t.status))
                                        @if let Some(p) = &t.last_accepted_period { " " span.muted { "(" (p) ")" } }
                                        @if past_target(day, c.target_year) && !t.status.is_complete() { " " (past_target_badge(tr, c.target_year)) }
                                        @if writes(country) {
                                            " " a href={"/tracks/" (t.id) "/updates/new"} { (tr.t("log-progress")) span.visually-hidden { " " (tr.t_args("for-what", &[("what", format!("{} {}", c.code, country.name(tr.lang)).into())])) } }
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
}

/// A track's history on its commitment's page: the latest few (and whether
/// there are more), or, when asked for all, one page of them and the total.
pub enum History {
    Latest(Vec<UpdateView>, bool),
    Paged(Vec<UpdateView>, usize),
}

/// What a commitment page shows one viewer at one moment: its data, and
/// the page's body once written in each language. Kept until the record
/// changes (see `db::memo`); the viewer is part of the key because what is
/// in review is shown only to whom it concerns.
pub struct Shown {
    pub c: Commitment,
    pub histories: Vec<History>,
    pub marks: Vec<Vec<Mark>>,
    pub reference: Reference,
    pub html: PerLang<String>,
}

/// A commitment's page at the as-of day of `rq`, and the page of the one
/// track's whole history asked for.
pub struct ShowPage<'a> {
    pub user: &'a User,
    pub shown: &'a Shown,
    pub rq: &'a ReportQuery,
    pub filter: &'a TrackFilter,
    pub paging: Paging,
}

pub fn show(ui: &Ui, page: &ShowPage) -> Markup {
    let tr = ui.tr;
    let body = page
        .shown
        .html
        .get_or_init(tr.lang, || body(tr, page).into_string())
        .clone();
    layout::page(
        ui,
        Some(page.user),
        Nav::Commitments,
        &page.shown.c.code,
        PreEscaped(body),
    )
}

fn body(tr: Tr, page: &ShowPage) -> Markup {
    let (rq, filter) = (page.rq, page.filter);
    let Shown {
        c,
        histories,
        marks,
        reference,
        ..
    } = page.shown;
    html! {
        p.muted { a href=(with_query("/commitments", &rq.pairs())) { (tr.t("commitments-title")) } " › " (c.code) }
        h1 { (c.code) " " (localized(tr, &c.title, &c.title_ru)) (illustrative_badge(tr, c)) }
        (as_of_banner(tr, filter, &format!("/commitments/{}", c.id), rq))
        (facts(tr, c, reference, filter.day()))
        (timeline(tr, c, marks, filter))
        @if c.illustrative {
            p.hint { (tr.t("illustrative-hint")) }
        }
        h2 { (tr.t("col-tracks")) }
        @for (t, history) in c.tracks.iter().zip(histories) {
            (track(tr, page, t, history))
        }
    }
}

/// The commitment's title in the other language, its document, pillar,
/// theme and target year.
pub fn facts(tr: Tr, c: &Commitment, reference: &Reference, day: NaiveDate) -> Markup {
    let doc = reference.documents.iter().find(|d| d.code == c.document);
    let pillar = Pillar::try_from(c.pillar).ok();
    html! {
        @if let Some((lang, other)) = other_language(tr, &c.title, &c.title_ru) {
            p.lead lang=(lang.code()) { (other) }
        }
        table {
            tbody {
                tr { th scope="row" { (tr.t("label-document")) } td { (doc.map_or(c.document.as_str(), |d| d.title(tr.lang))) } }
                tr { th scope="row" { (tr.t("label-pillar")) } td { @if let Some(p) = pillar { (p.roman()) ". " } (reference.pillar_name(c.pillar, tr.lang)) } }
                tr { th scope="row" { (tr.t("label-theme")) } td { (reference.theme_name(&c.theme, tr.lang)) } }
                tr { th scope="row" { (tr.t("label-target-year")) } td { (c.target_year)
                    @if past_target(day, c.target_year) && c.tracks.iter().any(|t| !t.status.is_complete()) {
                        " " (past_target_badge(tr, c.target_year))
                    } } }
            }
        }
    }
}

/// One track of the commitment: its status, the way to log progress on it,
/// and its history.
fn track(tr: Tr, page: &ShowPage, t: &TrackBrief, history: &History) -> Markup {
    let (c, rq) = (&page.shown.c, page.rq);
    let day = page.filter.day();
    let here = format!("/commitments/{}", c.id);
    // The address of one track's whole history, at the same as-of day.
    let whole = |track: i64| {
        let mut p = rq.pairs();
        p.push(("all", track.to_string()));
        p
    };
    let country = t.country;
    let anchor = format!("#track-{}", t.id);
    html! {
        section id={"track-" (t.id)} {
            h3 { (country.name(tr.lang)) " — " (status_badge(tr, t.status))
                @if let Some(p) = &t.last_accepted_period { " " span.muted { "(" (tr.t_args("latest-report", &[("period", p.as_str().into())])) ")" } }
                @if past_target(day, c.target_year) && !t.status.is_complete() { " " (past_target_badge(tr, c.target_year)) } }
            @if policy::can_write_track(page.user, country) {
                p { a.button href={"/tracks/" (t.id) "/updates/new"} { (tr.t("log-progress")) span.visually-hidden { " " (tr.t_args("for-what", &[("what", country.name(tr.lang).into())])) } } }
            }
            @match history {
                History::Latest(items, more) => {
                    @if items.is_empty() {
                        p.muted { (tr.t("history-empty")) }
                    } @else {
                        ol.history { @for u in items { (history_item(tr, u)) } }
                        @if *more {
                            p { (tr.t_args("history-showing-latest", &[("n", items.len().into())])) " "
                                a href={(with_query(&here, &whole(t.id))) (anchor)} { (tr.t("history-show-all")) span.visually-hidden { " " (tr.t_args("for-what", &[("what", country.name(tr.lang).into())])) } } }
                        }
                    }
                }
                History::Paged(items, total) => {
                    p { strong { (tr.t("history-page-heading")) } " · "
                        a href={(with_query(&here, &rq.pairs())) (anchor)} { (tr.t("history-back-latest")) } }
                    @if *total == 0 {
                        p.muted { (tr.t("history-empty")) }
                    } @else if !items.is_empty() {
                        ol.history { @for u in items { (history_item(tr, u)) } }
                    }
                    (paging::pager(tr, page.paging, *total, &here, &whole(t.id), &anchor))
                }
            }
        }
    }
}

/// The commitment's ten years: a lane per track with its reports.
pub fn timeline(tr: Tr, c: &Commitment, marks: &[Vec<Mark>], f: &TrackFilter) -> Markup {
    let statuses = TrackStatus::ALL.map(|s| tr.t(s.label_id()));
    let lanes: Vec<Lane> = c
        .tracks
        .iter()
        .zip(marks)
        .map(|(t, m)| Lane {
            label: t.country.name(tr.lang).to_owned(),
            points: m
                .iter()
                .map(|m| Point {
                    slot: m.slot,
                    period: m.period.clone(),
                    status: m.status,
                })
                .collect(),
        })
        .collect();
    let day = f.day();
    // Half-years since 1 January 2022, for the as-of line.
    let since = (day - chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap_or_default()).num_days();
    #[allow(clippy::cast_precision_loss)]
    let today = since as f32 / 182.625;
    let (title, summary, target, today_w, in_review) = (
        tr.t("timeline-title"),
        tr.t("timeline-summary"),
        tr.t("timeline-target"),
        tr.t("timeline-today"),
        tr.t("timeline-in-review"),
    );
    html! {
        h2 { (title) }
        (charts::timeline(
            "timeline",
            &lanes,
            u16::try_from(c.target_year).unwrap_or(HORIZON_END),
            Some(today),
            &TimelineWords {
                title: &title,
                summary: &summary,
                target: &target,
                today: &today_w,
                in_review: &in_review,
                statuses: &statuses,
                scroll_hint: &tr.t("scroll-hint"),
            },
        ))
        p.hint.timeline-key {
            span aria-hidden="true" { "┆ " } (target) ": " (c.target_year) " · "
            span aria-hidden="true" { "│ " } (today_w) ": " (day) " · "
            span aria-hidden="true" { "○ " } (in_review)
        }
    }
}
