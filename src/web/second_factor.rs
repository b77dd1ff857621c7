//! A person's own second factor: enrolling, new recovery codes, removing
//! it. Changing or removing it asks for the password and a code again, each
//! guess counted as a sign-in attempt.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;

use super::error::HttpError;
use super::forms::{ValidForm, ValidQuery};
use super::identity::{ClientAddr, begin_attempt, check_credentials, settle};
use super::language::Ui;
use super::routes::Routes;
use super::views::second_factor::{self as view, EnrolPage, ManagePage};
use super::{AppState, CurrentUser};
use crate::domain::{Msg, User};
use crate::error::{AppError, AppResult};
use crate::services::second_factor as factor;

pub fn router() -> Routes {
    Routes::new()
        .get("/account/second-factor", page)
        .post("/account/second-factor", enrol)
        .post("/account/second-factor/recovery-codes", renew)
        .post("/account/second-factor/remove", remove)
}

#[derive(Deserialize, Default)]
struct Flash {
    /// The factor was removed.
    removed: Option<String>,
}

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(flash): ValidQuery<Flash>,
) -> AppResult<Markup> {
    if user.second_factor {
        return manage_page(&state, &ui, &user, None, None).await;
    }
    let notice = flash.removed.map(|_| "factor-removed");
    enrol_page(&state, &ui, &user, None, notice).await
}

/// The QR code of an `otpauth://` URI, as an SVG document.
fn qr_svg(uri: &str) -> AppResult<String> {
    let code = QrCode::new(uri.as_bytes()).map_err(|e| anyhow::anyhow!("QR code: {e}"))?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

async fn enrol_page(
    state: &AppState,
    ui: &Ui,
    user: &User,
    err: Option<&AppError>,
    notice: Option<&'static str>,
) -> AppResult<Markup> {
    let e = factor::enrolment(&state.db, user).await?;
    let page = EnrolPage {
        user,
        secret: &e.secret.base32(),
        qr: &qr_svg(&e.uri)?,
        required: state.settings.mfa.covers(user.role()),
        err,
        notice,
    };
    Ok(view::enrol(ui, &page))
}

async fn manage_page(
    state: &AppState,
    ui: &Ui,
    user: &User,
    err: Option<&AppError>,
    failed: Option<&str>,
) -> AppResult<Markup> {
    let status = factor::status(&state.db, user).await?;
    let page = ManagePage {
        user,
        codes_left: status.recovery_codes_left,
        err,
        failed,
    };
    Ok(view::manage(ui, &page))
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

/// The first code confirms the enrolment, and the recovery codes are shown.
async fn enrol(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidForm(f): ValidForm<CodeForm>,
) -> AppResult<Response> {
    match factor::confirm(&state.db, &user, f.code).await {
        Ok(codes) => Ok(view::recovery_codes(&ui, &user, &codes, true).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let page = enrol_page(&state, &ui, &user, Some(&e), None).await?;
            Ok((e.status(), page).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct ReauthForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

/// The password again, then a code, each a counted guess; `run` uses the
/// code and says whether it was right.
async fn reauth<T, F, Fut>(
    state: &AppState,
    from: &ClientAddr,
    user: &User,
    f: ReauthForm,
    run: F,
) -> AppResult<T>
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = AppResult<Option<T>>>,
{
    if check_credentials(state, from, &user.email, f.password)
        .await?
        .is_none()
    {
        return Err(AppError::Invalid {
            field: Some("password"),
            message: Msg::new("err-current-password-wrong"),
        });
    }
    let attempt = begin_attempt(state, from, &user.email)?;
    let done = run(f.code.chars().take(64).collect()).await?;
    settle(attempt, done.is_some());
    done.ok_or(AppError::Invalid {
        field: Some("code"),
        message: Msg::new("err-code-wrong"),
    })
}

/// The manage page again, with why `which` form was refused.
async fn refused(
    state: &AppState,
    ui: &Ui,
    user: &User,
    e: AppError,
    which: &str,
) -> AppResult<Response> {
    if !matches!(
        e,
        AppError::Invalid { .. } | AppError::Throttled { .. } | AppError::Busy { .. }
    ) {
        return Err(e);
    }
    let page = manage_page(state, ui, user, Some(&e), Some(which)).await?;
    Ok(e.with_headers((e.status(), page).into_response()))
}

async fn renew(
    State(state): State<AppState>,
    ui: Ui,
    from: ClientAddr,
    CurrentUser(user): CurrentUser,
    ValidForm(f): ValidForm<ReauthForm>,
) -> AppResult<Response> {
    let run = |code| factor::renew_recovery_codes(&state.db, &user, code, from.0);
    match reauth(&state, &from, &user, f, run).await {
        Ok(codes) => Ok(view::recovery_codes(&ui, &user, &codes, false).into_response()),
        Err(e) => refused(&state, &ui, &user, e, "renew").await,
    }
}

async fn remove(
    State(state): State<AppState>,
    ui: Ui,
    from: ClientAddr,
    CurrentUser(user): CurrentUser,
    ValidForm(f): ValidForm<ReauthForm>,
) -> AppResult<Response> {
    let run = |code| async {
        let removed = factor::remove_own(&state.db, &user, code, from.0).await?;
        Ok(removed.then_some(()))
    };
    match reauth(&state, &from, &user, f, run).await {
        Ok(()) => Ok(Redirect::to("/account/second-factor?removed=1").into_response()),
        Err(e) => refused(&state, &ui, &user, e, "remove").await,
    }
}
