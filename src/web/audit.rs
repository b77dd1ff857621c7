//! The audit log for administrators: browse with filters, download as CSV.
//! There is no route that changes it.

use axum::extract::State;
use axum::response::Response;
use maud::Markup;

use super::download::csv_download;
use super::forms::ValidQuery;
use super::language::Ui;
use super::paging::Paging;
use super::routes::Routes;
use super::views::audit::{self as view, AuditPage, AuditQuery};
use super::{AppState, CurrentUser};
use crate::db::audit::{self, AuditFilter};
use crate::domain::Msg;
use crate::error::{AppError, AppResult};
use crate::services::policy;

pub fn router() -> Routes {
    Routes::new()
        .get("/admin/audit", page)
        .get("/admin/audit.csv", download)
}

fn date(field: &'static str, v: &Option<String>) -> AppResult<Option<chrono::NaiveDate>> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::Invalid {
                field: Some(field),
                message: Msg::new("invalid-date").arg("field", field),
            }),
    }
}

fn filter(q: &AuditQuery) -> AppResult<AuditFilter> {
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.chars().take(254).collect::<String>())
    };
    Ok(AuditFilter {
        action: text(&q.action),
        actor: text(&q.actor),
        from: date("from", &q.from)?,
        to: date("to", &q.to)?,
    })
}

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<AuditQuery>,
    paging: Paging,
) -> AppResult<Markup> {
    policy::ensure_admin(&user)?;
    let f = filter(&q)?;
    let (entries, total, actions) = state
        .db
        .read(move |conn| {
            Ok((
                audit::list(conn, &f, paging.sql())?,
                audit::count(conn, &f)?,
                audit::actions(conn)?,
            ))
        })
        .await?;
    Ok(view::page(
        &ui,
        &AuditPage {
            user: &user,
            q: &q,
            entries: &entries,
            total: usize::try_from(total).unwrap_or(0),
            actions: &actions,
            paging,
        },
    ))
}

async fn download(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<AuditQuery>,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let f = filter(&q)?;
    let name = format!("jpoa-audit-{}.csv", chrono::Utc::now().format("%Y-%m-%d"));
    csv_download(&state, &name, "audit", move |conn, out| {
        crate::reports::audit::write_csv(conn, &f, out)
    })
}
