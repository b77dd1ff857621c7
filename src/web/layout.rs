//! The page frame and small shared components. maud escapes every value.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::language::Ui;
use super::routes::Routes;
use super::with_query;
use crate::db::tracks::TrackFilter;
use crate::domain::User;
use crate::domain::{HORIZON_END, HORIZON_START, Role, Status, TrackStatus, UpdateState};
use crate::domain::{Lang, Tr};
use crate::error::AppError;
use crate::reports::ReportQuery;

const CSS: &str = include_str!("assets/style.css");

/// The stylesheet's address, named by a hash of its content so that it can
/// be cached for a year and still change with a new release.
pub fn css_path() -> &'static str {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        use sha2::Digest;
        let hash = crate::auth::secret::hex(&sha2::Sha256::digest(CSS.as_bytes()));
        format!("/assets/style.{}.css", &hash[..12])
    })
}

async fn stylesheet(Path(file): Path<String>) -> Response {
    if format!("/assets/{file}") != css_path() {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        CSS,
    )
        .into_response()
}

pub fn router() -> Routes {
    Routes::new().get("/assets/{file}", stylesheet)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Dashboard,
    Commitments,
    Review,
    MyUpdates,
    Due,
    Reports,
    Admin,
    None,
}

fn nav_items(user: &User) -> Vec<(Nav, &'static str, &'static str)> {
    let mut items = vec![
        (Nav::Dashboard, "/", "nav-dashboard"),
        (Nav::Commitments, "/commitments", "nav-commitments"),
    ];
    if user.role().can_review() {
        items.push((Nav::Review, "/review", "nav-review"));
    }
    if user.role() != Role::Donor {
        items.push((Nav::MyUpdates, "/my-updates", "nav-my-updates"));
        items.push((Nav::Due, "/due", "nav-due"));
    }
    items.push((Nav::Reports, "/reports", "nav-reports"));
    if user.role() == Role::Admin {
        items.push((Nav::Admin, "/admin/users", "nav-accounts"));
    }
    items
}

/// The language switch: a small form per language, so that it works
/// without JavaScript and comes back to the same page.
fn language_switch(ui: &Ui) -> Markup {
    html! {
        div.lang-switch role="group" aria-label=(ui.tr.t("lang-switch-label")) {
            @for lang in Lang::ALL {
                @if lang == ui.tr.lang {
                    span.current lang=(lang.code()) aria-current="true" { (lang.native_name()) }
                } @else {
                    form method="post" action="/language" {
                        input type="hidden" name="next" value=(ui.here);
                        button.link type="submit" name="lang" value=(lang.code()) lang=(lang.code()) { (lang.native_name()) }
                    }
                }
            }
        }
    }
}

/// The frame of every page.
pub fn page(ui: &Ui, user: Option<&User>, active: Nav, title: &str, body: Markup) -> Markup {
    let tr = ui.tr;
    html! {
        (DOCTYPE)
        html lang=(tr.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (tr.t("app-name")) }
                link rel="stylesheet" href=(css_path());
            }
            body {
                a.skip href="#main" { (tr.t("skip-to-content")) }
                header.site {
                    div.brand {
                        a href="/" { (tr.t("app-name")) }
                        span.sub { (tr.t("app-tagline")) }
                    }
                    @if let Some(u) = user {
                        nav aria-label=(tr.t("nav-label")) {
                            ul {
                                @for (item, href, label) in nav_items(u) {
                                    li {
                                        @if item == active {
                                            a href=(href) aria-current="page" { (tr.t(label)) }
                                        } @else {
                                            a href=(href) { (tr.t(label)) }
                                        }
                                    }
                                }
                            }
                        }
                        div.who {
                            span { a href="/account" title=(tr.t("account-title")) { (u.name) } " · " (tr.t(u.role().label_id()))
                                @if let Some(c) = u.country() { " · " (c.name(tr.lang)) } }
                            form method="post" action="/logout" {
                                button.link type="submit" { (tr.t("sign-out")) }
                            }
                        }
                    }
                    (language_switch(ui))
                }
                main #main { (body) }
                footer.site {
                    p { a href="/guide" { (tr.t("guide-link")) } }
                    p { (tr.t("footer-text")) }
                }
            }
        }
    }
}

/// A 4xx or 5xx page; `status_title` of the status in the page's language.
pub fn error_page(ui: &Ui, status: StatusCode, message: &str) -> Markup {
    let tr = ui.tr;
    let title = match status.as_u16() {
        401 => tr.t("error-title-401"),
        403 => tr.t("error-title-403"),
        404 => tr.t("error-title-404"),
        409 => tr.t("error-title-409"),
        413 => tr.t("error-title-413"),
        422 => tr.t("error-title-422"),
        s if s >= 500 => tr.t("error-title-500"),
        _ => tr.t("error-title-other"),
    };
    page(
        ui,
        None,
        Nav::None,
        &title,
        html! {
            h1 { (title) }
            p.lead { (message) }
            p { a href="/" { (tr.t("error-go-dashboard")) } }
        },
    )
}

pub fn status_symbol(s: TrackStatus) -> &'static str {
    match s {
        TrackStatus::NoInformation => "?",
        TrackStatus::Reported(Status::NotStarted) => "○",
        TrackStatus::Reported(Status::Limited) => "◔",
        TrackStatus::Reported(Status::Substantial) => "◕",
        TrackStatus::Reported(Status::Complete) => "●",
    }
}

/// A status in words and symbol, never colour alone.
pub fn status_badge(tr: Tr, s: TrackStatus) -> Markup {
    html! {
        span class={"status s-" (s.as_str())} {
            span aria-hidden="true" { (status_symbol(s)) " " } (tr.t(s.label_id()))
        }
    }
}

pub fn state_badge(tr: Tr, s: UpdateState) -> Markup {
    html! { span class={"state st-" (s.as_str())} { (tr.t(s.label_id())) } }
}

/// A notice under the heading, e.g. after a redirect.
pub fn notice(text: &str) -> Markup {
    html! { p.notice role="status" { (text) } }
}

/// The error summary above a form (`#form-error`); fields it is about
/// point to it with [`invalid`].
pub fn form_error(tr: Tr, msg: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = msg {
            div.error-summary #form-error role="alert" {
                p { strong { (tr.t("form-error-lead")) " " } (m) }
            }
        }
    }
}

/// `Some("true")` when `err` is invalid input about `field`: the value of
/// its `aria-invalid`, next to `aria-describedby="form-error"`.
pub fn invalid(err: Option<&AppError>, field: &str) -> Option<&'static str> {
    match err {
        Some(AppError::Invalid { field: Some(f), .. }) if *f == field => Some("true"),
        _ => None,
    }
}

/// A text kept in both languages (a commitment's title) in the page's
/// language; when that one is empty, the other with a visible marker.
pub fn localized(tr: Tr, en: &str, ru: &str) -> Markup {
    let (mine, other, other_lang) = match tr.lang {
        Lang::En => (en, ru, Lang::Ru),
        Lang::Ru => (ru, en, Lang::En),
    };
    html! {
        @if !mine.trim().is_empty() || other.trim().is_empty() {
            (mine)
        } @else {
            span lang=(other_lang.code()) { (other) }
            " " span.untranslated { (tr.t("title-untranslated")) }
        }
    }
}

/// The same text in the other language, when there is one, for a second line.
pub fn other_language(tr: Tr, en: &str, ru: &str) -> Option<(Lang, String)> {
    let (mine, other, other_lang) = match tr.lang {
        Lang::En => (en, ru, Lang::Ru),
        Lang::Ru => (ru, en, Lang::En),
    };
    (!mine.trim().is_empty() && !other.trim().is_empty()).then(|| (other_lang, other.to_owned()))
}

/// Line breaks in stored text shown as line breaks, everything else escaped.
pub fn multiline(text: &str) -> Markup {
    html! {
        @for (i, line) in text.lines().enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

/// Timestamps as people read them: "2024-03-01 09:30 UTC".
pub fn when(ts: &str) -> String {
    match ts.get(..16) {
        Some(s) => format!("{} UTC", s.replacen('T', " ", 1)),
        None => ts.to_owned(),
    }
}

/// Says, on a page looked at as of a past day, that it is not today's
/// record, with the way back to today (same filters otherwise).
pub fn as_of_banner(tr: Tr, f: &TrackFilter, path: &str, q: &ReportQuery) -> Markup {
    let Some(day) = f.as_of else {
        return html! {};
    };
    let today: Vec<(&str, String)> = q
        .pairs()
        .into_iter()
        .filter(|(k, _)| *k != "as_of")
        .collect();
    html! {
        p.as-of-banner role="status" {
            (tr.t_args("asof-banner", &[("day", day.day().to_string().into())]))
            " " a href=(with_query(path, &today)) { (tr.t("asof-back-today")) }
        }
    }
}

/// Quick choices for `as_of`: the end of each year of the horizon that is
/// over, and today.
pub fn as_of_years(tr: Tr, path: &str, q: &ReportQuery, f: &TrackFilter) -> Markup {
    let this_year = chrono::Datelike::year(&chrono::Utc::now().date_naive());
    let rest: Vec<(&str, String)> = q
        .pairs()
        .into_iter()
        .filter(|(k, _)| *k != "as_of")
        .collect();
    let link = |as_of: Option<String>| {
        let mut pairs = rest.clone();
        if let Some(a) = as_of {
            pairs.push(("as_of", a));
        }
        with_query(path, &pairs)
    };
    let chosen = f.as_of.map(|a| a.day().to_string());
    html! {
        nav.as-of-years aria-label=(tr.t("asof-years")) {
            span.hint { (tr.t("asof-years")) ": " }
            ul {
                @for year in HORIZON_START..=HORIZON_END {
                    @if i32::from(year) < this_year {
                        @let day = format!("{year}-12-31");
                        li { a href=(link(Some(day.clone()))) aria-current=[(chosen.as_deref() == Some(day.as_str())).then_some("true")] { (year) } }
                    }
                }
                li { a href=(link(None)) aria-current=[chosen.is_none().then_some("true")] { (tr.t("asof-today")) } }
            }
        }
    }
}

/// A commitment's target year has passed and this track is not complete.
pub fn past_target_badge(tr: Tr, year: i64) -> Markup {
    html! {
        span.past-target title=(tr.t("past-target-hint")) {
            span aria-hidden="true" { "⚑ " } (tr.t_args("past-target", &[("year", year.into())]))
        }
    }
}
