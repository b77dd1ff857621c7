//! The commitments list with its filters, and a commitment with its tracks
//! and each track's history.

use super::forms::{ValidPath, ValidQuery};
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::{Markup, html};

use super::forms::parse_id;
use super::language::Ui;
use super::layout::{self, Nav};
use super::{AppState, CurrentUser, with_query};
use crate::auth::policy;
use crate::db::commitments::{self, Commitment, Reference};
use crate::db::updates::{self, UpdateView};
use crate::domain::{Country, Pillar, TrackStatus, UpdateState};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::reports::ReportQuery;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/commitments", get(list))
        .route("/commitments/{id}", get(show))
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

pub fn filter_fields(tr: Tr, q: &ReportQuery, reference: &Reference, with_text: bool) -> Markup {
    let pillars: Vec<(String, String)> = Pillar::ALL
        .iter()
        .map(|p| {
            let label = tr.t_args("pillar-numbered", &[("roman", p.roman().into())]);
            (p.number().to_string(), label)
        })
        .collect();
    let countries: Vec<(String, String)> = Country::ALL
        .iter()
        .map(|c| (c.code().to_owned(), c.name(tr.lang).to_owned()))
        .collect();
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
        (select(tr, "pillar", &tr.t("label-pillar"), q.pillar.as_deref(), &pillars))
        (select(tr, "country", &tr.t("label-country"), q.country.as_deref(), &countries))
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

async fn list(
    State(state): State<AppState>,
    ui: Ui,
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
    let tr = ui.tr;
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::Commitments,
        &tr.t("commitments-title"),
        html! {
            h1 { (tr.t("commitments-title")) }
            form.filters method="get" action="/commitments" role="search" {
                (filter_fields(tr, &q, &reference, true))
                div.actions {
                    button type="submit" { (tr.t("filter-apply")) }
                    a href="/commitments" { (tr.t("filter-clear")) }
                }
            }
            p role="status" { (tr.t_args("commitments-shown", &[("commitments", items.len().into()), ("tracks", tracks.into())])) " "
                a href=(with_query("/reports/commitments.csv", &q.pairs().into_iter().filter(|(k, _)| *k != "q").collect::<Vec<_>>())) { (tr.t("commitments-download-csv")) } }
            (commitment_table(tr, &items, &reference, &user))
        },
    ))
}

fn illustrative_badge(tr: Tr, c: &Commitment) -> Markup {
    html! {
        @if c.illustrative {
            " " span.badge-illustrative title=(tr.t("illustrative-title")) { (tr.t("illustrative-badge")) }
        }
    }
}

fn commitment_table(
    tr: Tr,
    items: &[Commitment],
    reference: &Reference,
    user: &crate::db::users::User,
) -> Markup {
    let (code_h, commitment_h, theme_h, target_h, tracks_h) = (
        tr.t("col-code"),
        tr.t("col-commitment"),
        tr.t("label-theme"),
        tr.t("col-target"),
        tr.t("col-tracks"),
    );
    html! {
        @if items.is_empty() {
            p.panel { (tr.t("commitments-none")) }
        } @else {
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
                            td data-label=(code_h) { a href={"/commitments/" (c.id)} { (c.code) } }
                            td data-label=(commitment_h) {
                                a href={"/commitments/" (c.id)} { (layout::localized(tr, &c.title, &c.title_ru)) }
                                (illustrative_badge(tr, c))
                            }
                            td data-label=(theme_h) { (reference.theme_name(&c.theme, tr.lang)) }
                            td.num data-label=(target_h) { (c.target_year) }
                            td data-label=(tracks_h) {
                                ul.tracklist {
                                    @for t in &c.tracks {
                                        @let country: Country = t.country.parse().unwrap_or(Country::REG);
                                        li {
                                            (country.code()) ": " (layout::status_badge(tr, t.status))
                                            @if let Some(p) = &t.last_accepted_period { " " span.muted { "(" (p) ")" } }
                                            @if policy::can_write_track(user, country) && user.role == crate::domain::Role::FocalPoint {
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
    ui: Ui,
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
    let tr = ui.tr;
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::Commitments,
        &c.code,
        html! {
            p.muted { a href="/commitments" { (tr.t("commitments-title")) } " › " (c.code) }
            h1 { (c.code) " " (layout::localized(tr, &c.title, &c.title_ru)) (illustrative_badge(tr, &c)) }
            @if let Some((lang, other)) = layout::other_language(tr, &c.title, &c.title_ru) {
                p.lead lang=(lang.code()) { (other) }
            }
            table {
                tbody {
                    tr { th scope="row" { (tr.t("label-document")) } td { (doc.map_or(c.document.as_str(), |d| d.title(tr.lang))) } }
                    tr { th scope="row" { (tr.t("label-pillar")) } td { (pillar.roman()) ". " (reference.pillar_name(c.pillar, tr.lang)) } }
                    tr { th scope="row" { (tr.t("label-theme")) } td { (reference.theme_name(&c.theme, tr.lang)) } }
                    tr { th scope="row" { (tr.t("label-target-year")) } td { (c.target_year) } }
                }
            }
            @if c.illustrative {
                p.hint { (tr.t("illustrative-hint")) }
            }
            h2 { (tr.t("col-tracks")) }
            @for (t, (items, more)) in c.tracks.iter().zip(&histories) {
                @let country: Country = t.country.parse().unwrap_or(Country::REG);
                section id={"track-" (t.id)} {
                    h3 { (country.name(tr.lang)) " — " (layout::status_badge(tr, t.status))
                        @if let Some(p) = &t.last_accepted_period { " " span.muted { "(" (tr.t_args("latest-report", &[("period", p.as_str().into())])) ")" } } }
                    @if policy::can_write_track(&user, country) {
                        p { a.button href={"/tracks/" (t.id) "/updates/new"} { (tr.t("log-progress")) span.visually-hidden { " " (tr.t_args("for-what", &[("what", country.name(tr.lang).into())])) } } }
                    }
                    @if items.is_empty() {
                        p.muted { (tr.t("history-empty")) }
                    } @else {
                        ol.history { @for u in items { (history_item(tr, u)) } }
                        @if *more {
                            p { (tr.t_args("history-showing-latest", &[("n", items.len().into())])) " "
                                a href={"/commitments/" (c.id) "?all=" (t.id) "#track-" (t.id)} { (tr.t("history-show-all")) span.visually-hidden { " " (tr.t_args("for-what", &[("what", country.name(tr.lang).into())])) } } }
                        }
                    }
                }
            }
        },
    ))
}

/// A narrative in one language, or a visible note that it was not given.
fn narrative(tr: Tr, lang: Lang, text: &str) -> Markup {
    let missing = match lang {
        Lang::En => "narrative-missing-en",
        Lang::Ru => "narrative-missing-ru",
    };
    html! {
        @if text.trim().is_empty() {
            p.muted.narrative-missing { (tr.t(missing)) }
        } @else {
            blockquote lang=(lang.code()) { (layout::multiline(text)) }
        }
    }
}

pub fn history_item(tr: Tr, u: &UpdateView) -> Markup {
    let status = TrackStatus::from_db(Some(&u.status));
    // The page's language first; both are always accounted for.
    let order = match tr.lang {
        Lang::En => [(Lang::En, &u.narrative_en), (Lang::Ru, &u.narrative_ru)],
        Lang::Ru => [(Lang::Ru, &u.narrative_ru), (Lang::En, &u.narrative_en)],
    };
    html! {
        li class=(u.state) {
            div { strong { (u.period) } " · " (layout::status_badge(tr, status)) " " (layout::state_badge(tr, u.state()))
                @if u.is_demo { " " span.demo { (tr.t("demo-badge")) } }
                " " a href={"/updates/" (u.id)} { (tr.t_args("update-number", &[("id", u.id.into())])) } }
            @for (lang, text) in order { (narrative(tr, lang, text)) }
            @if !u.evidence_url.is_empty() { div { (tr.t("evidence-label")) " " a href=(u.evidence_url) rel="noopener noreferrer nofollow" { (u.evidence_url) } } }
            div.meta {
                (tr.t_args("submitted-by", &[("name", u.submitted_by.as_str().into())]))
                @if let Some(at) = &u.submitted_at { " " (tr.t_args("on-date", &[("when", layout::when(at).into())])) }
                @if let (Some(by), Some(at)) = (&u.reviewed_by, &u.reviewed_at) {
                    "; "
                    @if u.state() == UpdateState::Accepted {
                        (tr.t_args("accepted-by", &[("name", by.as_str().into())]))
                    } @else {
                        (tr.t_args("returned-by", &[("name", by.as_str().into())]))
                    }
                    " " (tr.t_args("on-date", &[("when", layout::when(at).into())]))
                }
            }
            @if u.state() == UpdateState::Returned && !u.review_comment.is_empty() {
                div { strong { (tr.t("reviewer-comment")) " " } (layout::multiline(&u.review_comment)) }
            }
        }
    }
}
