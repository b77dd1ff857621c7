//! A person's own account page: who they are, the form to change their
//! password, and where they are signed in, each session with its own form
//! to end it.

use maud::{Markup, html};

use super::components::{column_heads, described_by, error_summary, invalid, notice, when};
use crate::db::users::{OpenSession, SessionId, SessionKind};
use crate::domain::{MailPref, PASSWORD_MAX, PASSWORD_MIN, Tr, User};
use crate::error::AppError;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};

/// What the account page shows.
pub struct AccountPage<'a> {
    pub user: &'a User,
    /// The account's live sessions and API tokens.
    pub sessions: &'a [OpenSession],
    /// The session of the browser looking at the page.
    pub current: Option<&'a SessionId>,
    /// Why a password change was refused.
    pub err: Option<&'a AppError>,
    /// A change that went through (a message id).
    pub notice: Option<&'static str>,
    /// How notifications reach the person by mail.
    pub mail_pref: MailPref,
}

pub fn page(ui: &Ui, page: &AccountPage) -> Markup {
    let (tr, user, err) = (ui.tr, page.user, page.err);
    layout::page(
        ui,
        Some(user),
        Nav::None,
        &tr.t("account-title"),
        html! {
            h1 { (tr.t("account-title")) }
            p { (user.name) " · " (user.email) " · " (tr.t(user.role().label_id())) }
            @if let Some(id) = page.notice { (notice(&tr.t(id))) }
            h2 { (tr.t("account-password-heading")) }
            p.hint #pw-hint { (tr.t_args("account-password-hint", &[("min", PASSWORD_MIN.into()), ("max", PASSWORD_MAX.into())])) }
            (error_summary(tr, err))
            form.stack method="post" action="/account" {
                div.field {
                    label for="current" { (tr.t("account-current-password")) }
                    input #current type="password" name="current" required autocomplete="current-password" maxlength="128" aria-invalid=[invalid(err, "current")] aria-describedby=[described_by(err, "current", None)];
                }
                div.field {
                    label for="password" { (tr.t("account-new-password")) }
                    input #password type="password" name="password" required autocomplete="new-password"
                        minlength=(PASSWORD_MIN) maxlength=(PASSWORD_MAX)
                        aria-invalid=[invalid(err, "password")]
                        aria-describedby=[described_by(err, "password", Some("pw-hint"))];
                }
                div.field {
                    label for="password2" { (tr.t("account-repeat-password")) }
                    input #password2 type="password" name="password2" required autocomplete="new-password"
                        minlength=(PASSWORD_MIN) maxlength=(PASSWORD_MAX) aria-invalid=[invalid(err, "password2")] aria-describedby=[described_by(err, "password2", None)];
                }
                button type="submit" { (tr.t("account-change-password")) }
            }
            h2 { (tr.t("factor-title")) }
            @if user.second_factor {
                p { (tr.t("factor-on")) " " a href="/account/second-factor" { (tr.t("factor-manage")) } }
            } @else {
                p { (tr.t("factor-off")) " " a href="/account/second-factor" { (tr.t("factor-set-up")) } }
            }
            (super::inbox::prefs_form(tr, page.mail_pref))
            (sessions(tr, page.sessions, page.current))
        },
    )
}

fn kind_label(tr: Tr, kind: SessionKind) -> String {
    tr.t(match kind {
        SessionKind::Cookie => "session-kind-cookie",
        SessionKind::Api => "session-kind-api",
    })
}

/// Where the person is signed in, each session with its form to end it,
/// and the forms to sign out here or everywhere.
fn sessions(tr: Tr, open: &[OpenSession], current: Option<&SessionId>) -> Markup {
    let cols = [
        "col-session-kind",
        "col-session-started",
        "col-session-last-used",
        "col-session-address",
        "col-action",
    ]
    .map(|id| tr.t(id));
    html! {
        h2 #sessions { (tr.t("account-sessions-heading")) }
        p.hint { (tr.t("account-sessions-hint")) }
        table.responsive {
            (column_heads(&cols))
            tbody {
                @for s in open {
                    @let kind = kind_label(tr, s.kind);
                    @let here = current == Some(&s.id);
                    tr {
                        td data-label=(cols[0]) {
                            (kind)
                            @if here { " " strong.current-session { (tr.t("session-current")) } }
                        }
                        td data-label=(cols[1]) { (when(&s.started_at)) }
                        td data-label=(cols[2]) { (when(&s.last_seen_at)) }
                        td data-label=(cols[3]) { (s.address.as_deref().unwrap_or("—")) }
                        td data-label=(cols[4]) {
                            form method="post" action={"/account/sessions/" (s.id.as_str()) "/end"} {
                                button.secondary type="submit" {
                                    (tr.t(if here { "sign-out" } else { "session-end" }))
                                    span.visually-hidden { " " (tr.t_args("for-what", &[("what", format!("{kind}, {}", when(&s.started_at)).into())])) }
                                }
                            }
                        }
                    }
                }
            }
        }
        div.actions {
            form method="post" action="/logout" {
                button.secondary type="submit" { (tr.t("sign-out")) }
            }
            form method="post" action="/logout/everywhere" {
                button.danger type="submit" { (tr.t("sign-out-everywhere")) }
            }
        }
    }
}
