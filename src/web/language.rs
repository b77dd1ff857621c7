//! Which language a page speaks, and the switch in every page's header.
//!
//! The account's remembered preference comes first, then the `lang` cookie,
//! then the browser's Accept-Language; English when none of them says.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::AppState;
use super::forms::ValidForm;
use super::identity::{MaybeUser, safe_next};
use super::routes::Routes;
use crate::domain::{Lang, Tr, User};
use crate::error::{AppError, AppResult};

pub const COOKIE: &str = "lang";

pub fn router() -> Routes {
    Routes::new().post("/language", switch)
}

/// The language of a request that has no signed-in preference.
fn browser_lang(headers: &HeaderMap) -> Lang {
    CookieJar::from_headers(headers)
        .get(COOKIE)
        .and_then(|c| c.value().parse().ok())
        .unwrap_or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map_or(Lang::En, Lang::from_accept_language)
        })
}

pub fn negotiate(user: Option<&User>, headers: &HeaderMap) -> Lang {
    user.and_then(|u| u.lang)
        .unwrap_or_else(|| browser_lang(headers))
}

/// What a page needs to speak to the person: the language, and where the
/// language switch should bring them back to.
#[derive(Debug, Clone)]
pub struct Ui {
    pub tr: Tr,
    pub here: String,
    /// The signed-in person's unread notifications, for the header.
    pub unread: i64,
}

/// The unread count the request middleware found, for [`Ui`].
#[derive(Debug, Clone, Copy)]
pub struct Unread(pub i64);

impl Ui {
    /// Set by the request middleware from [`negotiate`].
    pub fn from_parts(parts: &Parts) -> Ui {
        let tr = parts
            .extensions
            .get::<Tr>()
            .copied()
            .unwrap_or_else(|| Tr::new(browser_lang(&parts.headers)));
        Ui {
            tr,
            here: here(parts),
            unread: parts.extensions.get::<Unread>().map_or(0, |u| u.0),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ui {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Ui::from_parts(parts))
    }
}

/// The page to come back to after switching: this address for a page that
/// was fetched, else (a form that was posted) the page the form was on.
fn here(parts: &Parts) -> String {
    if matches!(parts.method, Method::GET | Method::HEAD) {
        let p = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        return safe_next(Some(p));
    }
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let from = parts
        .headers
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.split_once("://"))
        .and_then(|(_, rest)| {
            let (h, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            (Some(h) == host).then_some(path)
        });
    safe_next(from)
}

/// The cookie that remembers the choice for a year, signed in or not.
fn cookie(state: &AppState, lang: Lang) -> String {
    let secure = if state.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}",
        lang.code()
    )
}

#[derive(Deserialize)]
struct SwitchForm {
    #[serde(default)]
    lang: String,
    next: Option<String>,
}

/// Remembers the choice in a cookie, and on the account when signed in.
async fn switch(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ValidForm(f): ValidForm<SwitchForm>,
) -> AppResult<Response> {
    let lang: Lang = f.lang.parse().map_err(|e| AppError::invalid("lang", e))?;
    if let Some(u) = user
        && u.lang != Some(lang)
    {
        crate::services::accounts::set_language(&state.db, &u, lang).await?;
    }
    let to = safe_next(f.next.as_deref());
    Ok((
        [(header::SET_COOKIE, cookie(&state, lang))],
        Redirect::to(&to),
    )
        .into_response())
}
