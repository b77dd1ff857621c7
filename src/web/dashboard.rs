//! The dashboard: the pillar × country matrix of track statuses, and what
//! is waiting for the signed-in person.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::{Markup, html};

use super::layout::{self, Nav};
use super::{AppState, CurrentUser, with_query};
use crate::db::commitments::{self, Reference};
use crate::db::tracks::{self, Matrix, TrackFilter};
use crate::db::updates;
use crate::db::users::User;
use crate::domain::{Country, Pillar, Role, TrackStatus};
use crate::error::AppResult;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(dashboard))
}

async fn dashboard(
    State(state): State<AppState>,
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
    Ok(layout::page(
        Some(&user),
        Nav::Dashboard,
        "Dashboard",
        html! {
            h1 { "Implementation status" }
            p.lead {
                "Status of every track of the Joint Plan of Action by pillar and country, from the latest accepted progress update of each track."
            }
            (tasks(&user, counts))
            (matrix_table(&matrix, &reference))
            (legend())
        },
    ))
}

fn tasks(user: &User, (returned, in_review): (i64, i64)) -> Markup {
    html! {
        @match user.role {
            Role::FocalPoint => section.panel aria-labelledby="tasks-h" {
                h2 #tasks-h { "Your work" }
                ul.tasks {
                    li { a href={"/commitments?country=" (user.country.map_or("", Country::code))} {
                        "Log progress for " (user.country.map_or("your country", Country::name_en)) } }
                    li { a href="/my-updates" { (returned) " returned to you for revision" } }
                    li { (in_review) " awaiting review" }
                }
            },
            Role::Reviewer | Role::Admin => section.panel aria-labelledby="tasks-h" {
                h2 #tasks-h { "Your work" }
                ul.tasks {
                    li { a href="/review" { (in_review) " updates awaiting your review" } }
                    @if returned > 0 { li { a href="/my-updates" { (returned) " of your updates returned" } } }
                    @if user.role == Role::Admin { li { a href="/admin/users" { "Manage accounts" } } }
                }
            },
            Role::Donor => section.panel aria-labelledby="tasks-h" {
                p { "Every figure comes from accepted progress updates. "
                    a href="/reports" { "Download the reports" } " to cite them, with who reported what and when." }
            },
        }
    }
}

fn cell_label(p: Pillar, c: Country, counts: &[u32; 5]) -> String {
    let total: u32 = counts.iter().sum();
    let parts: Vec<String> = TrackStatus::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| format!("{n} {}", s.label().to_lowercase()))
        .collect();
    format!(
        "Pillar {}, {}: {total} tracks{}{}",
        p.roman(),
        c.name_en(),
        if parts.is_empty() { "" } else { ": " },
        parts.join(", ")
    )
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

pub fn matrix_table(m: &Matrix, reference: &Reference) -> Markup {
    html! {
        div.table-wrap {
            table.matrix {
                caption.visually-hidden { "Tracks by pillar and country, counted by status" }
                thead { tr {
                    th scope="col" { "Pillar" }
                    @for c in Country::ALL { th scope="col" { (c.name_en()) } }
                } }
                tbody {
                    @for p in Pillar::ALL {
                        tr {
                            th scope="row" {
                                a href={"/commitments?pillar=" (p.number())} { "Pillar " (p.roman()) }
                                div.hint { (reference.pillar_name(i64::from(p.number()))) }
                            }
                            @for c in Country::ALL {
                                @let counts = m.cell(p, c);
                                @let total: u32 = counts.iter().sum();
                                td {
                                    @if total == 0 {
                                        span.muted { "—" span.visually-hidden { "no tracks" } }
                                    } @else {
                                        a.cell href=(with_query("/commitments", &[("pillar", p.number().to_string()), ("country", c.code().to_owned())]))
                                          aria-label=(cell_label(p, c, &counts)) {
                                            span.total { (total) " tracks" }
                                            (bar(&counts))
                                            span.counts {
                                                @for (s, n) in TrackStatus::ALL.iter().zip(counts) {
                                                    span class={"s-" (s.as_str())} title=(s.label()) { (layout::status_symbol(*s)) "\u{2009}" (n) } " "
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

pub fn legend() -> Markup {
    html! {
        ul.legend aria-label="Status legend" {
            @for s in TrackStatus::ALL { li { (layout::status_badge(s)) } }
        }
    }
}
