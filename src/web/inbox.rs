//! A person's notifications in the app: the list, newest first, each opened
//! (and so read) from here; and how they reach the person by mail, set on
//! the account page.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;

use super::forms::{ValidForm, ValidPath, parse_id};
use super::language::Ui;
use super::paging::Paging;
use super::routes::Routes;
use super::views::inbox::{self as view, InboxPage};
use super::{AppState, CurrentUser};
use crate::db::notifications;
use crate::domain::MailPref;
use crate::error::{AppError, AppResult};

pub fn router() -> Routes {
    Routes::new()
        .get("/notifications", page)
        .post("/notifications/read", read_all)
        .post("/notifications/{id}/open", open)
        .post("/account/notifications", set_pref)
}

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    paging: Paging,
) -> AppResult<Markup> {
    let (id, (limit, offset)) = (user.id, paging.sql());
    let (items, total) = state
        .db
        .read(move |c| {
            Ok((
                notifications::page(c, id, offset, limit)?,
                notifications::count(c, id)?,
            ))
        })
        .await?;
    let page = InboxPage {
        user: &user,
        items: &items,
        total: usize::try_from(total).unwrap_or(0),
        paging,
        mail: state.settings.smtp_url.is_some(),
    };
    Ok(view::page(&ui, &page))
}

/// Marks one's own notification read and goes where it points; another
/// person's is not found.
async fn open(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Response> {
    let (me, id) = (user.id, parse_id(&id)?);
    let link = state
        .db
        .write(move |tx| notifications::mark_read(tx, me, id))
        .await?
        .ok_or(AppError::NotFound)?;
    let to = link.filter(|l| l.starts_with('/') && !l.starts_with("//"));
    Ok(Redirect::to(to.as_deref().unwrap_or("/notifications")).into_response())
}

async fn read_all(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> AppResult<Response> {
    let me = user.id;
    state
        .db
        .write(move |tx| notifications::mark_all_read(tx, me))
        .await?;
    Ok(Redirect::to("/notifications").into_response())
}

#[derive(Deserialize)]
struct PrefForm {
    #[serde(default)]
    mail_pref: String,
}

/// How notifications reach the person by mail: at once, a daily digest, or
/// not at all.
async fn set_pref(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidForm(f): ValidForm<PrefForm>,
) -> AppResult<Response> {
    let pref: MailPref = f
        .mail_pref
        .parse()
        .map_err(|e| AppError::invalid("mail_pref", e))?;
    crate::services::accounts::set_mail_pref(&state.db, &user, pref).await?;
    Ok(Redirect::to("/account?mail=1").into_response())
}
