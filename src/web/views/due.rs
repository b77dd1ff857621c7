//! The due page: filters, counts by country and pillar, the reports owed.

use maud::{Markup, html};

use super::components::{
    as_of_banner, as_of_field, country_select, due_table, pillar_label, pillar_select,
    scroll_region,
};
use crate::db::due::{DueItem, Owed};
use crate::db::tracks::TrackFilter;
use crate::domain::{Country, Pillar, Role, Tr, User};
use crate::reports::ReportQuery;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};
use crate::web::paging::{self, Paging};
use crate::web::with_query;

/// The reports owed under the filters, and the page of them asked for.
pub struct DuePage<'a> {
    pub user: &'a User,
    pub q: &'a ReportQuery,
    pub filter: &'a TrackFilter,
    pub items: &'a [DueItem],
    pub paging: Paging,
}

pub fn page(ui: &Ui, page: &DuePage) -> Markup {
    let tr = ui.tr;
    let day = page.filter.day();
    layout::page(
        ui,
        Some(page.user),
        Nav::Due,
        &tr.t("due-title"),
        html! {
            h1 { (tr.t("due-title")) }
            (as_of_banner(tr, page.filter, "/due", page.q))
            p.lead { (tr.t_args("due-lead", &[("day", day.to_string().into())])) }
            (filters(tr, page))
            (summary(tr, page.items, page.filter))
            (list(tr, page.items, page.filter, page.paging, page.q, page.user))
        },
    )
}

/// Country (not for a focal point, who sees their own), pillar, as-of day.
fn filters(tr: Tr, page: &DuePage) -> Markup {
    let filter = page.filter;
    html! {
        form.filters method="get" action="/due" {
            @if page.user.role() != Role::FocalPoint {
                (country_select(tr, filter.country.map(Country::code)))
            }
            (pillar_select(tr, filter.pillar.map(|p| p.number().to_string()).as_deref()))
            (as_of_field(tr, page.q))
            div.actions { button type="submit" { (tr.t("reports-apply")) } a href="/due" { (tr.t("filter-clear")) } }
        }
    }
}

/// Counts of overdue and due reports by country (rows) and pillar.
fn summary(tr: Tr, items: &[DueItem], f: &TrackFilter) -> Markup {
    let countries: Vec<Country> = Country::ALL
        .into_iter()
        .filter(|c| f.country.is_none_or(|x| x == *c))
        .collect();
    let count = |c: Country, p: Option<Pillar>, owed: Owed| {
        items
            .iter()
            .filter(|i| {
                i.owed == owed
                    && i.track.country == c
                    && p.is_none_or(|p| i.track.pillar == i64::from(p.number()))
            })
            .count()
    };
    html! {
        h2 { (tr.t("due-summary")) }
        (scroll_region(&tr.t("due-summary-caption"), &tr.t("scroll-hint"), html! {
            table.due-summary {
                caption.visually-hidden { (tr.t("due-summary-caption")) }
                thead { tr {
                    th scope="col" { (tr.t("label-country")) }
                    @for p in Pillar::ALL { th.num scope="col" { (pillar_label(tr, p)) } }
                    th.num scope="col" { (tr.t("chart-total")) }
                } }
                tbody {
                    @for c in countries {
                        tr {
                            th scope="row" { a href=(with_query("/due", &[("country", c.code().to_owned())])) { (c.name(tr.lang)) } }
                            @for p in Pillar::ALL.into_iter().map(Some).chain([None]) {
                                td.num {
                                    @let late = count(c, p, Owed::Overdue);
                                    @let due = count(c, p, Owed::Due);
                                    @if late > 0 { span.overdue { (tr.t_args("due-n-overdue", &[("n", late.into())])) } br; }
                                    span.muted { (tr.t_args("due-n-due", &[("n", due.into())])) }
                                }
                            }
                        }
                    }
                }
            }
        }))
    }
}

/// The reports owed, a page at a time.
fn list(
    tr: Tr,
    items: &[DueItem],
    f: &TrackFilter,
    paging: Paging,
    q: &ReportQuery,
    user: &User,
) -> Markup {
    let page = paging.slice(items);
    html! {
        h2 { (tr.t("due-list")) }
        @if items.is_empty() || !page.is_empty() { (due_table(tr, page, f, user)) }
        (paging::pager(tr, paging, items.len(), "/due", &q.pairs(), ""))
    }
}
