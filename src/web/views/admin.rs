//! Account administration pages: the accounts with the form for a new one,
//! and the form to edit one.

use maud::{Markup, html};
use serde::Deserialize;

use super::components::{column_heads, described_by, error_summary, invalid, notice};
use crate::db::users::Account;
use crate::domain::{Country, Role, Tr, User};
use crate::error::AppError;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};
use crate::web::paging::{self, Paging};

/// Name, email, role and country as typed, for a new account or an edit.
#[derive(Deserialize, Default, Clone)]
pub struct NewUserForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub country: String,
}

impl NewUserForm {
    /// The form filled in with an account as saved.
    pub fn of(a: &Account) -> NewUserForm {
        NewUserForm {
            email: a.user.email.clone(),
            name: a.user.name.clone(),
            role: a.user.role().as_str().to_owned(),
            country: a
                .user
                .country()
                .map_or_else(String::new, |c| c.code().to_owned()),
        }
    }
}

/// What the accounts page says above the list.
pub enum Notice<'a> {
    /// A change went through (the message id).
    Done(&'static str),
    /// A one-time link to hand to `who`.
    Link { who: &'a str, link: &'a str },
}

/// The accounts (page `paging` of them) and the form for a new one, refused
/// with `err` or empty.
pub struct AccountsPage<'a> {
    pub user: &'a User,
    pub accounts: &'a [Account],
    pub paging: Paging,
    pub form: NewUserForm,
    pub err: Option<&'a AppError>,
    pub notice: Option<Notice<'a>>,
}

impl<'a> AccountsPage<'a> {
    /// The first page of the accounts, an empty form, no notice.
    pub fn new(user: &'a User, accounts: &'a [Account]) -> AccountsPage<'a> {
        AccountsPage {
            user,
            accounts,
            paging: Paging::default(),
            form: NewUserForm::default(),
            err: None,
            notice: None,
        }
    }
}

pub fn accounts(ui: &Ui, page: &AccountsPage) -> Markup {
    let (tr, err) = (ui.tr, page.err);
    layout::page(
        ui,
        Some(page.user),
        Nav::Admin,
        &tr.t("accounts-title"),
        html! {
            h1 { (tr.t("accounts-title")) }
            p { a href="/admin/audit" { (tr.t("audit-title")) } (tr.t("accounts-audit-after")) }
            p { a href="/admin/reporting" { (tr.t("reporting-title")) } " · " a href="/admin/import" { (tr.t("nav-import")) } " · " a href="/snapshots#freeze" { (tr.t("snapshot-freeze-heading")) } " · " a href="/guide/admin" { (tr.t("guide-admin-title")) } }
            @match &page.notice {
                Some(Notice::Done(id)) => (notice(&tr.t(id))),
                Some(Notice::Link { who, link }) => (link_notice(tr, who, link)),
                None => {}
            }
            p role="status" { (tr.t_args("accounts-count", &[("n", page.accounts.len().into())])) }
            @let shown = page.paging.slice(page.accounts);
            @if !shown.is_empty() {
                (table(tr, page.user, shown))
            }
            (paging::pager(tr, page.paging, page.accounts.len(), "/admin/users", &[], ""))
            h2 #new { (tr.t("account-create-heading")) }
            p.hint { (tr.t("account-create-hint")) }
            (error_summary(tr, err))
            form.stack method="post" action="/admin/users" {
                (who_fields(tr, &page.form, err))
                button type="submit" { (tr.t("account-create-submit")) }
            }
        },
    )
}

/// The accounts shown, each with what can be done to it.
fn table(tr: Tr, me: &User, shown: &[Account]) -> Markup {
    let cols = [
        "label-name",
        "label-email",
        "label-role",
        "label-country",
        "col-account-state",
        "col-action",
    ]
    .map(|id| tr.t(id));
    html! {
        table.responsive {
            (column_heads(&cols))
            tbody {
                @for a in shown {
                    tr {
                        td data-label=(cols[0]) { (a.user.name) @if a.is_demo { " " span.demo { (tr.t("demo-badge")) } } }
                        td data-label=(cols[1]) { (a.user.email) }
                        td data-label=(cols[2]) { (tr.t(a.user.role().label_id())) }
                        td data-label=(cols[3]) { (a.user.country().map_or("—", |c| c.name(tr.lang))) }
                        td data-label=(cols[4]) {
                            @if !a.active { (tr.t("account-deactivated")) }
                            @else if !a.has_password { (tr.t("account-invited")) }
                            @else { (tr.t("account-active")) }
                            @if a.user.second_factor { " · " (tr.t("account-has-factor")) }
                        }
                        td data-label=(cols[5]) { (actions(tr, me, a)) }
                    }
                }
            }
        }
    }
}

fn actions(tr: Tr, me: &User, a: &Account) -> Markup {
    html! {
        div.actions {
            a href={"/admin/users/" (a.user.id)} { (tr.t("account-edit")) span.visually-hidden { " " (a.user.email) } }
            @if a.active && a.user.id != me.id {
                form method="post" action={"/admin/users/" (a.user.id) "/deactivate"} {
                    input type="hidden" name="version" value=(a.version);
                    button.danger type="submit" { (tr.t("account-deactivate")) span.visually-hidden { " " (a.user.email) } }
                }
            }
            @if !a.active {
                form method="post" action={"/admin/users/" (a.user.id) "/activate"} {
                    input type="hidden" name="version" value=(a.version);
                    button.secondary type="submit" { (tr.t("account-reactivate")) span.visually-hidden { " " (a.user.email) } }
                }
            }
            @if a.user.second_factor && a.user.id != me.id {
                form method="post" action={"/admin/users/" (a.user.id) "/second-factor/remove"} {
                    button.danger type="submit" { (tr.t("account-remove-factor")) span.visually-hidden { " " (tr.t_args("for-what", &[("what", a.user.email.as_str().into())])) } }
                }
            }
            @if a.active && a.user.id != me.id {
                form method="post" action={"/admin/users/" (a.user.id) "/invite"} {
                    button.secondary type="submit" { (tr.t("account-new-link")) span.visually-hidden { " " (tr.t_args("for-what", &[("what", a.user.email.as_str().into())])) } }
                }
            }
        }
    }
}

/// Name, email, role and country, for a new account or an edited one.
fn who_fields(tr: Tr, form: &NewUserForm, err: Option<&AppError>) -> Markup {
    html! {
        div.field {
            label for="name" { (tr.t("label-name")) }
            input #name type="text" name="name" value=(form.name) required maxlength="200" aria-invalid=[invalid(err, "name")] aria-describedby=[described_by(err, "name", None)];
        }
        div.field {
            label for="email" { (tr.t("label-email")) }
            input #email type="email" name="email" value=(form.email) required maxlength="254" aria-invalid=[invalid(err, "email")] aria-describedby=[described_by(err, "email", None)];
        }
        div.field {
            label for="role" { (tr.t("label-role")) }
            select #role name="role" required aria-invalid=[invalid(err, "role")] aria-describedby=[described_by(err, "role", None)] {
                // Nothing chosen until someone chooses: a skipped field must
                // not make another administrator.
                option value="" selected[form.role.is_empty()] { (tr.t("choose-role")) }
                @for r in Role::ALL {
                    option value=(r.as_str()) selected[form.role == r.as_str()] { (tr.t(r.label_id())) }
                }
            }
        }
        div.field {
            label for="country" { (tr.t("label-country-focal-only")) }
            select #country name="country" aria-invalid=[invalid(err, "country")] aria-describedby=[described_by(err, "country", None)] {
                option value="" { "—" }
                @for c in Country::ALL.into_iter().filter(|c| c.is_state()) {
                    option value=(c.code()) selected[form.country == c.code()] { (c.name(tr.lang)) }
                }
            }
        }
    }
}

fn link_notice(tr: Tr, who: &str, link: &str) -> Markup {
    html! {
        div.notice role="status" {
            p { (tr.t_args("link-notice", &[("who", who.into())])) }
            p { code.code #invite-link { (link) } }
        }
    }
}

/// An account's edit form, with the version it was read at.
pub struct EditPage<'a> {
    pub user: &'a User,
    pub account: &'a Account,
    pub form: &'a NewUserForm,
    pub err: Option<&'a AppError>,
}

pub fn edit(ui: &Ui, page: &EditPage) -> Markup {
    let (tr, account) = (ui.tr, page.account);
    let title = tr.t_args(
        "account-edit-title",
        &[("who", account.user.email.as_str().into())],
    );
    layout::page(
        ui,
        Some(page.user),
        Nav::Admin,
        &title,
        html! {
            p { a href="/admin/users" { (tr.t("accounts-title")) } }
            h1 { (title) }
            p.hint { (tr.t("account-edit-hint")) }
            (error_summary(tr, page.err))
            form.stack method="post" action={"/admin/users/" (account.user.id)} {
                input type="hidden" name="version" value=(account.version);
                (who_fields(tr, page.form, page.err))
                button type="submit" { (tr.t("account-edit-submit")) }
            }
        },
    )
}
