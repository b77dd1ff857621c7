//! The page frame (header, navigation, language switch, footer), error
//! pages and the stylesheet. The pieces pages share are in
//! `views::components`.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::language::Ui;
use super::routes::Routes;
use crate::domain::{Lang, Role, User};

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

/// The site's icon: bars of a chart, drawn as SVG (browsers ask for
/// `/favicon.ico` whatever the page says, and take SVG there too).
const ICON: &str = include_str!("assets/icon.svg");

async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ICON,
    )
        .into_response()
}

/// A private tracker asks not to be indexed.
async fn robots() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        "User-agent: *\nDisallow: /\n",
    )
        .into_response()
}

pub fn router() -> Routes {
    Routes::new()
        .get("/assets/{file}", stylesheet)
        .get("/favicon.ico", favicon)
        .get("/robots.txt", robots)
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
                meta name="description" content=(tr.t("app-description"));
                meta name="robots" content="noindex, nofollow";
                link rel="icon" href="/favicon.ico" type="image/svg+xml";
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
                            a #inbox-link href="/notifications" { (tr.t_args("inbox-nav", &[("n", ui.unread.into())])) }
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
