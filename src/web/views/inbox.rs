//! The notifications page: each notification with its time, what it says,
//! and a button that opens what it is about (marking it read).

use maud::{Markup, html};

use super::components::when;
use crate::db::notifications::Notification;
use crate::domain::{MailPref, Tr, User};
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};
use crate::web::paging::{self, Paging};

pub struct InboxPage<'a> {
    pub user: &'a User,
    pub items: &'a [Notification],
    pub total: usize,
    pub paging: Paging,
    /// Whether this tracker sends mail at all.
    pub mail: bool,
}

pub fn page(ui: &Ui, page: &InboxPage) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(page.user),
        Nav::None,
        &tr.t("inbox-title"),
        html! {
            h1 { (tr.t("inbox-title")) }
            @if !page.mail { p.hint { (tr.t("inbox-no-mail")) } }
            p { a href="/account#mail-prefs" { (tr.t("inbox-prefs-heading")) } }
            @if page.items.is_empty() {
                p { (tr.t("inbox-empty")) }
            } @else {
                @if ui.unread > 0 {
                    form method="post" action="/notifications/read" {
                        button.secondary type="submit" { (tr.t("inbox-mark-all")) }
                    }
                }
                ul.inbox #inbox {
                    @for n in page.items {
                        li.unread[!n.read] {
                            p.meta { (when(&n.created_at)) @if !n.read { " · " strong { (tr.t("inbox-unread")) } } }
                            p { strong { (n.subject) } }
                            p { (n.body) }
                            @if n.link.is_some() {
                                form method="post" action={"/notifications/" (n.id) "/open"} {
                                    button.link type="submit" { (tr.t("inbox-open")) span.visually-hidden { " " (n.subject) } }
                                }
                            }
                        }
                    }
                }
                (paging::pager(tr, page.paging, page.total, "/notifications", &[], ""))
            }
        },
    )
}

/// The account page's form: how notifications reach the person by mail.
pub fn prefs_form(tr: Tr, current: MailPref) -> Markup {
    html! {
        h2 #mail-prefs { (tr.t("inbox-prefs-heading")) }
        p.hint #mail-prefs-hint { (tr.t("inbox-prefs-hint")) }
        form.stack method="post" action="/account/notifications" {
            fieldset aria-describedby="mail-prefs-hint" {
                legend.visually-hidden { (tr.t("inbox-prefs-heading")) }
                @for p in MailPref::ALL {
                    div.choice {
                        input type="radio" name="mail_pref" id={"pref-" (p.as_str())} value=(p.as_str()) checked[p == current];
                        label for={"pref-" (p.as_str())} { (tr.t(p.label_id())) }
                    }
                }
            }
            button type="submit" { (tr.t("inbox-prefs-save")) }
        }
    }
}
