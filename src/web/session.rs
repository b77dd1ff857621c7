//! Signing in and out, and one-time password links (the first
//! administrator's setup link and invitations).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use maud::Markup;
use serde::Deserialize;

use super::error::HttpError;
use super::forms::{ValidForm, ValidPath, ValidQuery};
use super::identity::{
    ClientAddr, begin_attempt, check_password, cookie_name, safe_next, session_cookie, settle,
};
use super::kept::holds_kept;
use super::language::Ui;
use super::routes::Routes;
use super::views::session::{self as view, SetupPage};
use super::{AppState, CurrentUser};
use crate::db::users::{self, NewUser, SessionKind};
use crate::domain::{Email, Msg, Password, PersonName, Role, User};
use crate::error::{AppError, AppResult};
use crate::services;
use crate::services::sessions::{SignIn, SignedIn};

pub fn router() -> Routes {
    Routes::new()
        .get("/login", login_page)
        .post("/login", login)
        .get("/login/code", code_page)
        .post("/login/code", code)
        .post("/logout", logout)
        .post("/logout/everywhere", logout_everywhere)
        .get("/setup/{token}", setup_page)
        .post("/setup/{token}", setup)
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
}

async fn login_page(ui: Ui, jar: CookieJar, ValidQuery(q): ValidQuery<LoginQuery>) -> Markup {
    let next = safe_next(q.next.as_deref());
    view::sign_in(&ui, "", &next, None, holds_kept(&jar))
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    ui: Ui,
    from: ClientAddr,
    jar: CookieJar,
    ValidForm(f): ValidForm<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(f.next.as_deref());
    let checked = match check_password(&state, &from, &f.email, f.password).await {
        Err(e @ (AppError::Throttled { .. } | AppError::Busy { .. })) => {
            let error = e.message_in(ui.tr);
            let page = view::sign_in(&ui, &f.email, &next, Some(&error), holds_kept(&jar));
            return Ok(e.with_headers((e.status(), page).into_response()));
        }
        other => other?,
    };
    let Some((user_id, attempt)) = checked else {
        services::sessions::sign_in_failed(&state.db, &f.email, from.0).await?;
        let error = ui.tr.t("sign-in-failed");
        let page = view::sign_in(&ui, &f.email, &next, Some(&error), holds_kept(&jar));
        return Ok((StatusCode::UNAUTHORIZED, page).into_response());
    };
    attempt.succeeded();
    // A fresh session id at every sign-in; any session the browser had ends.
    let s = SignIn {
        user_id,
        kind: SessionKind::Cookie,
        from: from.0,
        replaces: jar.get(cookie_name()).map(|c| c.value().to_owned()),
        code: None,
        next: next.clone(),
    };
    let (times, mfa) = (state.settings.sessions(), state.settings.mfa);
    let outcome = services::sessions::sign_in(&state.db, s, times, mfa).await?;
    signed_in(&state, jar, outcome, &next).await
}

/// Where a browser goes once its password was right: on to `next` (or the
/// page the sign-in was for) with a session, or to the code of its second
/// factor.
async fn signed_in(
    state: &AppState,
    jar: CookieJar,
    outcome: SignedIn,
    next: &str,
) -> AppResult<Response> {
    Ok(match outcome {
        SignedIn::Session(token, user) => {
            keep_language(state, &jar, &user).await?;
            (jar.add(session_cookie(state, token)), Redirect::to(next)).into_response()
        }
        SignedIn::CodeNeeded(pending) => {
            let jar = jar.add(pending_cookie(state, pending));
            (jar, Redirect::to("/login/code")).into_response()
        }
        SignedIn::CodeWrong | SignedIn::MustEnrol => Redirect::to("/login").into_response(),
    })
}

/// The language a person chose in this browser before signing in becomes
/// their account's, if it has none yet: mail, which has no browser to ask,
/// then comes in it too.
async fn keep_language(state: &AppState, jar: &CookieJar, user: &User) -> AppResult<()> {
    let chosen = jar
        .get(super::language::COOKIE)
        .and_then(|c| c.value().parse().ok());
    match (user.lang, chosen) {
        (None, Some(lang)) => services::accounts::set_language(&state.db, user, lang).await,
        _ => Ok(()),
    }
}

/// The cookie of a sign-in waiting for its code, sent to the code page
/// only; the server forgets the sign-in after `CODE_WAIT`.
fn pending_cookie(state: &AppState, secret: String) -> Cookie<'static> {
    Cookie::build((PENDING_COOKIE, secret))
        .path("/login")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.secure_cookies())
        .build()
}

const PENDING_COOKIE: &str = "jpoa_pending";

/// The person whose sign-in waits for a code in this browser, if any.
async fn awaiting(state: &AppState, jar: &CookieJar) -> AppResult<Option<(String, User)>> {
    let Some(secret) = jar.get(PENDING_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(None);
    };
    if secret.is_empty() || secret.len() > 128 {
        return Ok(None);
    }
    let user = services::sessions::awaiting_code(&state.db, secret.clone()).await?;
    Ok(user.map(|u| (secret, u)))
}

async fn code_page(State(state): State<AppState>, ui: Ui, jar: CookieJar) -> AppResult<Response> {
    if awaiting(&state, &jar).await?.is_none() {
        return Ok(Redirect::to("/login").into_response());
    }
    Ok(view::code(&ui, None).into_response())
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

/// The second step of a sign-in: the code of the account's factor, or one
/// of its recovery codes. A wrong code counts as a failed sign-in.
async fn code(
    State(state): State<AppState>,
    ui: Ui,
    from: ClientAddr,
    jar: CookieJar,
    ValidForm(f): ValidForm<CodeForm>,
) -> AppResult<Response> {
    let Some((pending, user)) = awaiting(&state, &jar).await? else {
        return Ok(Redirect::to("/login").into_response());
    };
    let refused = |e: AppError| {
        let page = view::code(&ui, Some(&e.message_in(ui.tr)));
        e.with_headers((e.status(), page).into_response())
    };
    let attempt = match begin_attempt(&state, &from, &user.email) {
        Ok(a) => a,
        Err(e) => return Ok(refused(e)),
    };
    let old = jar.get(cookie_name()).map(|c| c.value().to_owned());
    let (db, times) = (&state.db, state.settings.sessions());
    let code = f.code.chars().take(64).collect();
    let done = services::sessions::finish_sign_in(db, pending, code, from.0, old, times).await?;
    settle(attempt, done.is_some());
    let Some((token, next)) = done else {
        return Ok(refused(AppError::CodeRequired));
    };
    keep_language(&state, &jar, &user).await?;
    let jar = jar.remove(Cookie::build(PENDING_COOKIE).path("/login").build());
    Ok((jar.add(session_cookie(&state, token)), Redirect::to(&next)).into_response())
}

/// This browser's session ends; any other of the account goes on.
async fn logout(State(state): State<AppState>, jar: CookieJar) -> AppResult<Response> {
    if let Some(c) = jar.get(cookie_name()) {
        services::sessions::sign_out(&state.db, c.value().to_owned()).await?;
    }
    Ok(signed_out(jar))
}

/// Every session and API token of the account ends, this one included.
async fn logout_everywhere(
    State(state): State<AppState>,
    jar: CookieJar,
    CurrentUser(user): CurrentUser,
) -> AppResult<Response> {
    services::sessions::sign_out_everywhere(&state.db, &user).await?;
    Ok(signed_out(jar))
}

/// The answer once this browser's session has ended: the cookie goes and
/// the sign-in page comes.
pub fn signed_out(jar: CookieJar) -> Response {
    let gone = Cookie::build((cookie_name(), "")).path("/").build();
    (jar.remove(gone), Redirect::to("/login")).into_response()
}

/// Whom a one-time link is for: an invited person, or (`None`) the first
/// administrator still to be created. A link unknown, used or expired is
/// refused.
async fn link_holder(state: &AppState, token: &str) -> AppResult<Option<User>> {
    let t = token.to_owned();
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
        Some(_) => Ok(account.map(|a| a.user)),
    }
}

/// The page behind a one-time link: the first administrator's account, or
/// an invited person choosing their password.
async fn setup_page(
    State(state): State<AppState>,
    ui: Ui,
    ValidPath(token): ValidPath,
) -> AppResult<Markup> {
    let invited = link_holder(&state, &token).await?;
    Ok(view::setup(
        &ui,
        &SetupPage {
            token: &token,
            invited: invited.as_ref(),
            err: None,
            email: "",
            name: "",
        },
    ))
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

/// The first administrator's account (none for an invited person) and the
/// new password, which may not be made of their name or address.
fn check_setup(f: &SetupForm, invited: Option<&User>) -> AppResult<(Option<NewUser>, Password)> {
    let new_admin = if invited.is_none() {
        let name = PersonName::parse(f.name.trim()).map_err(|e| AppError::invalid("name", e))?;
        let email = Email::parse(&f.email).map_err(|e| AppError::invalid("email", e))?;
        Some(NewUser::new(email, name, Role::Admin, None)?)
    } else {
        None
    };
    let own: Vec<&str> = match (invited, &new_admin) {
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
}

async fn setup(
    State(state): State<AppState>,
    ui: Ui,
    from: ClientAddr,
    jar: CookieJar,
    ValidPath(token): ValidPath,
    ValidForm(f): ValidForm<SetupForm>,
) -> AppResult<Response> {
    let invited = link_holder(&state, &token).await?;
    let (new_admin, pw) = match check_setup(&f, invited.as_ref()) {
        Ok(checked) => checked,
        Err(e @ AppError::Invalid { .. }) => {
            return Ok(refused(&ui, &token, invited.as_ref(), &f, &e));
        }
        Err(e) => return Err(e),
    };
    let hash = state.passwords.hash(pw).await?;
    let to = if invited.is_some() {
        "/"
    } else {
        "/admin/users?done=setup"
    };
    let times = state.settings.sessions();
    let (db, link, next) = (&state.db, token.clone(), to.to_owned());
    let redeemed = services::sessions::redeem_link(
        db,
        link,
        invited.clone(),
        new_admin,
        hash,
        from.0,
        next,
        times,
    )
    .await;
    match redeemed {
        Ok(outcome) => signed_in(&state, jar, outcome, to).await,
        Err(e @ AppError::Invalid { .. }) => Ok(refused(&ui, &token, invited.as_ref(), &f, &e)),
        Err(e) => Err(e),
    }
}

/// The setup form again, with what was typed and why it was refused.
fn refused(ui: &Ui, token: &str, invited: Option<&User>, f: &SetupForm, e: &AppError) -> Response {
    let page = SetupPage {
        token,
        invited,
        err: Some(e),
        email: &f.email,
        name: &f.name,
    };
    (StatusCode::UNPROCESSABLE_ENTITY, view::setup(ui, &page)).into_response()
}
