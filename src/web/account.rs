//! A person's own account: changing their password. The current password
//! is asked for again; the change ends every session and API token of the
//! account, and this browser gets a fresh session.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use maud::Markup;
use serde::Deserialize;

use super::error::HttpError;
use super::forms::{ValidForm, ValidQuery};
use super::identity::{ClientAddr, check_credentials, session_cookie};
use super::language::Ui;
use super::routes::Routes;
use super::views::account as view;
use super::{AppState, CurrentUser};
use crate::auth::password;
use crate::domain::{Msg, Password, User};
use crate::error::{AppError, AppResult};
use crate::services;

pub fn router() -> Routes {
    Routes::new()
        .get("/account", page)
        .post("/account", change_password)
}

#[derive(Deserialize, Default)]
struct Flash {
    done: Option<String>,
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
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(flash): ValidQuery<Flash>,
) -> Markup {
    view::page(&ui, &user, None, flash.done.is_some())
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
    CurrentUser(user): CurrentUser,
    ValidForm(f): ValidForm<PasswordForm>,
) -> AppResult<Response> {
    let pw = match check_change(&state, &from, &user, &f).await {
        Ok(pw) => pw,
        Err(e @ (AppError::Invalid { .. } | AppError::Throttled { .. })) => {
            let page = (e.status(), view::page(&ui, &user, Some(&e), false)).into_response();
            return Ok(e.with_headers(page));
        }
        Err(e) => return Err(e),
    };
    let hash = password::hash(pw).await?;
    // Ends every session and token of the account, this one included.
    let times = state.settings.sessions();
    let token = services::sessions::change_password(&state.db, &user, hash, from.0, times).await?;
    Ok((
        jar.add(session_cookie(&state, token)),
        Redirect::to("/account?done=1"),
    )
        .into_response())
}
