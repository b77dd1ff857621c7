//! What is due and overdue, by country and pillar: for reviewers and
//! administrators across the states, for a focal point their own country.

use axum::extract::State;
use maud::Markup;

use super::forms::ValidQuery;
use super::language::Ui;
use super::paging::Paging;
use super::routes::Routes;
use super::views::due::{self as view, DuePage};
use super::{AppState, CurrentUser};
use crate::db::due;
use crate::domain::{Role, User};
use crate::error::AppResult;
use crate::reports::ReportQuery;
use crate::services::policy;

pub fn router() -> Routes {
    Routes::new().get("/due", page)
}

/// A focal point sees their own country whatever the address says.
fn scoped(user: &User, mut q: ReportQuery) -> ReportQuery {
    if user.role() == Role::FocalPoint {
        q.country = user.country().map(|c| c.code().to_owned());
    }
    q
}

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<ReportQuery>,
    paging: Paging,
) -> AppResult<Markup> {
    policy::ensure_sees_due(&user)?;
    let q = scoped(&user, q);
    let filter = q.to_filter()?;
    let f = filter.clone();
    let items = state.db.read(move |conn| due::digest(conn, &f)).await?;
    Ok(view::page(
        &ui,
        &DuePage {
            user: &user,
            q: &q,
            filter: &filter,
            items: &items,
            paging,
        },
    ))
}
