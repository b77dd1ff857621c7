//! "Forgot your password?": a one-time link by mail, valid one hour. The
//! answer is the same whether or not the address has an account, and the
//! requests are throttled per address typed and per client.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Deserialize;

use super::AppState;
use super::error::HttpError;
use super::forms::ValidForm;
use super::identity::ClientAddr;
use super::language::Ui;
use super::routes::Routes;
use super::views::session as view;
use crate::error::{AppError, AppResult};
use crate::services;

pub fn router() -> Routes {
    Routes::new()
        .get("/password/forgot", page)
        .post("/password/forgot", ask)
}

async fn page(State(state): State<AppState>, ui: Ui) -> Markup {
    view::forgot(&ui, state.settings.smtp_url.is_some(), None, false)
}

#[derive(Deserialize)]
struct ForgotForm {
    #[serde(default)]
    email: String,
}

async fn ask(
    State(state): State<AppState>,
    ui: Ui,
    from: ClientAddr,
    ValidForm(f): ValidForm<ForgotForm>,
) -> AppResult<Response> {
    let mail = state.settings.smtp_url.is_some();
    if f.email.trim().is_empty() || f.email.len() > 254 {
        let e = AppError::Invalid {
            field: Some("email"),
            message: crate::domain::Msg::new("err-email-needed"),
        };
        return Ok((e.status(), view::forgot(&ui, mail, Some(&e), false)).into_response());
    }
    match state.resets.begin(&f.email, from.0) {
        Ok(attempt) => attempt.failed(),
        Err(retry_after) => {
            let e = AppError::Throttled { retry_after };
            let page = view::forgot(&ui, mail, Some(&e), false);
            return Ok(e.with_headers((e.status(), page).into_response()));
        }
    }
    let base = state.link_base();
    services::accounts::forgot_password(&state.db, &f.email, from.0, base, mail).await?;
    Ok(view::forgot(&ui, mail, None, true).into_response())
}
