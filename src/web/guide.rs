//! A one-page guide per role, in the page's language, made to be printed.
//!
//! Readable without signing in: a guide holds no part of the record, and
//! people need it before their first sign-in (with their invitation link, or
//! printed at a workshop) and when they cannot sign in at all.

use maud::Markup;

use super::forms::ValidPath;
use super::identity::MaybeUser;
use super::language::Ui;
use super::routes::Routes;
use super::views::guide::{self as view, GUIDES};
use crate::error::{AppError, AppResult};

pub fn router() -> Routes {
    Routes::new()
        .get("/guide", list)
        .get("/guide/{role}", guide)
}

async fn list(ui: Ui, MaybeUser(user): MaybeUser) -> Markup {
    view::list(&ui, user.as_ref())
}

async fn guide(
    ui: Ui,
    MaybeUser(user): MaybeUser,
    ValidPath(slug): ValidPath,
) -> AppResult<Markup> {
    let g = GUIDES
        .iter()
        .find(|g| g.role.as_str() == slug)
        .ok_or(AppError::NotFound)?;
    Ok(view::page(&ui, user.as_ref(), g))
}
