//! The commitments list with its filters, and a commitment with its tracks
//! and each track's history.

use super::forms::{ValidPath, ValidQuery};
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::{Markup, html};

use super::forms::parse_id;
use super::layout::{self, Nav};
use super::{AppState, CurrentUser, with_query};
use crate::auth::policy;
use crate::db::commitments::{self, Commitment, Reference};
use crate::db::updates::{self, UpdateView};
use crate::domain::{Country, Pillar, TrackStatus, UpdateState};
use crate::error::{AppError, AppResult};
use crate::reports::ReportQuery;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/commitments", get(list))
        .route("/commitments/{id}", get(show))
}

fn select(name: &str, label: &str, current: Option<&str>, options: &[(String, String)]) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            select #(name) name=(name) {
                option value="" { "All" }
                @for (value, text) in options {
                    option value=(value) selected[current == Some(value.as_str())] { (text) }
                }
            }
        }
    }
}

pub fn filter_fields(q: &ReportQuery, reference: &Reference, with_text: bool) -> Markup {
    let pillars: Vec<(String, String)> = Pillar::ALL
        .iter()
        .map(|p| (p.number().to_string(), format!("Pillar {}", p.roman())))
        .collect();
    let countries: Vec<(String, String)> = Country::ALL
        .iter()
        .map(|c| (c.code().to_owned(), c.name_en().to_owned()))
        .collect();
    let themes: Vec<(String, String)> = reference
        .themes
        .iter()
        .map(|t| (t.code.clone(), t.name_en.clone()))
        .collect();
    let statuses: Vec<(String, String)> = TrackStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), s.label().to_owned()))
        .collect();
    html! {
        (select("pillar", "Pillar", q.pillar.as_deref(), &pillars))
        (select("country", "Country", q.country.as_deref(), &countries))
        (select("theme", "Theme", q.theme.as_deref(), &themes))
        (select("status", "Status", q.status.as_deref(), &statuses))
        @if with_text {
            div.field {
                label for="q" { "Search" }
                input #q type="search" name="q" value=(q.q.as_deref().unwrap_or("")) maxlength="200";
            }
        }
    }
}

async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> AppResult<Markup> {
    let filter = q.to_filter()?;
    let text = q.text();
    let (items, reference) = state
        .db
        .read(move |conn| {
            Ok((
                commitments::list(conn, &filter, text.as_deref())?,
                commitments::reference(conn)?,
            ))
        })
        .await?;
    let tracks: usize = items.iter().map(|c| c.tracks.len()).sum();
    Ok(layout::page(
        Some(&user),
        Nav::Commitments,
        "Commitments",
        html! {
            h1 { "Commitments" }
            form.filters method="get" action="/commitments" role="search" {
                (filter_fields(&q, &reference, true))
                div.actions {
                    button type="submit" { "Filter" }
                    a href="/commitments" { "Clear" }
                }
            }
            p role="status" { (items.len()) " commitments, " (tracks) " tracks shown. "
                a href=(with_query("/reports/commitments.csv", &q.pairs().into_iter().filter(|(k, _)| *k != "q").collect::<Vec<_>>())) { "Download these tracks as CSV" } }
            (commitment_table(&items, &reference, &user))
        },
    ))
}

fn illustrative_badge(c: &Commitment) -> Markup {
    html! {
        @if c.illustrative {
            " " span.badge-illustrative title="Paraphrased from public reporting; not the official text of the plan" { "illustrative" }
        }
    }
}

fn commitment_table(
    items: &[Commitment],
    reference: &Reference,
    user: &crate::db::users::User,
) -> Markup {
    html! {
        @if items.is_empty() {
            p.panel { "No commitment matches these filters." }
        } @else {
            table.responsive {
                thead { tr {
                    th scope="col" { "Code" }
                    th scope="col" { "Commitment" }
                    th scope="col" { "Theme" }
                    th scope="col" class="num" { "Target" }
                    th scope="col" { "Tracks" }
                } }
                tbody {
                    @for c in items {
                        tr {
                            td data-label="Code" { a href={"/commitments/" (c.id)} { (c.code) } }
                            td data-label="Commitment" {
                                a href={"/commitments/" (c.id)} { (c.title) }
                                (illustrative_badge(c))
                                @if !c.title_ru.is_empty() { div.ru lang="ru" { (c.title_ru) } }
                            }
                            td data-label="Theme" { (reference.theme_name(&c.theme)) }
                            td.num data-label="Target" { (c.target_year) }
                            td data-label="Tracks" {
                                ul.tracklist {
                                    @for t in &c.tracks {
                                        @let country: Country = t.country.parse().unwrap_or(Country::REG);
                                        li {
                                            (country.code()) ": " (layout::status_badge(t.status))
                                            @if let Some(p) = &t.last_accepted_period { " " span.muted { "(" (p) ")" } }
                                            @if policy::can_write_track(user, country) && user.role == crate::domain::Role::FocalPoint {
                                                " " a href={"/tracks/" (t.id) "/updates/new"} { "Log progress" span.visually-hidden { " for " (c.code) " " (country.name_en()) } }
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

/// How many updates of a track its commitment page shows unless asked for all.
const HISTORY_SHOWN: i64 = 20;

#[derive(Deserialize, Default)]
struct ShowQuery {
    /// A track whose whole history is shown.
    all: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    ValidQuery(q): ValidQuery<ShowQuery>,
) -> AppResult<Markup> {
    let id = parse_id(&id)?;
    let all = q.all.as_deref().and_then(|a| a.parse::<i64>().ok());
    let u = user.clone();
    let (c, histories, reference) = state
        .db
        .read(move |conn| {
            let c = commitments::get(conn, id)?;
            let histories = c
                .tracks
                .iter()
                .map(|t| {
                    let limit = (all != Some(t.id)).then_some(HISTORY_SHOWN);
                    updates::track_history(conn, &u, t.id, limit)
                })
                .collect::<AppResult<Vec<_>>>()?;
            Ok((c, histories, commitments::reference(conn)?))
        })
        .await?;
    let doc = reference.documents.iter().find(|d| d.code == c.document);
    let pillar = Pillar::try_from(c.pillar).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    Ok(layout::page(
        Some(&user),
        Nav::Commitments,
        &c.code,
        html! {
            p.muted { a href="/commitments" { "Commitments" } " › " (c.code) }
            h1 { (c.code) " " (c.title) (illustrative_badge(&c)) }
            @if !c.title_ru.is_empty() { p.ru.lead lang="ru" { (c.title_ru) } }
            table {
                tbody {
                    tr { th scope="row" { "Document" } td { (doc.map_or(c.document.as_str(), |d| d.title_en.as_str())) } }
                    tr { th scope="row" { "Pillar" } td { (pillar.roman()) ". " (reference.pillar_name(c.pillar)) } }
                    tr { th scope="row" { "Theme" } td { (reference.theme_name(&c.theme)) } }
                    tr { th scope="row" { "Target year" } td { (c.target_year) } }
                }
            }
            @if c.illustrative {
                p.hint { "This commitment is illustrative: paraphrased from public reporting on the plan. The official text can be loaded by an administrator." }
            }
            h2 { "Tracks" }
            @for (t, (items, more)) in c.tracks.iter().zip(&histories) {
                @let country: Country = t.country.parse().unwrap_or(Country::REG);
                section id={"track-" (t.id)} {
                    h3 { (country.name_en()) " — " (layout::status_badge(t.status))
                        @if let Some(p) = &t.last_accepted_period { " " span.muted { "(latest report: " (p) ")" } } }
                    @if policy::can_write_track(&user, country) {
                        p { a.button href={"/tracks/" (t.id) "/updates/new"} { "Log progress" span.visually-hidden { " for " (country.name_en()) } } }
                    }
                    @if items.is_empty() {
                        p.muted { "No progress reported yet." }
                    } @else {
                        ol.history { @for u in items { (history_item(u)) } }
                        @if *more {
                            p { "Showing the latest " (items.len()) " updates. "
                                a href={"/commitments/" (c.id) "?all=" (t.id) "#track-" (t.id)} { "Show all" span.visually-hidden { " for " (country.name_en()) } } }
                        }
                    }
                }
            }
        },
    ))
}

pub fn history_item(u: &UpdateView) -> Markup {
    let status = TrackStatus::from_db(Some(&u.status));
    html! {
        li class=(u.state) {
            div { strong { (u.period) } " · " (layout::status_badge(status)) " " (layout::state_badge(u.state()))
                @if u.is_demo { " " span.demo { "demo" } }
                " " a href={"/updates/" (u.id)} { "Update #" (u.id) } }
            @if !u.narrative_en.is_empty() { blockquote lang="en" { (layout::multiline(&u.narrative_en)) } }
            @if !u.narrative_ru.is_empty() { blockquote lang="ru" { (layout::multiline(&u.narrative_ru)) } }
            @if !u.evidence_url.is_empty() { div { "Evidence: " a href=(u.evidence_url) rel="noopener noreferrer nofollow" { (u.evidence_url) } } }
            div.meta {
                "Submitted by " (u.submitted_by)
                @if let Some(at) = &u.submitted_at { " on " (layout::when(at)) }
                @if let (Some(by), Some(at)) = (&u.reviewed_by, &u.reviewed_at) {
                    @if u.state() == UpdateState::Accepted { "; accepted by " } @else { "; returned by " }
                    (by) " on " (layout::when(at))
                }
            }
            @if u.state() == UpdateState::Returned && !u.review_comment.is_empty() {
                div { strong { "Reviewer's comment: " } (layout::multiline(&u.review_comment)) }
            }
        }
    }
}
