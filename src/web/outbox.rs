//! The outbox for administrators: every mail, queued, sent or failing with
//! the mail server's last answer, and a retry for one that failed.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;

use super::forms::{ValidPath, parse_id};
use super::language::Ui;
use super::paging::Paging;
use super::routes::Routes;
use super::views::outbox::{self as view, OutboxPage};
use super::{AppState, CurrentUser};
use crate::db::outbox;
use crate::domain::Msg;
use crate::error::{AppError, AppResult};
use crate::services::policy;

pub fn router() -> Routes {
    Routes::new()
        .get("/admin/outbox", page)
        .post("/admin/outbox/{id}/retry", retry)
}

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    paging: Paging,
) -> AppResult<Markup> {
    policy::ensure_admin(&user)?;
    let (limit, offset) = paging.sql();
    let (mails, figures) = state
        .db
        .read(move |conn| Ok((outbox::page(conn, offset, limit)?, outbox::figures(conn)?)))
        .await?;
    let smtp = state.settings.smtp_url.as_ref().map(|u| u.host());
    Ok(view::page(
        &ui,
        &OutboxPage {
            user: &user,
            mails: &mails,
            figures,
            smtp: smtp.as_deref(),
            paging,
        },
    ))
}

/// A failed mail goes again at once; its tries start over.
async fn retry(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let id = parse_id(&id)?;
    let admin = user.clone();
    state
        .db
        .write(move |tx| {
            outbox::get(tx, id)?.ok_or(AppError::NotFound)?;
            if !outbox::retry(tx, id)? {
                return Err(AppError::conflict(Msg::new("err-mail-not-failed")));
            }
            let subject = format!("mail:{id}");
            let actor = crate::db::audit::Actor::User(&admin);
            crate::db::audit::record(tx, actor, "mail.retry", &subject, None, None)
        })
        .await?;
    Ok(Redirect::to("/admin/outbox").into_response())
}
