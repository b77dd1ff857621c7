//! The outbox page: its figures, then each mail with its state, tries and
//! the mail server's last answer; a failed one can be sent again.

use maud::{Markup, html};

use super::components::{column_heads, when};
use crate::db::outbox::{Figures, Queued};
use crate::domain::User;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};
use crate::web::paging::{self, Paging};

pub struct OutboxPage<'a> {
    pub user: &'a User,
    pub mails: &'a [Queued],
    pub figures: Figures,
    /// The mail server's host and port, when mail is set up.
    pub smtp: Option<&'a str>,
    pub paging: Paging,
}

pub fn page(ui: &Ui, page: &OutboxPage) -> Markup {
    let tr = ui.tr;
    let f = page.figures;
    let cols = [
        "outbox-col-created",
        "outbox-col-to",
        "outbox-col-subject",
        "outbox-col-state",
        "outbox-col-tries",
        "outbox-col-error",
        "col-action",
    ]
    .map(|id| tr.t(id));
    let total = usize::try_from(f.queued + f.failed + f.sent).unwrap_or(0);
    layout::page(
        ui,
        Some(page.user),
        Nav::Admin,
        &tr.t("outbox-title"),
        html! {
            h1 { (tr.t("outbox-title")) }
            @match page.smtp {
                Some(host) => p { (tr.t_args("outbox-smtp", &[("host", host.into())])) },
                None => p.callout { (tr.t("outbox-no-smtp")) },
            }
            p #outbox-figures { (tr.t_args("outbox-figures", &[("queued", f.queued.into()), ("retrying", f.retrying.into()), ("failed", f.failed.into()), ("sent", f.sent.into())])) }
            table.responsive {
                (column_heads(&cols))
                tbody {
                    @for m in page.mails {
                        tr {
                            td data-label=(cols[0]) { (when(&m.created_at)) }
                            td data-label=(cols[1]) { (m.to_name) " <" (m.to_address) ">" }
                            td data-label=(cols[2]) { (m.subject) }
                            td data-label=(cols[3]) { (state_label(ui, m)) }
                            td data-label=(cols[4]) { (m.attempts) }
                            td data-label=(cols[5]) { (m.last_error.as_deref().unwrap_or("")) }
                            td data-label=(cols[6]) {
                                @if m.state == "failed" && !m.body.is_empty() {
                                    form method="post" action={"/admin/outbox/" (m.id) "/retry"} {
                                        button.secondary type="submit" { (tr.t("outbox-retry")) span.visually-hidden { " " (m.subject) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (paging::pager(tr, page.paging, total, "/admin/outbox", &[], ""))
        },
    )
}

fn state_label(ui: &Ui, m: &Queued) -> String {
    let tr = ui.tr;
    match (m.state.as_str(), m.last_error.is_some()) {
        ("sent", _) => tr.t_args(
            "outbox-sent-at",
            &[("at", when(m.sent_at.as_deref().unwrap_or("")).into())],
        ),
        ("failed", _) => tr.t("outbox-failed"),
        (_, true) => tr.t_args(
            "outbox-retrying",
            &[("at", when(&m.next_attempt_at).into())],
        ),
        _ => tr.t("outbox-queued"),
    }
}
