//! What is due and overdue, by country and pillar: for reviewers and
//! administrators across the states, for a focal point their own country.

use axum::extract::State;
use maud::{Markup, html};

use super::forms::ValidQuery;
use super::language::Ui;
use super::layout::{self, Nav};
use super::paging::{self, Paging};
use super::routes::Routes;
use super::{AppState, CurrentUser, with_query};
use crate::db::due::{self, DueItem, Owed};
use crate::db::tracks::TrackFilter;
use crate::domain::Tr;
use crate::domain::User;
use crate::domain::{Country, Pillar, Role};
use crate::error::AppResult;
use crate::reports::ReportQuery;
use crate::services::policy;

pub fn router() -> Routes {
    Routes::new().get("/due", page)
}

/// A focal point sees their own country whatever the address says.
fn scoped(user: &User, mut q: ReportQuery) -> ReportQuery {
    if user.role() == Role::FocalPoint {
        q.country = user.country().map(|c| c.code().to_owned());
    }
    q
}

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<ReportQuery>,
    paging: Paging,
) -> AppResult<Markup> {
    policy::ensure_sees_due(&user)?;
    let q = scoped(&user, q);
    let filter = q.to_filter()?;
    let f = filter.clone();
    let items = state.db.read(move |conn| due::digest(conn, &f)).await?;
    let tr = ui.tr;
    let day = filter.day();
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::Due,
        &tr.t("due-title"),
        html! {
            h1 { (tr.t("due-title")) }
            (layout::as_of_banner(tr, &filter, "/due", &q))
            p.lead { (tr.t_args("due-lead", &[("day", day.to_string().into())])) }
            form.filters method="get" action="/due" {
                @if user.role() != Role::FocalPoint {
                    div.field {
                        label for="country" { (tr.t("label-country")) }
                        select #country name="country" {
                            option value="" { (tr.t("filter-all")) }
                            @for c in Country::ALL {
                                option value=(c.code()) selected[filter.country == Some(c)] { (c.name(tr.lang)) }
                            }
                        }
                    }
                }
                div.field {
                    label for="pillar" { (tr.t("label-pillar")) }
                    select #pillar name="pillar" {
                        option value="" { (tr.t("filter-all")) }
                        @for p in Pillar::ALL {
                            option value=(p.number()) selected[filter.pillar == Some(p)] {
                                (tr.t_args("pillar-numbered", &[("roman", p.roman().into())]))
                            }
                        }
                    }
                }
                div.field {
                    label for="as_of" { (tr.t("reports-as-of")) }
                    input #as_of type="date" name="as_of" value=(q.as_of.as_deref().unwrap_or(""));
                }
                div.actions { button type="submit" { (tr.t("reports-apply")) } a href="/due" { (tr.t("filter-clear")) } }
            }
            (summary(tr, &items, &filter))
            (list(tr, &items, &filter, paging, &q))
        },
    ))
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
                    && i.track.country == c.code()
                    && p.is_none_or(|p| i.track.pillar == i64::from(p.number()))
            })
            .count()
    };
    html! {
        h2 { (tr.t("due-summary")) }
        div.table-wrap role="region" tabindex="0" aria-label=(tr.t("due-summary-caption")) {
            table.due-summary {
                caption.visually-hidden { (tr.t("due-summary-caption")) }
                thead { tr {
                    th scope="col" { (tr.t("label-country")) }
                    @for p in Pillar::ALL { th.num scope="col" { (tr.t_args("pillar-numbered", &[("roman", p.roman().into())])) } }
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

/// The reports owed, a page at a time.
fn list(tr: Tr, items: &[DueItem], f: &TrackFilter, paging: Paging, q: &ReportQuery) -> Markup {
    let page = paging.slice(items);
    html! {
        h2 { (tr.t("due-list")) }
        @if items.is_empty() || !page.is_empty() { (table(tr, page, f)) }
        (paging::pager(tr, paging, items.len(), "/due", &q.pairs(), ""))
    }
}

/// The reports owed, overdue first; shared with a focal point's home page.
pub fn table(tr: Tr, items: &[DueItem], f: &TrackFilter) -> Markup {
    let day = f.day();
    html! {
        @if items.is_empty() {
            p.notice { (tr.t("due-nothing")) }
        } @else {
            table.responsive.due {
                thead { tr {
                    th scope="col" { (tr.t("due-col-state")) }
                    th scope="col" { (tr.t("label-country")) }
                    th scope="col" { (tr.t("due-col-commitment")) }
                    th scope="col" { (tr.t("label-period")) }
                    th scope="col" { (tr.t("due-col-deadline")) }
                } }
                tbody {
                    @for i in items {
                        @let days = (i.due_date - day).num_days();
                        tr {
                            td data-label=(tr.t("due-col-state")) { (owed_badge(tr, i.owed)) }
                            td data-label=(tr.t("label-country")) {
                                (i.track.country.parse::<Country>().map_or(i.track.country.clone(), |c| c.name(tr.lang).to_owned()))
                            }
                            td data-label=(tr.t("due-col-commitment")) {
                                a href={"/commitments/" (i.track.commitment_id)} { (i.track.code) } " "
                                (layout::localized(tr, &i.track.title_en, &i.track.title_ru))
                                @if due::past_target_year(&i.track, day) {
                                    " " (layout::past_target_badge(tr, i.track.target_year))
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
                        }
                    }
                }
            }
        }
    }
}
