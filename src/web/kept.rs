//! No lost text, in the browser. A form that arrives after its session has
//! ended is kept on the server (`services::kept`); the browser holds its key
//! in a cookie and is sent to sign in, then back to the form's page, which
//! shows the form filled in again, with a word to check it and send it.
//! Nothing kept is sent by itself, and a form sent twice is answered once
//! (its `form_id`, see `domain::FormId`).

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::AppState;
use super::forms::{ValidForm, parse_id};
use super::identity::Sender;
use crate::db::kept::KEPT_FOR;
use crate::domain::User;
use crate::error::{AppError, AppResult};
use crate::services;

const KEPT_COOKIE: &str = "jpoa_kept";

/// A form whose text can be kept: each field cut at the length its form
/// allows (a browser types no more), so that what anyone may send without
/// a session stays small.
pub trait Keepable: Serialize + DeserializeOwned {
    fn bounded(self) -> Self;

    /// Whom the form was shown to, as it says. Trusting it is safe: it
    /// decides only who may have back what this very browser sent.
    fn owner(&self) -> Option<i64>;
}

/// At most `max` characters of `s`.
pub fn cut(s: &mut String, max: usize) {
    if let Some((at, _)) = s.char_indices().nth(max) {
        s.truncate(at);
    }
}

fn key(jar: &CookieJar) -> Option<String> {
    jar.get(KEPT_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|k| !k.is_empty() && k.len() <= 128)
}

/// Whether this browser holds text kept from a session that ended.
pub fn holds_kept(jar: &CookieJar) -> bool {
    key(jar).is_some()
}

/// A form and who sent it, signed in. A browser whose session has ended
/// gets the form kept and is sent to sign in (the rejection); a client
/// whose bearer token does not work gets 401. The form is as read: who may
/// send it is for the handler to settle before looking at it.
pub struct SignedForm<T>(pub User, pub Result<ValidForm<T>, AppError>);

impl<T: Keepable + Send> FromRequest<AppState> for SignedForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let sender = Sender::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let page = form_page(parts.uri.path());
        let jar = CookieJar::from_headers(&parts.headers);
        let form = ValidForm::<T>::from_request(Request::from_parts(parts, body), state).await;
        match sender {
            Sender::Person(user) => Ok(SignedForm(user, form)),
            Sender::SessionEnded { former } => {
                let form = form.ok().map(|ValidForm(f)| f);
                // The server may have forgotten the ended session already.
                let former = former.or_else(|| form.as_ref().and_then(Keepable::owner));
                let answer = keep_and_sign_in(state, jar, former, page, form).await;
                Err(answer.unwrap_or_else(IntoResponse::into_response))
            }
        }
    }
}

/// The page a form is filled in on, from the address it is sent to:
/// `/tracks/{id}/updates` from `…/new`, a comment from the update's page,
/// the others from the page of the same address. None when the id names
/// nothing.
fn form_page(path: &str) -> Option<String> {
    let (head, last) = path.rsplit_once('/')?;
    parse_id(head.rsplit('/').next()?).ok()?;
    match last {
        "updates" => Some(format!("{path}/new")),
        "comments" => Some(head.to_owned()),
        _ => Some(path.to_owned()),
    }
}

/// A form sent after its session ended, for `page` (none when its address
/// names nothing): its text is kept for `former` (whose session it was, if
/// known, or whom the form was shown to) and the browser is sent to sign in, then back to `page`. A form
/// that could not be read is not kept.
async fn keep_and_sign_in<T: Keepable>(
    state: &AppState,
    jar: CookieJar,
    former: Option<i64>,
    page: Option<String>,
    form: Option<T>,
) -> AppResult<Response> {
    let Some(page) = page else {
        return Ok(AppError::SignInRequired { next: "/".into() }.into_response());
    };
    let mut jar = jar;
    if let Some(form) = form {
        let fields =
            serde_json::to_string(&form.bounded()).map_err(|e| AppError::Internal(e.into()))?;
        let kept = services::kept::keep(&state.db, page.clone(), former, fields, key(&jar)).await?;
        if let Some(k) = kept {
            jar = jar.add(kept_cookie(state, k));
        }
    }
    Ok((jar, AppError::SignInRequired { next: page }).into_response())
}

/// The key's cookie, for as long as the server keeps the form (so that a
/// browser closed meanwhile still brings it back).
fn kept_cookie(state: &AppState, key: String) -> Cookie<'static> {
    let mut c = Cookie::build((KEPT_COOKIE, key))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.secure_cookies())
        .build();
    // Through text, as the cookie crate's own durations are not ours to name.
    if let Ok(with_age) = Cookie::parse(format!("{c}; Max-Age={}", KEPT_FOR.as_secs())) {
        c = with_age.into_owned();
    }
    c
}

/// The form this browser kept for `page` for `user`, else `fresh()`, and
/// whether it was kept.
pub async fn take_or<T: Keepable>(
    state: &AppState,
    jar: CookieJar,
    user: &User,
    page: String,
    fresh: impl FnOnce() -> T,
) -> AppResult<(CookieJar, T, bool)> {
    let (jar, kept) = take(state, jar, user, page).await?;
    let was_kept = kept.is_some();
    Ok((jar, kept.unwrap_or_else(fresh), was_kept))
}

/// The form this browser kept for `page`, if it was kept for `user` (or
/// for nobody known): given once, and the cookie goes with it.
pub async fn take<T: Keepable>(
    state: &AppState,
    jar: CookieJar,
    user: &User,
    page: String,
) -> AppResult<(CookieJar, Option<T>)> {
    let Some(k) = key(&jar) else {
        return Ok((jar, None));
    };
    let fields = services::kept::take(&state.db, user, k, page).await?;
    match fields.and_then(|f| serde_json::from_str(&f).ok()) {
        Some(form) => Ok((
            jar.remove(Cookie::build(KEPT_COOKIE).path("/").build()),
            Some(form),
        )),
        None => Ok((jar, None)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_form_is_kept_for_the_page_it_is_filled_in_on() {
        for (sent_to, page) in [
            ("/tracks/12/updates", Some("/tracks/12/updates/new")),
            ("/updates/7/comments", Some("/updates/7")),
            ("/updates/7/revise", Some("/updates/7/revise")),
            ("/updates/7/edit", Some("/updates/7/edit")),
            ("/updates/x/edit", None),
            ("/tracks/0/updates", None),
            ("/tracks/9999999999999999999999/updates", None),
        ] {
            assert_eq!(super::form_page(sent_to).as_deref(), page, "{sent_to}");
        }
    }
}
