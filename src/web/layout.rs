//! The page frame and small shared components. maud escapes every value.

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, html};

use super::AppState;
use crate::db::users::User;
use crate::domain::{Role, Status, TrackStatus, UpdateState};

const CSS: &str = include_str!("assets/style.css");

/// The stylesheet's address, named by a hash of its content so that it can
/// be cached for a year and still change with a new release.
fn css_path() -> &'static str {
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

pub fn router() -> Router<AppState> {
    Router::new().route("/assets/{file}", get(stylesheet))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Dashboard,
    Commitments,
    Review,
    MyUpdates,
    Reports,
    Admin,
    None,
}

fn nav_items(user: &User) -> Vec<(Nav, &'static str, &'static str)> {
    let mut items = vec![
        (Nav::Dashboard, "/", "Dashboard"),
        (Nav::Commitments, "/commitments", "Commitments"),
    ];
    if user.role.can_review() {
        items.push((Nav::Review, "/review", "Review queue"));
    }
    if user.role != Role::Donor {
        items.push((Nav::MyUpdates, "/my-updates", "My updates"));
    }
    items.push((Nav::Reports, "/reports", "Reports"));
    if user.role == Role::Admin {
        items.push((Nav::Admin, "/admin/users", "Accounts"));
    }
    items
}

/// The frame of every page.
pub fn page(user: Option<&User>, active: Nav, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · JPoA Tracker" }
                link rel="stylesheet" href=(css_path());
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    div.brand {
                        a href="/" { "JPoA Tracker" }
                        span.sub { "Central Asia · UN Global Counter-Terrorism Strategy · 2022–2031" }
                    }
                    @if let Some(u) = user {
                        nav aria-label="Main" {
                            ul {
                                @for (item, href, label) in nav_items(u) {
                                    li {
                                        @if item == active {
                                            a href=(href) aria-current="page" { (label) }
                                        } @else {
                                            a href=(href) { (label) }
                                        }
                                    }
                                }
                            }
                        }
                        div.who {
                            span { (u.name) " · " (u.role.label())
                                @if let Some(c) = u.country { " · " (c.name_en()) } }
                            form method="post" action="/logout" {
                                button.link type="submit" { "Sign out" }
                            }
                        }
                    }
                }
                main #main { (body) }
                footer.site {
                    p { "Records the commitments of the updated Joint Plan of Action for the implementation of the UN Global Counter-Terrorism Strategy in Central Asia (Tashkent, March 2022) and their progress." }
                }
            }
        }
    }
}

pub fn error_page(status: StatusCode, message: &str) -> Markup {
    let title = status.canonical_reason().unwrap_or("Error");
    page(
        None,
        Nav::None,
        title,
        html! {
            h1 { (title) }
            p.lead { (message) }
            p { a href="/" { "Go to the dashboard" } }
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
pub fn status_badge(s: TrackStatus) -> Markup {
    html! {
        span class={"status s-" (s.as_str())} {
            span aria-hidden="true" { (status_symbol(s)) " " } (s.label())
        }
    }
}

pub fn state_badge(s: UpdateState) -> Markup {
    html! { span class={"state st-" (s.as_str())} { (s.label()) } }
}

/// A notice under the heading, e.g. after a redirect.
pub fn notice(text: &str) -> Markup {
    html! { p.notice role="status" { (text) } }
}

pub fn form_error(msg: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = msg {
            div.error-summary role="alert" {
                p { strong { "Please correct this: " } (m) }
            }
        }
    }
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
