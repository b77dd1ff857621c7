//! A person's own account: changing their password, and their sessions and
//! API tokens, each of which they may end. A password change asks for the
//! current password again, ends every session and API token of the account,
//! and gives this browser a fresh session.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use maud::Markup;
use serde::Deserialize;

use super::error::HttpError;
use super::forms::{ValidForm, ValidPath, ValidQuery};
use super::identity::{ClientAddr, check_credentials, presented, session_cookie};
use super::language::Ui;
use super::routes::Routes;
use super::session::signed_out;
use super::views::account::{self as view, AccountPage};
use super::{AppState, CurrentUser};
use crate::db::users::{self, SessionId};
use crate::domain::{Msg, Password, User};
use crate::error::{AppError, AppResult};
use crate::services;

pub fn router() -> Routes {
    Routes::new()
        .get("/account", page)
        .post("/account", change_password)
        .post("/account/sessions/{id}/end", end_session)
}

#[derive(Deserialize, Default)]
struct Flash {
    /// The password was changed.
    done: Option<String>,
    /// A session was ended.
    ended: Option<String>,
    /// How notifications come by mail was saved.
    mail: Option<String>,
}

#[derive(Deserialize, Default)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
}

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    headers: HeaderMap,
    CurrentUser(user): CurrentUser,
    ValidQuery(flash): ValidQuery<Flash>,
) -> AppResult<Markup> {
    let notice = match (flash.done, flash.ended, flash.mail) {
        (Some(_), _, _) => Some("account-password-changed"),
        (None, Some(_), _) => Some("session-ended"),
        (None, None, Some(_)) => Some("inbox-prefs-saved"),
        (None, None, None) => None,
    };
    account_page(&state, &ui, &headers, &user, None, notice).await
}

/// The session this request came with, as the account page names it.
fn current_session(headers: &HeaderMap) -> Option<SessionId> {
    presented(headers).map(|(token, _)| SessionId::of_token(&token))
}

/// The account page with the account's open sessions, a refusal `err` of
/// the password form, or a `notice` (a message id).
async fn account_page(
    state: &AppState,
    ui: &Ui,
    headers: &HeaderMap,
    user: &User,
    err: Option<&AppError>,
    notice: Option<&'static str>,
) -> AppResult<Markup> {
    let (id, times) = (user.id, state.settings.sessions());
    let (sessions, mail_pref) = state
        .db
        .read(move |conn| {
            Ok((
                users::open_sessions(conn, id, &times)?,
                crate::db::notifications::mail_pref(conn, id)?,
            ))
        })
        .await?;
    let current = current_session(headers);
    Ok(view::page(
        ui,
        &AccountPage {
            user,
            sessions: &sessions,
            current: current.as_ref(),
            err,
            notice,
            mail_pref,
        },
    ))
}

/// The new password, once the current one is right (a wrong one counts as
/// a failed sign-in) and the new one is strong and typed twice alike.
async fn check_change(
    state: &AppState,
    from: &ClientAddr,
    user: &User,
    f: &PasswordForm,
) -> AppResult<Password> {
    if check_credentials(state, from, &user.email, f.current.clone())
        .await?
        .is_none()
    {
        return Err(AppError::Invalid {
            field: Some("current"),
            message: Msg::new("err-current-password-wrong"),
        });
    }
    let pw = Password::parse_new(&f.password, &[&user.email, &user.name])
        .map_err(|e| AppError::invalid("password", e))?;
    if f.password != f.password2 {
        return Err(AppError::Invalid {
            field: Some("password2"),
            message: Msg::new("err-passwords-differ"),
        });
    }
    Ok(pw)
}

async fn change_password(
    State(state): State<AppState>,
    ui: Ui,
    from: ClientAddr,
    jar: CookieJar,
    headers: HeaderMap,
    CurrentUser(user): CurrentUser,
    ValidForm(f): ValidForm<PasswordForm>,
) -> AppResult<Response> {
    let pw = match check_change(&state, &from, &user, &f).await {
        Ok(pw) => pw,
        Err(
            e @ (AppError::Invalid { .. } | AppError::Throttled { .. } | AppError::Busy { .. }),
        ) => {
            let page = account_page(&state, &ui, &headers, &user, Some(&e), None).await?;
            return Ok(e.with_headers((e.status(), page).into_response()));
        }
        Err(e) => return Err(e),
    };
    let hash = state.passwords.hash(pw).await?;
    // Ends every session and token of the account, this one included.
    let times = state.settings.sessions();
    let token = services::sessions::change_password(&state.db, &user, hash, from.0, times).await?;
    Ok((
        jar.add(session_cookie(&state, token)),
        Redirect::to("/account?done=1"),
    )
        .into_response())
}

/// Ends one of the person's own sessions or tokens, by its id on the
/// account page; another account's is not found. Ending this browser's
/// own session signs it out.
async fn end_session(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Response> {
    let id = SessionId::parse(&id).ok_or(AppError::NotFound)?;
    let this_one = current_session(&headers).as_ref() == Some(&id);
    services::sessions::end_own_session(&state.db, &user, id).await?;
    if this_one {
        return Ok(signed_out(jar));
    }
    Ok(Redirect::to("/account?ended=1").into_response())
}
