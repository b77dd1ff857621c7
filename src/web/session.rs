//! Signing in and out, the current user, and one-time password links
//! (the first administrator's setup link and invitations).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use maud::{Markup, html};
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::forms::{ValidForm, ValidPath, ValidQuery};
use super::language::Ui;
use super::layout::{self, Nav};
use super::routes::Routes;
use crate::auth::{password, secret};
use crate::db::audit::Actor;
use crate::db::users::{self, NewUser, SessionKind};
use crate::domain::Msg;
use crate::domain::User;
use crate::domain::{Email, Password, PersonName, Role};
use crate::error::{AppError, AppResult};

pub fn cookie_name() -> &'static str {
    "jpoa_session"
}

pub fn router() -> Routes {
    Routes::new()
        .get("/login", login_page)
        .post("/login", login)
        .post("/logout", logout)
        .get("/setup/{token}", setup_page)
        .post("/setup/{token}", setup)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// The user behind an API token or a session cookie, if any.
pub async fn authenticate(state: &AppState, parts: &Parts) -> AppResult<Option<User>> {
    let (token, kind) = if let Some(t) = bearer(&parts.headers) {
        (t.to_owned(), SessionKind::Api)
    } else if let Some(c) = CookieJar::from_headers(&parts.headers).get(cookie_name()) {
        (c.value().to_owned(), SessionKind::Cookie)
    } else {
        return Ok(None);
    };
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let hash = secret::hash(&token);
    let stored = state
        .db
        .read_kept(&state.memos.sessions, (hash.clone(), kind), move |conn| {
            users::session(conn, &hash, kind)
        })
        .await?;
    let found = stored
        .as_ref()
        .as_ref()
        .and_then(|s| s.live(kind, chrono::Utc::now()));
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

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
}

fn login_form(ui: &Ui, email: &str, next: &str, error: Option<&str>) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        None,
        Nav::None,
        &tr.t("sign-in"),
        html! {
            h1 { (tr.t("sign-in")) }
            (layout::form_error(tr, error))
            form.stack method="post" action="/login" {
                input type="hidden" name="next" value=(next);
                div.field {
                    label for="email" { (tr.t("label-email")) }
                    input #email type="email" name="email" value=(email) autocomplete="username" required aria-describedby=[error.map(|_| "form-error")];
                }
                div.field {
                    label for="password" { (tr.t("label-password")) }
                    input #password type="password" name="password" autocomplete="current-password" required aria-describedby=[error.map(|_| "form-error")];
                }
                button type="submit" { (tr.t("sign-in")) }
            }
            p.hint { (tr.t("sign-in-hint")) }
        },
    )
}

async fn login_page(ui: Ui, ValidQuery(q): ValidQuery<LoginQuery>) -> Markup {
    login_form(&ui, "", &safe_next(q.next.as_deref()), None)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
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
/// or the password wrong. Each failure counts against the account and the client address; past their
/// allowance it answers 429 without looking at the password.
pub async fn check_credentials(
    state: &AppState,
    from: &ClientAddr,
    email: &str,
    password_text: String,
) -> AppResult<Option<i64>> {
    if let Err(retry_after) = state.sign_ins.check(email, from.0) {
        tracing::warn!(address = %from.0, "sign-in throttled");
        return Err(AppError::Throttled { retry_after });
    }
    let key = email.to_owned();
    let found = state
        .db
        .read(move |conn| users::credentials(conn, &key))
        .await?;
    let (id, hash) = match found {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    let ok = password::verify(password_text, hash).await?;
    if !(ok && id.is_some()) {
        state.sign_ins.failed(email, from.0);
    }
    Ok(id.filter(|_| ok))
}

async fn login(
    State(state): State<AppState>,
    ui: Ui,
    from: ClientAddr,
    jar: CookieJar,
    ValidForm(f): ValidForm<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(f.next.as_deref());
    let checked = match check_credentials(&state, &from, &f.email, f.password).await {
        Err(e @ AppError::Throttled { .. }) => {
            let page = login_form(&ui, &f.email, &next, Some(&e.message_in(ui.tr)));
            return Ok(e.with_headers((e.status(), page).into_response()));
        }
        other => other?,
    };
    let Some(user_id) = checked else {
        let email = f.email.clone();
        state
            .db
            .write(move |tx| users::record_failed_sign_in(tx, &email, from.0))
            .await?;
        let page = login_form(&ui, &f.email, &next, Some(&ui.tr.t("sign-in-failed")));
        return Ok((axum::http::StatusCode::UNAUTHORIZED, page).into_response());
    };
    let old = jar.get(cookie_name()).map(|c| c.value().to_owned());
    // A fresh session id at every sign-in; any session the browser had ends.
    let token = state
        .db
        .write(move |tx| {
            if let Some(old) = old {
                users::end_session(tx, &old)?;
            }
            users::start_session(tx, user_id, SessionKind::Cookie, from.0)
        })
        .await?;
    Ok((jar.add(session_cookie(&state, token)), Redirect::to(&next)).into_response())
}

async fn logout(State(state): State<AppState>, jar: CookieJar) -> AppResult<Response> {
    if let Some(c) = jar.get(cookie_name()) {
        let token = c.value().to_owned();
        state
            .db
            .write(move |tx| users::end_session(tx, &token))
            .await?;
    }
    let gone = Cookie::build((cookie_name(), "")).path("/").build();
    Ok((jar.remove(gone), Redirect::to("/login")).into_response())
}

/// The page behind a one-time link: the first administrator's account, or
/// an invited person choosing their password.
async fn setup_page(
    State(state): State<AppState>,
    ui: Ui,
    ValidPath(token): ValidPath,
) -> AppResult<Markup> {
    let t = token.clone();
    let (purpose, account) = state
        .db
        .read(move |conn| {
            let purpose = users::password_token(conn, &t)?;
            let account = match purpose {
                Some(Some(id)) => Some(users::get(conn, id)?),
                _ => None,
            };
            Ok((purpose, account))
        })
        .await?;
    match purpose {
        None => Err(AppError::forbidden(Msg::new("err-link-expired"))),
        Some(None) => Ok(setup_form(&ui, &token, None, None, "", "")),
        Some(Some(_)) => Ok(setup_form(
            &ui,
            &token,
            account.as_ref().map(|a| &a.user),
            None,
            "",
            "",
        )),
    }
}

fn setup_form(
    ui: &Ui,
    token: &str,
    invited: Option<&User>,
    err: Option<&AppError>,
    email: &str,
    name: &str,
) -> Markup {
    let tr = ui.tr;
    let error = err.map(|e| e.message_in(tr));
    // A field the error is about points at the message and says it is invalid.
    let bad = |field: &str| layout::invalid(err, field);
    let described = |field: &str, hint: Option<&'static str>| match (bad(field), hint) {
        (Some(_), Some(h)) => Some(format!("form-error {h}")),
        (Some(_), None) => Some("form-error".to_owned()),
        (None, h) => h.map(str::to_owned),
    };
    let title = if invited.is_some() {
        tr.t("setup-title-invited")
    } else {
        tr.t("setup-title-admin")
    };
    layout::page(
        ui,
        None,
        Nav::None,
        &title,
        html! {
            h1 { (title) }
            @if let Some(u) = invited {
                p { (tr.t_args("setup-welcome", &[("name", u.name.as_str().into()), ("email", u.email.as_str().into())])) }
            } @else {
                p { (tr.t("setup-admin-intro")) }
            }
            (layout::form_error(tr, error.as_deref()))
            form.stack method="post" action={"/setup/" (token)} {
                @if invited.is_none() {
                    div.field {
                        label for="name" { (tr.t("label-your-name")) }
                        input #name type="text" name="name" value=(name) required maxlength="200" autocomplete="name" aria-invalid=[bad("name")] aria-describedby=[described("name", None)];
                    }
                    div.field {
                        label for="email" { (tr.t("label-email")) }
                        input #email type="email" name="email" value=(email) required autocomplete="username" aria-invalid=[bad("email")] aria-describedby=[described("email", None)];
                    }
                }
                div.field {
                    label for="password" { (tr.t("label-password")) }
                    p.hint #password-hint { (tr.t_args("password-hint", &[("min", crate::domain::PASSWORD_MIN.into())])) }
                    input #password type="password" name="password" required minlength="12" autocomplete="new-password" aria-invalid=[bad("password")] aria-describedby=[described("password", Some("password-hint"))];
                }
                div.field {
                    label for="password2" { (tr.t("label-password-again")) }
                    input #password2 type="password" name="password2" required minlength="12" autocomplete="new-password" aria-invalid=[bad("password2")] aria-describedby=[described("password2", None)];
                }
                button type="submit" { (tr.t("setup-submit")) }
            }
        },
    )
}

#[derive(Deserialize)]
struct SetupForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
}

async fn setup(
    State(state): State<AppState>,
    ui: Ui,
    from: ClientAddr,
    jar: CookieJar,
    ValidPath(token): ValidPath,
    ValidForm(f): ValidForm<SetupForm>,
) -> AppResult<Response> {
    let t = token.clone();
    let purpose = state
        .db
        .read(move |conn| users::password_token(conn, &t))
        .await?;
    let Some(purpose) = purpose else {
        return Err(AppError::forbidden(Msg::new("err-link-expired")));
    };
    let invited = match purpose {
        Some(id) => {
            let a = state.db.read(move |conn| users::get(conn, id)).await?;
            Some(a.user)
        }
        None => None,
    };
    let checked = (|| -> AppResult<(Option<NewUser>, Password)> {
        let new_admin = if invited.is_none() {
            let name =
                PersonName::parse(f.name.trim()).map_err(|e| AppError::invalid("name", e))?;
            let email = Email::parse(&f.email).map_err(|e| AppError::invalid("email", e))?;
            Some(NewUser::new(email, name, Role::Admin, None)?)
        } else {
            None
        };
        let own: Vec<&str> = match (&invited, &new_admin) {
            (Some(u), _) => vec![u.email.as_str(), u.name.as_str()],
            (None, Some(a)) => vec![a.email.as_str(), a.name.as_str()],
            (None, None) => vec![],
        };
        let pw =
            Password::parse_new(&f.password, &own).map_err(|e| AppError::invalid("password", e))?;
        if f.password != f.password2 {
            return Err(AppError::Invalid {
                field: Some("password2"),
                message: Msg::new("err-passwords-differ"),
            });
        }
        Ok((new_admin, pw))
    })();
    let (new_admin, pw) = match checked {
        Ok(v) => v,
        Err(e @ AppError::Invalid { .. }) => {
            let page = setup_form(&ui, &token, invited.as_ref(), Some(&e), &f.email, &f.name);
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
        Err(e) => return Err(e),
    };
    let hash = password::hash(pw).await?;
    let token_again = token.clone();
    let invitee = invited.clone();
    let result = state
        .db
        .write(move |tx| {
            let purpose = users::use_password_token(tx, &token)?;
            let user_id = match (purpose, new_admin) {
                (Some(id), _) => {
                    let actor = invitee
                        .as_ref()
                        .map_or(Actor::System("password link"), Actor::User);
                    users::set_password(tx, actor, id, &hash)?;
                    id
                }
                (None, Some(admin)) => {
                    users::create(tx, Actor::System("setup link"), &admin, &hash)?
                }
                (None, None) => return Err(AppError::NotFound),
            };
            users::start_session(tx, user_id, SessionKind::Cookie, from.0)
        })
        .await;
    match result {
        Ok(session) => {
            let to = if invited.is_some() {
                "/"
            } else {
                "/admin/users?done=setup"
            };
            Ok((jar.add(session_cookie(&state, session)), Redirect::to(to)).into_response())
        }
        Err(e @ AppError::Invalid { .. }) => {
            let page = setup_form(
                &ui,
                &token_again,
                invited.as_ref(),
                Some(&e),
                &f.email,
                &f.name,
            );
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
