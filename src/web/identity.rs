//! Who is asking: the session cookie or API token behind a request and the
//! extractors built on it, the client's address, the session cookie handed
//! out, and the password check that signing in and changing a password
//! share. Pages, the API and the middleware all start here.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use super::AppState;
use crate::auth::secret;
use crate::auth::throttle::Attempt;
use crate::db::users::{self, SessionKind};
use crate::domain::User;
use crate::error::{AppError, AppResult};
use crate::telemetry::{self, SignIn};

pub fn cookie_name() -> &'static str {
    "jpoa_session"
}

/// The token of an `Authorization: Bearer TOKEN` header; the scheme's name
/// is case-insensitive (RFC 9110).
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The secret a request presents: its API token, or else its session cookie.
pub fn presented(headers: &HeaderMap) -> Option<(String, SessionKind)> {
    let (token, kind) = if let Some(t) = bearer(headers) {
        (t.to_owned(), SessionKind::Api)
    } else if let Some(c) = CookieJar::from_headers(headers).get(cookie_name()) {
        (c.value().to_owned(), SessionKind::Cookie)
    } else {
        return None;
    };
    (!token.is_empty() && token.len() <= 128).then_some((token, kind))
}

/// The user behind an API token or a session cookie, if any.
pub async fn authenticate(state: &AppState, parts: &Parts) -> AppResult<Option<User>> {
    let Some((token, kind)) = presented(&parts.headers) else {
        return Ok(None);
    };
    let stored = stored_session(state, &token, kind).await?;
    let found = stored
        .as_ref()
        .as_ref()
        .and_then(|s| s.live(kind, chrono::Utc::now(), &state.settings.sessions()));
    Ok(match found {
        Some((user, stale)) => {
            if stale {
                state
                    .db
                    .write(move |tx| users::touch_session(tx, &token))
                    .await?;
            }
            Some(user)
        }
        None => None,
    })
}

/// The session this secret opens as stored, live or not.
async fn stored_session(
    state: &AppState,
    token: &str,
    kind: SessionKind,
) -> AppResult<std::sync::Arc<Option<users::Session>>> {
    let hash = secret::hash(token);
    state
        .db
        .read_kept(&state.memos.sessions, (hash.clone(), kind), move |conn| {
            users::session(conn, &hash, kind)
        })
        .await
}

/// Who sends a form: a signed-in person, or a browser whose session ended
/// while the form was open, with whose it was if the server still knows.
pub enum Sender {
    Person(User),
    SessionEnded { former: Option<i64> },
}

impl FromRequestParts<AppState> for Sender {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(u) = signed_in(state, parts).await? {
            return Ok(Sender::Person(u));
        }
        if bearer(&parts.headers).is_some() {
            return Err(AppError::Unauthorized);
        }
        let former = match presented(&parts.headers) {
            Some((token, kind)) => stored_session(state, &token, kind)
                .await?
                .as_ref()
                .as_ref()
                .map(|s| s.user.id),
            None => None,
        };
        Ok(Sender::SessionEnded { former })
    }
}

/// Who the request middleware found signed in, so that the session is
/// looked up once per request.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Option<User>);

/// The signed-in user, if any.
pub async fn signed_in(state: &AppState, parts: &Parts) -> AppResult<Option<User>> {
    match parts.extensions.get::<Authenticated>() {
        Some(Authenticated(u)) => Ok(u.clone()),
        None => authenticate(state, parts).await,
    }
}

/// The signed-in user, or nobody; for what anyone may do.
pub struct MaybeUser(pub Option<User>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        signed_in(state, parts).await.map(MaybeUser)
    }
}

/// A signed-in user. Browsers without a session are sent to sign in;
/// a client that sent a bearer token that does not work gets 401.
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        match signed_in(state, parts).await? {
            Some(u) => Ok(CurrentUser(u)),
            None if bearer(&parts.headers).is_some() => Err(AppError::Unauthorized),
            None => Err(AppError::SignInRequired {
                next: parts
                    .uri
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_owned(),
            }),
        }
    }
}

pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((cookie_name(), token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.secure_cookies())
        .build()
}

/// Only a path on this site; anything else would make the sign-in page an
/// open redirect.
pub fn safe_next(next: Option<&str>) -> String {
    // Browsers drop tabs and newlines from a URL, so "/\t/evil.example" would
    // still leave the site: only plain visible ASCII is let through.
    let plain = |n: &str| n.bytes().all(|b| b.is_ascii_graphic()) && !n.contains('\\');
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && n.len() <= 2000 && plain(n) => {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// The address the request came from, as the connection says; one
/// unspecified address for all when the server was started without it.
pub struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip()),
        ))
    }
}

/// The account whose email and password these are, if they match: the same
/// answer, and about the same time, whether the account is unknown, inactive
/// or the password wrong. Each failure counts against the account and the
/// client address; past their allowance it answers 429 without looking at
/// the password.
pub async fn check_credentials(
    state: &AppState,
    from: &ClientAddr,
    email: &str,
    password_text: String,
) -> AppResult<Option<i64>> {
    Ok(check_password(state, from, email, password_text)
        .await?
        .map(|(id, attempt)| {
            attempt.succeeded();
            id
        }))
}

/// As [`check_credentials`], with the attempt still counted as in flight
/// when the password is right: a code that comes with it settles it.
pub async fn check_password<'a>(
    state: &'a AppState,
    from: &ClientAddr,
    email: &str,
    password_text: String,
) -> AppResult<Option<(i64, Attempt<'a>)>> {
    let attempt = begin_attempt(state, from, email)?;
    let key = email.to_owned();
    let found = state
        .db
        .read(move |conn| users::credentials(conn, &key))
        .await?;
    let (id, hash) = match found {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    let ok = match state.passwords.verify(password_text, hash).await {
        Ok(ok) => ok,
        Err(e) => {
            // Refused at the bound, nothing was guessed: the place is given
            // back uncounted.
            if matches!(e, AppError::Busy { .. }) {
                attempt.withdrawn();
            }
            return Err(e);
        }
    };
    match id.filter(|_| ok) {
        Some(id) => Ok(Some((id, attempt))),
        None => {
            attempt.failed();
            Ok(None)
        }
    }
}

/// A place for a guess (a password or a code) against the account and the
/// client address, or 429 when their allowance is spent.
pub fn begin_attempt<'a>(
    state: &'a AppState,
    from: &ClientAddr,
    email: &str,
) -> AppResult<Attempt<'a>> {
    state.sign_ins.begin(email, from.0).map_err(|retry_after| {
        tracing::warn!(address = %from.0, "sign-in throttled");
        telemetry::sign_in(SignIn::Throttled);
        AppError::Throttled { retry_after }
    })
}

/// Settles a guess at a code by its outcome: a wrong code counts as a
/// failed sign-in.
pub fn settle(attempt: Attempt<'_>, right: bool) {
    if right {
        attempt.succeeded();
    } else {
        attempt.failed();
    }
}
