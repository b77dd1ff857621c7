//! The public portal's pages: what it is and how current, the matrix of
//! track statuses, the commitments with their public accepted updates, and
//! the CSV downloads. Nobody is signed in here, and no person is named:
//! an update shows what it says, its evidence and when it was accepted.

use maud::{Markup, PreEscaped, html};

use super::commitments::{
    History, Shown, TableOf, commitment_table, facts, illustrative_badge, timeline,
};
use super::components::{
    as_of_banner, as_of_field, as_of_years, filter_fields, format_label, localized, narrative,
    past_target_badge, status_badge, when,
};
use super::dashboard::{Figures, charts, legend, matrix_table};
use crate::db::commitments::{Commitment, Reference, TrackBrief};
use crate::db::tracks::TrackFilter;
use crate::db::updates::UpdateView;
use crate::domain::cycle::past_target;
use crate::domain::{Lang, Tr, TrackStatus};
use crate::reports::{Format, Report, ReportQuery};
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};
use crate::web::paging::{self, Paging};
use crate::web::with_query;

/// What every portal page says first: the moment looked at, and the time
/// of the latest acceptance by then.
pub struct Frame<'a> {
    pub q: &'a ReportQuery,
    pub filter: &'a TrackFilter,
    pub current: Option<&'a str>,
}

/// A portal page: the frame without anyone signed in, what the portal is,
/// how current it is, and its own links.
fn page(ui: &Ui, frame: &Frame, title: &str, body: Markup) -> Markup {
    let tr = ui.tr;
    let keep = as_of_only(frame.q);
    layout::page(
        ui,
        None,
        Nav::None,
        title,
        html! {
            nav aria-label=(tr.t("public-nav-label")) {
                ul.tasks {
                    li { a href=(with_query("/public", &keep)) { (tr.t("public-nav-dashboard")) } }
                    li { a href=(with_query("/public/commitments", &keep)) { (tr.t("public-nav-commitments")) } }
                    li { a href={(with_query("/public", &keep)) "#downloads"} { (tr.t("public-nav-downloads")) } }
                    li { a href="/login" { (tr.t("public-sign-in")) } }
                }
            }
            p.notice #portal-what { (tr.t("public-what")) " "
                strong #record-as-of { @match frame.current {
                    Some(at) => (tr.t_args("public-as-of", &[("when", when(at).into())])),
                    None => (tr.t("public-as-of-none")),
                } } }
            (body)
        },
    )
}

/// The query pairs of `q` that links between portal pages carry: its day.
fn as_of_only(q: &ReportQuery) -> Vec<(&'static str, String)> {
    q.pairs()
        .into_iter()
        .filter(|(k, _)| *k == "as_of")
        .collect()
}

pub fn dashboard(ui: &Ui, frame: &Frame, figures: &Figures) -> Markup {
    let (tr, q, filter) = (ui.tr, frame.q, frame.filter);
    let keep = as_of_only(q);
    let shown = figures.shown.get_or_init(tr.lang, || {
        html! {
            (matrix_table(tr, &figures.matrix, &figures.reference, ("/public/commitments", &keep)))
            (legend(tr))
            (charts(tr, figures))
        }
        .into_string()
    });
    page(
        ui,
        frame,
        &tr.t("public-title"),
        html! {
            h1 { (tr.t("public-heading")) }
            (as_of_banner(tr, filter, "/public", q))
            p.lead { (tr.t("public-dashboard-lead")) }
            (as_of_years(tr, "/public", q, filter))
            (PreEscaped(shown.as_str()))
            (downloads(tr, q))
        },
    )
}

/// The four reports as CSV (with "," or ";"), with the page's day and
/// names in its language; no XLSX here.
fn downloads(tr: Tr, q: &ReportQuery) -> Markup {
    let mut pairs = as_of_only(q);
    pairs.push(("lang", tr.lang.code().to_owned()));
    let href = |r: Report, f: Format| {
        let mut p = pairs.clone();
        if f == Format::CsvSemicolon {
            p.push(("sep", "semicolon".to_owned()));
        }
        with_query(&format!("/public/reports/{}.csv", r.name()), &p)
    };
    let describe = |r: Report| match r {
        Report::Progress => "public-report-progress",
        _ => r.describe_id(),
    };
    html! {
        section aria-labelledby="downloads" {
            h2 #downloads { (tr.t("public-downloads")) }
            p { (tr.t("public-downloads-lead")) }
            ul.downloads {
                @for r in Report::ALL {
                    li {
                        strong { (tr.t(r.title_id())) }
                        " (" (tr.t("reports-file")) " " code { (r.name()) } ") — " (tr.t(describe(r)))
                        ul.formats {
                            @for f in [Format::Csv, Format::CsvSemicolon] {
                                li { a href=(href(r, f)) download { (format_label(tr, f)) span.visually-hidden { " " (tr.t(r.title_id())) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The commitments under the filters, and the page of them asked for.
pub struct ListPage<'a> {
    pub items: &'a [Commitment],
    pub reference: &'a Reference,
    pub paging: Paging,
}

pub fn list(ui: &Ui, frame: &Frame, page_of: &ListPage) -> Markup {
    let (tr, q, items) = (ui.tr, frame.q, page_of.items);
    let tracks: usize = items.iter().map(|c| c.tracks.len()).sum();
    let csv: Vec<(&str, String)> = q
        .pairs()
        .into_iter()
        .filter(|(k, _)| *k != "q")
        .chain([("lang", tr.lang.code().to_owned())])
        .collect();
    page(
        ui,
        frame,
        &tr.t("commitments-title"),
        html! {
            h1 { (tr.t("commitments-title")) }
            (as_of_banner(tr, frame.filter, "/public/commitments", q))
            form.filters method="get" action="/public/commitments" role="search" {
                (filter_fields(tr, q, page_of.reference, true))
                (as_of_field(tr, q))
                div.actions {
                    button type="submit" { (tr.t("filter-apply")) }
                    a href="/public/commitments" { (tr.t("filter-clear")) }
                }
            }
            p role="status" { (tr.t_args("commitments-shown", &[("commitments", items.len().into()), ("tracks", tracks.into())])) " "
                a href=(with_query("/public/reports/commitments.csv", &csv)) { (tr.t("commitments-download-csv")) } }
            @if items.is_empty() {
                p.panel { (tr.t("commitments-none")) }
            } @else {
                @let shown = page_of.paging.slice(items);
                @if !shown.is_empty() {
                    (commitment_table(tr, shown, &TableOf {
                        q,
                        filter: frame.filter,
                        reference: page_of.reference,
                        base: "/public/commitments",
                        user: None,
                    }))
                }
                (paging::pager(tr, page_of.paging, items.len(), "/public/commitments", &q.pairs(), ""))
            }
        },
    )
}

pub fn show(ui: &Ui, frame: &Frame, shown: &Shown) -> Markup {
    let tr = ui.tr;
    let body = shown
        .html
        .get_or_init(tr.lang, || show_body(tr, frame, shown).into_string());
    page(ui, frame, &shown.c.code, PreEscaped(body.clone()))
}

fn show_body(tr: Tr, frame: &Frame, shown: &Shown) -> Markup {
    let (q, filter, c) = (frame.q, frame.filter, &shown.c);
    html! {
        p.muted { a href=(with_query("/public/commitments", &as_of_only(q))) { (tr.t("commitments-title")) } " › " (c.code) }
        h1 { (c.code) " " (localized(tr, &c.title, &c.title_ru)) (illustrative_badge(tr, c)) }
        (as_of_banner(tr, filter, &format!("/public/commitments/{}", c.id), q))
        (facts(tr, c, &shown.reference, filter.day()))
        (timeline(tr, c, &shown.marks, filter))
        @if c.illustrative {
            p.hint { (tr.t("illustrative-hint")) }
        }
        h2 { (tr.t("col-tracks")) }
        @for (t, history) in c.tracks.iter().zip(&shown.histories) {
            (track(tr, frame, c, t, history))
        }
    }
}

/// One track: its status, and its latest public accepted updates.
fn track(tr: Tr, frame: &Frame, c: &Commitment, t: &TrackBrief, history: &History) -> Markup {
    let day = frame.filter.day();
    let (items, more) = match history {
        History::Latest(items, more) => (items.as_slice(), *more),
        History::Paged(items, _) => (items.as_slice(), false),
    };
    let mut pairs = as_of_only(frame.q);
    pairs.extend([
        ("country", t.country.code().to_owned()),
        ("lang", tr.lang.code().to_owned()),
    ]);
    let progress = with_query("/public/reports/progress.csv", &pairs);
    html! {
        section id={"track-" (t.id)} {
            h3 { (t.country.name(tr.lang)) " — " (status_badge(tr, t.status))
                @if let Some(p) = &t.last_accepted_period { " " span.muted { "(" (tr.t_args("latest-report", &[("period", p.as_str().into())])) ")" } }
                @if past_target(day, c.target_year) && !t.status.is_complete() { " " (past_target_badge(tr, c.target_year)) } }
            @if items.is_empty() {
                p.muted { (tr.t("public-history-empty")) }
            } @else {
                ol.history { @for u in items { (item(tr, u)) } }
                @if more {
                    p { (tr.t_args("public-history-more", &[("n", items.len().into())])) " "
                        a href=(progress) { (tr.t("report-title-progress")) span.visually-hidden { " " (t.country.name(tr.lang)) } } }
                }
            }
        }
    }
}

/// A public accepted update: period, status, both narratives, evidence,
/// and when it was accepted; never who wrote or accepted it.
fn item(tr: Tr, u: &UpdateView) -> Markup {
    let order = match tr.lang {
        Lang::En => [(Lang::En, &u.narrative_en), (Lang::Ru, &u.narrative_ru)],
        Lang::Ru => [(Lang::Ru, &u.narrative_ru), (Lang::En, &u.narrative_en)],
    };
    html! {
        li.accepted {
            div { strong { (u.period) } " · " (status_badge(tr, TrackStatus::Reported(u.status)))
                @if u.is_demo { " " span.demo { (tr.t("demo-badge")) } } }
            @for (lang, text) in order { (narrative(tr, lang, text)) }
            @if !u.evidence_url.is_empty() { div { (tr.t("evidence-label")) " " a href=(u.evidence_url) rel="noopener noreferrer nofollow" { (u.evidence_url) } } }
            @if let Some(at) = &u.reviewed_at {
                div.meta { (tr.t_args("public-accepted-on", &[("when", when(at).into())])) }
            }
        }
    }
}
