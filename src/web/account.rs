//! A person's own account: changing their password. The current password
//! is asked for again; the change ends every session and API token of the
//! account, and this browser gets a fresh session.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use maud::{Markup, html};
use serde::Deserialize;

use super::error::HttpError;
use super::forms::{ValidForm, ValidQuery};
use super::language::Ui;
use super::layout::{self, Nav};
use super::routes::Routes;
use super::session::{ClientAddr, check_credentials, session_cookie};
use super::{AppState, CurrentUser};
use crate::auth::password;
use crate::db::audit::Actor;
use crate::db::users::{self, SessionKind};
use crate::domain::Msg;
use crate::domain::User;
use crate::domain::{PASSWORD_MAX, PASSWORD_MIN, Password};
use crate::error::{AppError, AppResult};

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

fn render(ui: &Ui, user: &User, err: Option<&AppError>, done: bool) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(user),
        Nav::None,
        &tr.t("account-title"),
        html! {
            h1 { (tr.t("account-title")) }
            p { (user.name) " · " (user.email) " · " (tr.t(user.role().label_id())) }
            @if done { (layout::notice(&tr.t("account-password-changed"))) }
            h2 { (tr.t("account-password-heading")) }
            p.hint #pw-hint { (tr.t_args("account-password-hint", &[("min", PASSWORD_MIN.into()), ("max", PASSWORD_MAX.into())])) }
            (layout::form_error(tr, err.map(|e| e.message_in(tr)).as_deref()))
            form.stack method="post" action="/account" {
                div.field {
                    label for="current" { (tr.t("account-current-password")) }
                    input #current type="password" name="current" required autocomplete="current-password" maxlength="128" aria-invalid=[layout::invalid(err, "current")] aria-describedby=[layout::invalid(err, "current").map(|_| "form-error")];
                }
                div.field {
                    label for="password" { (tr.t("account-new-password")) }
                    input #password type="password" name="password" required autocomplete="new-password"
                        minlength=(PASSWORD_MIN) maxlength=(PASSWORD_MAX)
                        aria-invalid=[layout::invalid(err, "password")]
                        aria-describedby={"pw-hint" @if layout::invalid(err, "password").is_some() { " form-error" }};
                }
                div.field {
                    label for="password2" { (tr.t("account-repeat-password")) }
                    input #password2 type="password" name="password2" required autocomplete="new-password"
                        minlength=(PASSWORD_MIN) maxlength=(PASSWORD_MAX) aria-invalid=[layout::invalid(err, "password2")] aria-describedby=[layout::invalid(err, "password2").map(|_| "form-error")];
                }
                button type="submit" { (tr.t("account-change-password")) }
            }
        },
    )
}

async fn page(
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(flash): ValidQuery<Flash>,
) -> Markup {
    render(&ui, &user, None, flash.done.is_some())
}

async fn change_password(
    State(state): State<AppState>,
    ui: Ui,
    from: ClientAddr,
    jar: CookieJar,
    CurrentUser(user): CurrentUser,
    ValidForm(f): ValidForm<PasswordForm>,
) -> AppResult<Response> {
    let checked = async {
        if check_credentials(&state, &from, &user.email, f.current.clone())
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
    .await;
    let pw = match checked {
        Ok(pw) => pw,
        Err(e @ (AppError::Invalid { .. } | AppError::Throttled { .. })) => {
            let page = (e.status(), render(&ui, &user, Some(&e), false)).into_response();
            return Ok(e.with_headers(page));
        }
        Err(e) => return Err(e),
    };
    let hash = password::hash(pw).await?;
    let me = user.clone();
    let token = state
        .db
        .write(move |tx| {
            // Ends every session and token of the account, this one included.
            users::set_password(tx, Actor::User(&me), me.id, &hash)?;
            users::start_session(tx, me.id, SessionKind::Cookie, from.0)
        })
        .await?;
    Ok((
        jar.add(session_cookie(&state, token)),
        Redirect::to("/account?done=1"),
    )
        .into_response())
}
