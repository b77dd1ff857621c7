//! The dashboard: what waits for the person, the pillar × country matrix
//! of track statuses as of a day, and charts of the same.

use maud::{Markup, PreEscaped, html};

use super::charts::{self, Row, Words};
use super::components::{
    as_of_banner, as_of_years, due_table, guide_href, pillar_label, scroll_region, status_badge,
    status_symbol,
};
use crate::db::commitments::Reference;
use crate::db::due::{DueItem, Owed};
use crate::db::tracks::{Matrix, TrackFilter};
use crate::domain::{Country, PerLang, Pillar, Role, Tr, TrackStatus, User};
use crate::reports::ReportQuery;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};
use crate::web::with_query;

/// The dashboard's figures for a day, the same for everyone who sees them:
/// kept until the record changes (see `db::memo`), so that a busy morning
/// does not read every track's status once per visitor.
pub struct Figures {
    pub matrix: Matrix,
    pub reference: Reference,
    /// Everything owed; each person sees their share.
    pub owed: Vec<DueItem>,
    pub years: Vec<(u16, Matrix)>,
    /// The matrix, legend and charts as HTML, per language: the same for
    /// everyone, so written once.
    pub shown: PerLang<String>,
}

/// The figures, and what is the person's own: the reports they owe and
/// their updates returned to them and in review.
pub struct DashboardPage<'a> {
    pub user: &'a User,
    pub q: &'a ReportQuery,
    pub filter: &'a TrackFilter,
    pub figures: &'a Figures,
    pub owed: &'a [DueItem],
    pub counts: (i64, i64),
    /// The outbox's figures, for administrators.
    pub mail: Option<crate::db::outbox::Figures>,
}

/// A focal point's home page lists this many owed reports, the rest a click away.
const DUE_SHOWN: usize = 10;

pub fn page(ui: &Ui, page: &DashboardPage) -> Markup {
    let (tr, user, q, owed) = (ui.tr, page.user, page.q, page.owed);
    let overdue = owed.iter().filter(|i| i.owed == Owed::Overdue).count();
    layout::page(
        ui,
        Some(user),
        Nav::Dashboard,
        &tr.t("dashboard-title"),
        html! {
            h1 { (tr.t("dashboard-heading")) }
            (as_of_banner(tr, page.filter, "/", q))
            p.lead { (tr.t("dashboard-lead")) }
            (as_of_years(tr, "/", q, page.filter))
            (tasks(tr, user, page.counts, overdue, page.mail))
            @if user.role() == Role::FocalPoint {
                section aria-labelledby="due-h" {
                    h2 #due-h { (tr.t("due-yours")) }
                    (due_table(tr, &owed[..owed.len().min(DUE_SHOWN)], page.filter, user))
                    @if !owed.is_empty() {
                        p { a href=(with_query("/due", &q.pairs())) { (tr.t("due-see-all")) } }
                    }
                }
            }
            (figures_html(tr, page.figures, &q.pairs()))
        },
    )
}

/// The matrix, legend and charts, written once per language and figures.
fn figures_html(tr: Tr, figures: &Figures, keep: &[(&str, String)]) -> PreEscaped<String> {
    PreEscaped(
        figures
            .shown
            .get_or_init(tr.lang, || {
                html! {
                    (matrix_table(tr, &figures.matrix, &figures.reference, ("/commitments", keep)))
                    (legend(tr))
                    (charts(tr, figures))
                }
                .into_string()
            })
            .clone(),
    )
}

/// The five counts of some cells added up.
fn sum(cells: &mut dyn Iterator<Item = [u32; 5]>) -> [u32; 5] {
    cells.fold([0u32; 5], |mut acc, c| {
        for (a, n) in acc.iter_mut().zip(c) {
            *a += n;
        }
        acc
    })
}

/// Tracks by status: by pillar, by country, and at the end of each year.
fn chart_rows(tr: Tr, figures: &Figures) -> [Vec<Row>; 3] {
    let by_pillar: Vec<Row> = Pillar::ALL
        .iter()
        .map(|p| Row {
            label: pillar_label(tr, *p),
            counts: sum(&mut Country::ALL.iter().map(|c| figures.matrix.cell(*p, *c))),
        })
        .collect();
    let by_country: Vec<Row> = Country::ALL
        .iter()
        .map(|c| Row {
            label: c.name(tr.lang).to_owned(),
            counts: sum(&mut Pillar::ALL.iter().map(|p| figures.matrix.cell(*p, *c))),
        })
        .collect();
    let by_year: Vec<Row> = figures
        .years
        .iter()
        .map(|(year, m)| Row {
            label: year.to_string(),
            counts: sum(&mut Pillar::ALL
                .iter()
                .flat_map(|p| Country::ALL.iter().map(move |c| m.cell(*p, *c)))),
        })
        .collect();
    [by_pillar, by_country, by_year]
}

pub fn charts(tr: Tr, figures: &Figures) -> Markup {
    let statuses = TrackStatus::ALL.map(|s| tr.t(s.label_id()));
    let [by_pillar, by_country, by_year] = chart_rows(tr, figures);
    let total = tr.t("chart-total");
    let scroll_hint = tr.t("scroll-hint");
    let (bars_summary, years_summary) = (tr.t("chart-summary-bars"), tr.t("chart-summary-years"));
    let chart = |id: &str, title: &str, row_header: &str, rows: &[Row], summary: &str| {
        let (title, row_header) = (tr.t(title), tr.t(row_header));
        let w = Words {
            title: &title,
            summary,
            row_header: &row_header,
            total: &total,
            statuses: &statuses,
            scroll_hint: &scroll_hint,
        };
        if id == "chart-years" {
            charts::columns(id, rows, &w)
        } else {
            charts::bars(id, rows, &w)
        }
    };
    html! {
        section.charts aria-labelledby="charts-h" {
            h2 #charts-h { (tr.t("charts-heading")) }
            (chart("chart-pillar", "chart-by-pillar", "label-pillar", &by_pillar, &bars_summary))
            (chart("chart-country", "chart-by-country", "label-country", &by_country, &bars_summary))
            @if !by_year.is_empty() {
                (chart("chart-years", "chart-over-years", "chart-col-year", &by_year, &years_summary))
            }
        }
    }
}

fn tasks(
    tr: Tr,
    user: &User,
    (returned, in_review): (i64, i64),
    overdue: usize,
    mail: Option<crate::db::outbox::Figures>,
) -> Markup {
    let n = |id: &str, n: i64| tr.t_args(id, &[("n", n.into())]);
    html! {
        @match user.role() {
            Role::FocalPoint => section.panel aria-labelledby="tasks-h" {
                h2 #tasks-h { (tr.t("tasks-heading")) }
                ul.tasks {
                    li { a href={"/commitments?country=" (user.country().map_or("", Country::code))} {
                        @match user.country() {
                            Some(c) => (tr.t_args("tasks-log-progress-for", &[("country", c.name(tr.lang).into())])),
                            None => (tr.t("tasks-log-progress-own")),
                        } } }
                    li { a href="/my-updates" { (n("tasks-returned-to-you", returned)) } }
                    li { (n("tasks-awaiting-review", in_review)) }
                    @if overdue > 0 { li { a.overdue href="/due" { (tr.t_args("due-tasks-overdue", &[("n", overdue.into())])) } } }
                    li { a href=(guide_href(user.role())) { (tr.t("tasks-your-guide")) } }
                }
            },
            Role::Reviewer | Role::Admin => section.panel aria-labelledby="tasks-h" {
                h2 #tasks-h { (tr.t("tasks-heading")) }
                ul.tasks {
                    li { a href="/review" { (n("tasks-awaiting-your-review", in_review)) } }
                    li { a href="/due" { (tr.t_args("due-tasks-overdue", &[("n", overdue.into())])) } }
                    @if returned > 0 { li { a href="/my-updates" { (n("tasks-yours-returned", returned)) } } }
                    @if user.role() == Role::Admin {
                        li { a href="/admin/users" { (tr.t("tasks-manage-accounts")) } }
                        li { a href="/admin/reporting" { (tr.t("reporting-title")) } }
                        li { a href="/admin/import" { (tr.t("nav-import")) } }
                        li { a href="/snapshots" { (tr.t("snapshots-title")) } }
                        @if let Some(m) = mail {
                            li { a #mail-figures href="/admin/outbox" { (tr.t_args("dashboard-mail", &[("queued", m.queued.into()), ("failed", m.failed.into())])) } }
                        }
                    }
                    li { a href=(guide_href(user.role())) { (tr.t("tasks-your-guide")) } }
                }
            },
            Role::Donor => section.panel aria-labelledby="tasks-h" {
                h2 #tasks-h { (tr.t("tasks-heading")) }
                p { (tr.t("tasks-donor-lead")) " "
                    a href="/reports" { (tr.t("tasks-donor-reports-link")) } " " (tr.t("tasks-donor-reports-after")) }
                p { a href=(guide_href(user.role())) { (tr.t("tasks-your-guide")) } }
            },
        }
    }
}

fn cell_label(tr: Tr, p: Pillar, c: Country, counts: &[u32; 5]) -> String {
    let total: u32 = counts.iter().sum();
    let parts: Vec<String> = TrackStatus::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| format!("{n} {}", tr.t(s.label_id()).to_lowercase()))
        .collect();
    let head = tr.t_args(
        "matrix-cell-label",
        &[
            ("pillar", p.roman().into()),
            ("country", c.name(tr.lang).into()),
            ("n", total.into()),
        ],
    );
    if parts.is_empty() {
        head
    } else {
        format!("{head}: {}", parts.join(", "))
    }
}

/// A proportional bar; decoration only, the numbers sit beside it.
fn bar(counts: &[u32; 5]) -> Markup {
    let total: u32 = counts.iter().sum();
    let mut rects = Vec::new();
    let mut x = 0u32;
    for (s, n) in TrackStatus::ALL.iter().zip(counts) {
        if *n > 0 && total > 0 {
            let w = n * 100 / total;
            rects.push((s.as_str(), x, w.max(1)));
            x += w;
        }
    }
    html! {
        svg viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false" {
            @for (class, x, w) in rects {
                rect class={"fill-" (class)} x=(x) y="0" width=(w) height="8" {}
            }
        }
    }
}

/// `list`: the commitments list the cells link to, and `keep`: query
/// pairs (the as-of day) that the links carry on.
pub fn matrix_table(
    tr: Tr,
    m: &Matrix,
    reference: &Reference,
    (list, keep): (&str, &[(&str, String)]),
) -> Markup {
    let link = |pairs: &[(&str, String)]| {
        let mut all = pairs.to_vec();
        all.extend(keep.iter().cloned());
        with_query(list, &all)
    };
    html! {
        (scroll_region(&tr.t("matrix-caption"), &tr.t("scroll-hint"), html! {
            table.matrix {
                caption.visually-hidden { (tr.t("matrix-caption")) }
                thead { tr {
                    th scope="col" { (tr.t("label-pillar")) }
                    @for c in Country::ALL { th scope="col" { (c.name(tr.lang)) } }
                } }
                tbody {
                    @for p in Pillar::ALL {
                        tr {
                            th scope="row" {
                                a href=(link(&[("pillar", p.number().to_string())])) { (pillar_label(tr, p)) }
                                div.hint { (reference.pillar_name(i64::from(p.number()), tr.lang)) }
                            }
                            @for c in Country::ALL {
                                @let counts = m.cell(p, c);
                                @let total: u32 = counts.iter().sum();
                                td {
                                    @if total == 0 {
                                        span.muted { "—" span.visually-hidden { (tr.t("matrix-no-tracks")) } }
                                    } @else {
                                        // The link's label says it all in words; its visible
                                        // text (the total) is part of that label, and the
                                        // symbols beside it are for the eye only.
                                        div.cell-box {
                                            a.cell href=(link(&[("pillar", p.number().to_string()), ("country", c.code().to_owned())]))
                                              aria-label=(cell_label(tr, p, c, &counts)) {
                                                span.total { (tr.t_args("count-tracks", &[("n", total.into())])) }
                                                (bar(&counts))
                                            }
                                            span.counts aria-hidden="true" {
                                                @for (s, n) in TrackStatus::ALL.iter().zip(counts) {
                                                    span class={"s-" (s.as_str())} title=(tr.t(s.label_id())) { (status_symbol(*s)) "\u{2009}" (n) } " "
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
        }))
    }
}

pub fn legend(tr: Tr) -> Markup {
    html! {
        ul.legend aria-label=(tr.t("legend-label")) {
            @for s in TrackStatus::ALL { li { (status_badge(tr, s)) } }
        }
    }
}
