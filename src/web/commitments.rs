//! The commitments list with its filters, and a commitment with its tracks
//! and each track's history.

use axum::extract::State;
use chrono::NaiveDate;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::charts::{self, Lane, Point, TimelineWords};
use super::forms::{ValidPath, ValidQuery, parse_id};
use super::language::Ui;
use super::layout::{self, Nav};
use super::paging::{self, Paging};
use super::routes::Routes;
use super::{AppState, CurrentUser, with_query};
use crate::db::commitments::{self, Commitment, Reference};
use crate::db::due::{self, Mark};
use crate::db::tracks::TrackFilter;
use crate::db::updates::{self, UpdateView};
use crate::domain::HORIZON_END;
use crate::domain::User;
use crate::domain::cycle::past_target;
use crate::domain::{Country, Pillar, TrackStatus, UpdateState, Viewer};
use crate::domain::{Lang, PerLang, Tr};
use crate::error::AppResult;
use crate::reports::ReportQuery;
use crate::services::policy;

pub fn router() -> Routes {
    Routes::new()
        .get("/commitments", list)
        .get("/commitments/{id}", show)
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
    paging: Paging,
) -> AppResult<Markup> {
    let filter = q.to_filter()?;
    let shown = filter.clone();
    let text = q.text();
    let listed = state
        .db
        .read_kept(
            &state.memos.lists,
            (with_query("", &q.pairs()), filter.cutoff()),
            move |conn| {
                Ok((
                    commitments::list(conn, &filter, text.as_deref())?,
                    commitments::reference(conn)?,
                ))
            },
        )
        .await?;
    let (items, reference) = (&listed.0, &listed.1);
    let tracks: usize = items.iter().map(|c| c.tracks.len()).sum();
    let tr = ui.tr;
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::Commitments,
        &tr.t("commitments-title"),
        html! {
            h1 { (tr.t("commitments-title")) }
            (layout::as_of_banner(tr, &shown, "/commitments", &q))
            form.filters method="get" action="/commitments" role="search" {
                (filter_fields(tr, &q, reference, true))
                div.field {
                    label for="as_of" { (tr.t("reports-as-of")) }
                    input #as_of type="date" name="as_of" value=(q.as_of.as_deref().unwrap_or(""));
                }
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
                @let page = paging.slice(items);
                @if !page.is_empty() { (commitment_table(tr, page, reference, &user, &shown, &q)) }
                (paging::pager(tr, paging, items.len(), "/commitments", &q.pairs(), ""))
            }
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
    user: &crate::domain::User,
    f: &TrackFilter,
    q: &ReportQuery,
) -> Markup {
    let day = f.day();
    // A commitment's page opens at the same as-of day as the list.
    let keep: Vec<(&str, String)> = q
        .pairs()
        .into_iter()
        .filter(|(k, _)| *k == "as_of")
        .collect();
    let href = |id: i64| with_query(&format!("/commitments/{id}"), &keep);
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
                                a href=(href(c.id)) { (layout::localized(tr, &c.title, &c.title_ru)) }
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
                                            @if past_target(day, c.target_year) && !t.status.is_complete() { " " (layout::past_target_badge(tr, c.target_year)) }
                                            @if policy::can_write_track(user, country) && user.role() == crate::domain::Role::FocalPoint {
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

/// How many updates of a track its commitment page shows unless asked for all.
const HISTORY_SHOWN: i64 = 20;

/// A track's history on its commitment's page: the latest few (and whether
/// there are more), or, when asked for all, one page of them and the total.
enum History {
    Latest(Vec<UpdateView>, bool),
    Paged(Vec<UpdateView>, usize),
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    /// A track whose whole history is shown.
    all: Option<String>,
    as_of: Option<String>,
}

/// What a commitment page shows one viewer at one moment: its data, and
/// the page's body once written in each language. Kept until the record
/// changes (see `db::memo`); the viewer is part of the key because what is
/// in review is shown only to whom it concerns.
pub struct Shown {
    c: Commitment,
    histories: Vec<History>,
    marks: Vec<Vec<Mark>>,
    reference: Reference,
    html: PerLang<String>,
}

/// The commitment, the moment and page asked for, and who asks.
#[derive(Hash, PartialEq, Eq)]
pub struct ShownKey {
    id: i64,
    query: String,
    day: NaiveDate,
    page: usize,
    viewer: Viewer,
}

/// A filtered list as read (the same for everyone), by its query and cut-off.
pub type Listed = (Vec<Commitment>, Reference);

/// Filtered lists kept at once.
pub const LISTS_KEPT: usize = 64;

/// Commitment pages kept at once.
pub const SHOWN_KEPT: usize = 256;

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    ValidQuery(q): ValidQuery<ShowQuery>,
    paging: Paging,
) -> AppResult<Markup> {
    let id = parse_id(&id)?;
    let all = q.all.as_deref().and_then(|a| a.parse::<i64>().ok());
    let rq = ReportQuery {
        as_of: q.as_of.clone(),
        ..ReportQuery::default()
    };
    let filter = rq.to_filter()?;
    let (viewer, as_of) = (Viewer::of(&user), filter.as_of);
    let cutoff = as_of.map(|_| filter.cutoff());
    let mut query = rq.pairs();
    query.extend(all.map(|a| ("all", a.to_string())));
    let key = ShownKey {
        id,
        query: with_query("", &query),
        day: filter.day(),
        page: paging.page,
        viewer,
    };
    let shown = state
        .db
        .read_kept(&state.memos.commitment, key, move |conn| {
            let c = commitments::get_as_of(conn, id, as_of)?;
            let cutoff = cutoff.as_deref();
            let histories = c
                .tracks
                .iter()
                .map(|t| {
                    if all == Some(t.id) {
                        let (items, total) =
                            updates::track_history_page(conn, &viewer, t.id, paging.sql(), cutoff)?;
                        Ok(History::Paged(items, usize::try_from(total).unwrap_or(0)))
                    } else {
                        let (items, more) = updates::track_history(
                            conn,
                            &viewer,
                            t.id,
                            Some(HISTORY_SHOWN),
                            cutoff,
                        )?;
                        Ok(History::Latest(items, more))
                    }
                })
                .collect::<AppResult<Vec<_>>>()?;
            let marks = c
                .tracks
                .iter()
                .map(|t| {
                    let country: Country = t.country.parse().map_err(|e| {
                        crate::error::AppError::Internal(anyhow::anyhow!("track country: {e}"))
                    })?;
                    due::track_marks(conn, &viewer, (t.id, country), cutoff.unwrap_or("9999"))
                })
                .collect::<AppResult<Vec<_>>>()?;
            Ok(Shown {
                c,
                histories,
                marks,
                reference: commitments::reference(conn)?,
                html: Default::default(),
            })
        })
        .await?;
    let tr = ui.tr;
    let body = shown
        .html
        .get_or_init(tr.lang, || {
            body(tr, &user, &shown, &rq, &filter, paging).into_string()
        })
        .clone();
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::Commitments,
        &shown.c.code,
        PreEscaped(body),
    ))
}

fn body(
    tr: Tr,
    user: &User,
    shown: &Shown,
    rq: &ReportQuery,
    filter: &TrackFilter,
    paging: Paging,
) -> Markup {
    let Shown {
        c,
        histories,
        marks,
        reference,
        ..
    } = shown;
    let day = filter.day();
    let doc = reference.documents.iter().find(|d| d.code == c.document);
    let pillar = Pillar::try_from(c.pillar).ok();
    let here = format!("/commitments/{}", c.id);
    // The address of one track's whole history, at the same as-of day.
    let whole = |track: i64| {
        let mut p = rq.pairs();
        p.push(("all", track.to_string()));
        p
    };
    html! {
        p.muted { a href=(with_query("/commitments", &rq.pairs())) { (tr.t("commitments-title")) } " › " (c.code) }
        h1 { (c.code) " " (layout::localized(tr, &c.title, &c.title_ru)) (illustrative_badge(tr, c)) }
        (layout::as_of_banner(tr, filter, &format!("/commitments/{}", c.id), rq))
        @if let Some((lang, other)) = layout::other_language(tr, &c.title, &c.title_ru) {
            p.lead lang=(lang.code()) { (other) }
        }
        table {
            tbody {
                tr { th scope="row" { (tr.t("label-document")) } td { (doc.map_or(c.document.as_str(), |d| d.title(tr.lang))) } }
                tr { th scope="row" { (tr.t("label-pillar")) } td { @if let Some(p) = pillar { (p.roman()) ". " } (reference.pillar_name(c.pillar, tr.lang)) } }
                tr { th scope="row" { (tr.t("label-theme")) } td { (reference.theme_name(&c.theme, tr.lang)) } }
                tr { th scope="row" { (tr.t("label-target-year")) } td { (c.target_year)
                    @if past_target(day, c.target_year) && c.tracks.iter().any(|t| !t.status.is_complete()) {
                        " " (layout::past_target_badge(tr, c.target_year))
                    } } }
            }
        }
        (timeline(tr, c, marks, filter))
        @if c.illustrative {
            p.hint { (tr.t("illustrative-hint")) }
        }
        h2 { (tr.t("col-tracks")) }
        @for (t, history) in c.tracks.iter().zip(histories) {
            @let country: Country = t.country.parse().unwrap_or(Country::REG);
            section id={"track-" (t.id)} {
                h3 { (country.name(tr.lang)) " — " (layout::status_badge(tr, t.status))
                    @if let Some(p) = &t.last_accepted_period { " " span.muted { "(" (tr.t_args("latest-report", &[("period", p.as_str().into())])) ")" } }
                    @if past_target(day, c.target_year) && !t.status.is_complete() { " " (layout::past_target_badge(tr, c.target_year)) } }
                @if policy::can_write_track(user, country) {
                    p { a.button href={"/tracks/" (t.id) "/updates/new"} { (tr.t("log-progress")) span.visually-hidden { " " (tr.t_args("for-what", &[("what", country.name(tr.lang).into())])) } } }
                }
                @let anchor = format!("#track-{}", t.id);
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
                        (paging::pager(tr, paging, *total, &here, &whole(t.id), &anchor))
                    }
                }
            }
        }
    }
}

/// The commitment's ten years: a lane per track with its reports.
fn timeline(tr: Tr, c: &Commitment, marks: &[Vec<Mark>], f: &TrackFilter) -> Markup {
    let statuses = TrackStatus::ALL.map(|s| tr.t(s.label_id()));
    let lanes: Vec<Lane> = c
        .tracks
        .iter()
        .zip(marks)
        .map(|(t, m)| Lane {
            label: t
                .country
                .parse::<Country>()
                .map_or_else(|_| t.country.clone(), |c| c.name(tr.lang).to_owned()),
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
            },
        ))
        p.hint.timeline-key {
            span aria-hidden="true" { "┆ " } (target) ": " (c.target_year) " · "
            span aria-hidden="true" { "│ " } (today_w) ": " (day) " · "
            span aria-hidden="true" { "○ " } (in_review)
        }
    }
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
    let status = TrackStatus::Reported(u.status);
    // The page's language first; both are always accounted for.
    let order = match tr.lang {
        Lang::En => [(Lang::En, &u.narrative_en), (Lang::Ru, &u.narrative_ru)],
        Lang::Ru => [(Lang::Ru, &u.narrative_ru), (Lang::En, &u.narrative_en)],
    };
    html! {
        li class=(u.state.as_str()) {
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
