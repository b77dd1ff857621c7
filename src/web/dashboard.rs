//! The dashboard: the pillar × country matrix of track statuses, and what
//! is waiting for the signed-in person.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::{Markup, html};

use super::language::Ui;
use super::layout::{self, Nav};
use super::{AppState, CurrentUser, with_query};
use crate::db::commitments::{self, Reference};
use crate::db::tracks::{self, Matrix, TrackFilter};
use crate::db::updates;
use crate::db::users::User;
use crate::domain::{Country, Pillar, Role, TrackStatus};
use crate::error::AppResult;
use crate::i18n::Tr;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(dashboard))
}

async fn dashboard(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
) -> AppResult<Markup> {
    let u = user.clone();
    let (matrix, reference, counts) = state
        .db
        .read(move |conn| {
            let rows = tracks::list(conn, &TrackFilter::default())?;
            Ok((
                Matrix::from_rows(&rows),
                commitments::reference(conn)?,
                updates::counts_for(conn, &u)?,
            ))
        })
        .await?;
    let tr = ui.tr;
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::Dashboard,
        &tr.t("dashboard-title"),
        html! {
            h1 { (tr.t("dashboard-heading")) }
            p.lead { (tr.t("dashboard-lead")) }
            (tasks(tr, &user, counts))
            (matrix_table(tr, &matrix, &reference))
            (legend(tr))
        },
    ))
}

fn tasks(tr: Tr, user: &User, (returned, in_review): (i64, i64)) -> Markup {
    let n = |id: &str, n: i64| tr.t_args(id, &[("n", n.into())]);
    html! {
        @match user.role {
            Role::FocalPoint => section.panel aria-labelledby="tasks-h" {
                h2 #tasks-h { (tr.t("tasks-heading")) }
                ul.tasks {
                    li { a href={"/commitments?country=" (user.country.map_or("", Country::code))} {
                        @match user.country {
                            Some(c) => (tr.t_args("tasks-log-progress-for", &[("country", c.name(tr.lang).into())])),
                            None => (tr.t("tasks-log-progress-own")),
                        } } }
                    li { a href="/my-updates" { (n("tasks-returned-to-you", returned)) } }
                    li { (n("tasks-awaiting-review", in_review)) }
                }
            },
            Role::Reviewer | Role::Admin => section.panel aria-labelledby="tasks-h" {
                h2 #tasks-h { (tr.t("tasks-heading")) }
                ul.tasks {
                    li { a href="/review" { (n("tasks-awaiting-your-review", in_review)) } }
                    @if returned > 0 { li { a href="/my-updates" { (n("tasks-yours-returned", returned)) } } }
                    @if user.role == Role::Admin { li { a href="/admin/users" { (tr.t("tasks-manage-accounts")) } } }
                }
            },
            Role::Donor => section.panel aria-labelledby="tasks-h" {
                p { (tr.t("tasks-donor-lead")) " "
                    a href="/reports" { (tr.t("tasks-donor-reports-link")) } " " (tr.t("tasks-donor-reports-after")) }
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

pub fn matrix_table(tr: Tr, m: &Matrix, reference: &Reference) -> Markup {
    html! {
        div.table-wrap {
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
                                a href={"/commitments?pillar=" (p.number())} { (tr.t_args("pillar-numbered", &[("roman", p.roman().into())])) }
                                div.hint { (reference.pillar_name(i64::from(p.number()), tr.lang)) }
                            }
                            @for c in Country::ALL {
                                @let counts = m.cell(p, c);
                                @let total: u32 = counts.iter().sum();
                                td {
                                    @if total == 0 {
                                        span.muted { "—" span.visually-hidden { (tr.t("matrix-no-tracks")) } }
                                    } @else {
                                        a.cell href=(with_query("/commitments", &[("pillar", p.number().to_string()), ("country", c.code().to_owned())]))
                                          aria-label=(cell_label(tr, p, c, &counts)) {
                                            span.total { (tr.t_args("count-tracks", &[("n", total.into())])) }
                                            (bar(&counts))
                                            span.counts {
                                                @for (s, n) in TrackStatus::ALL.iter().zip(counts) {
                                                    span class={"s-" (s.as_str())} title=(tr.t(s.label_id())) { (layout::status_symbol(*s)) "\u{2009}" (n) } " "
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
    }
}

pub fn legend(tr: Tr) -> Markup {
    html! {
        ul.legend aria-label=(tr.t("legend-label")) {
            @for s in TrackStatus::ALL { li { (layout::status_badge(tr, s)) } }
        }
    }
}
