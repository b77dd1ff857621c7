//! The audit log for administrators: browse with filters, download as CSV.
//! There is no route that changes it.

use axum::extract::State;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;

use super::forms::ValidQuery;
use super::language::Ui;
use super::layout::{self, Nav};
use super::paging::{self, Paging};
use super::routes::Routes;
use super::{AppState, CurrentUser, with_query};
use crate::db::audit::{self, AuditFilter};
use crate::domain::Msg;
use crate::error::{AppError, AppResult};
use crate::services::policy;

pub fn router() -> Routes {
    Routes::new()
        .get("/admin/audit", page)
        .get("/admin/audit.csv", download)
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    action: Option<String>,
    actor: Option<String>,
    from: Option<String>,
    to: Option<String>,
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

impl AuditQuery {
    fn filter(&self) -> AppResult<AuditFilter> {
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.chars().take(254).collect::<String>())
        };
        Ok(AuditFilter {
            action: text(&self.action),
            actor: text(&self.actor),
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
        })
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("action", &self.action),
            ("actor", &self.actor),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter_map(|(k, v)| {
            v.as_deref()
                .filter(|v| !v.trim().is_empty())
                .map(|v| (k, v.trim().to_owned()))
        })
        .collect()
    }
}

async fn page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<AuditQuery>,
    paging: Paging,
) -> AppResult<Markup> {
    policy::ensure_admin(&user)?;
    let f = q.filter()?;
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
    let total = usize::try_from(total).unwrap_or(0);
    let tr = ui.tr;
    let cols = [
        "audit-col-when",
        "audit-col-who",
        "audit-col-action",
        "audit-col-subject",
        "audit-col-before",
        "audit-col-after",
    ]
    .map(|id| tr.t(id));
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::Admin,
        &tr.t("audit-title"),
        html! {
            p.muted { a href="/admin/users" { (tr.t("accounts-title")) } " › " (tr.t("audit-title")) }
            h1 { (tr.t("audit-title")) }
            p { (tr.t("audit-lead")) }
            form.filters method="get" action="/admin/audit" {
                div.field {
                    label for="action" { (tr.t("audit-col-action")) }
                    select #action name="action" {
                        option value="" { (tr.t("filter-all")) }
                        @for a in &actions {
                            option value=(a) selected[q.action.as_deref() == Some(a.as_str())] { (a) }
                        }
                    }
                }
                div.field {
                    label for="actor" { (tr.t("audit-who-email")) }
                    input #actor type="text" name="actor" value=(q.actor.as_deref().unwrap_or("")) maxlength="254";
                }
                div.field {
                    label for="from" { (tr.t("audit-from")) }
                    input #from type="date" name="from" value=(q.from.as_deref().unwrap_or(""));
                }
                div.field {
                    label for="to" { (tr.t("audit-to")) }
                    input #to type="date" name="to" value=(q.to.as_deref().unwrap_or(""));
                }
                div.actions { button type="submit" { (tr.t("filter-apply")) } a href="/admin/audit" { (tr.t("filter-clear")) } }
            }
            p role="status" {
                (tr.t_args("audit-count", &[("n", total.into())])) " "
                a href=(with_query("/admin/audit.csv", &q.pairs())) { (tr.t("audit-download")) }
            }
            // Wide: it scrolls sideways, from the keyboard too.
            div.table-wrap role="region" tabindex="0" aria-label=(tr.t("audit-title")) {
                table {
                    thead { tr {
                        @for c in &cols { th scope="col" { (c) } }
                    } }
                    tbody {
                        @for e in &entries {
                            tr {
                                td { (layout::when(&e.at)) }
                                td { (e.actor) }
                                td { code { (e.action) } }
                                td { (e.subject) }
                                td { code { (e.before.as_deref().unwrap_or("")) } }
                                td { code { (e.after.as_deref().unwrap_or("")) } }
                            }
                        }
                    }
                }
            }
            (paging::pager(tr, paging, total, "/admin/audit", &q.pairs(), ""))
        },
    ))
}

async fn download(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<AuditQuery>,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let f = q.filter()?;
    let name = format!("jpoa-audit-{}.csv", chrono::Utc::now().format("%Y-%m-%d"));
    super::reports::csv_download(&state.db, &name, "audit", move |conn, out| {
        crate::reports::audit::write_csv(conn, &f, out)
    })
}
