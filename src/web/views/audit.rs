//! The audit log page: filters, one page of entries, the CSV link.

use maud::{Markup, html};
use serde::Deserialize;

use super::components::{column_heads, scroll_region, when};
use crate::db::audit::Entry;
use crate::domain::{Tr, User};
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};
use crate::web::paging::{self, Paging};
use crate::web::with_query;

/// The filters as asked, kept in the form, the pager and the CSV link.
#[derive(Deserialize, Default)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl AuditQuery {
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
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

/// One page of the entries under the filters, how many there are in all,
/// and the actions there are to filter on.
pub struct AuditPage<'a> {
    pub user: &'a User,
    pub q: &'a AuditQuery,
    pub entries: &'a [Entry],
    pub total: usize,
    pub actions: &'a [String],
    pub paging: Paging,
}

pub fn page(ui: &Ui, page: &AuditPage) -> Markup {
    let (tr, q) = (ui.tr, page.q);
    layout::page(
        ui,
        Some(page.user),
        Nav::Admin,
        &tr.t("audit-title"),
        html! {
            p.muted { a href="/admin/users" { (tr.t("accounts-title")) } " › " (tr.t("audit-title")) }
            h1 { (tr.t("audit-title")) }
            p { (tr.t("audit-lead")) }
            (filters(tr, q, page.actions))
            p role="status" {
                (tr.t_args("audit-count", &[("n", page.total.into())])) " "
                a href=(with_query("/admin/audit.csv", &q.pairs())) { (tr.t("audit-download")) }
            }
            (entries(tr, page.entries))
            (paging::pager(tr, page.paging, page.total, "/admin/audit", &q.pairs(), ""))
        },
    )
}

fn filters(tr: Tr, q: &AuditQuery, actions: &[String]) -> Markup {
    html! {
        form.filters method="get" action="/admin/audit" {
            div.field {
                label for="action" { (tr.t("audit-col-action")) }
                select #action name="action" {
                    option value="" { (tr.t("filter-all")) }
                    @for a in actions {
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
    }
}

fn entries(tr: Tr, entries: &[Entry]) -> Markup {
    let cols = [
        "audit-col-when",
        "audit-col-who",
        "audit-col-action",
        "audit-col-subject",
        "audit-col-before",
        "audit-col-after",
    ]
    .map(|id| tr.t(id));
    html! {
        // Wide: it scrolls sideways, from the keyboard too.
        (scroll_region(&tr.t("audit-title"), &tr.t("scroll-hint"), html! {
            table {
                (column_heads(&cols))
                tbody {
                    @for e in entries {
                        tr {
                            td { (when(&e.at)) }
                            td { (e.actor) }
                            td { code { (e.action) } }
                            td { (e.subject) }
                            td { code { (e.before.as_deref().unwrap_or("")) } }
                            td { code { (e.after.as_deref().unwrap_or("")) } }
                        }
                    }
                }
            }
        }))
    }
}
