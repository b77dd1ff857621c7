//! The sign-in page and the page behind a one-time link (the first
//! administrator's account, or an invited person's password).

use maud::{Markup, html};

use super::components::{described_by, error_summary, form_error, invalid};
use crate::domain::{Tr, User};
use crate::error::AppError;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};

/// The sign-in form, with the address typed and why it failed, if it did;
/// `kept`: this browser holds text kept from a session that ended.
pub fn sign_in(ui: &Ui, email: &str, next: &str, error: Option<&str>, kept: bool) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        None,
        Nav::None,
        &tr.t("sign-in"),
        html! {
            h1 { (tr.t("sign-in")) }
            @if kept { p.notice.kept role="status" { (tr.t("kept-sign-in")) } }
            (form_error(tr, error))
            form.stack method="post" action="/login" {
                input type="hidden" name="next" value=(next);
                div.field {
                    label for="email" { (tr.t("label-email")) }
                    input #email type="email" name="email" value=(email) autocomplete="username" required aria-describedby=[error.map(|_| "form-error")];
                }
                div.field {
                    label for="password" { (tr.t("label-password")) }
                    input #password type="password" name="password" autocomplete="current-password" required aria-describedby=[error.map(|_| "form-error")];
                }
                button type="submit" { (tr.t("sign-in")) }
            }
            p { a href="/password/forgot" { (tr.t("forgot-link")) } }
            p.hint { (tr.t("sign-in-hint")) }
        },
    )
}

/// The second step of signing in: a code of the person's second factor.
pub fn code(ui: &Ui, error: Option<&str>) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        None,
        Nav::None,
        &tr.t("code-title"),
        html! {
            h1 { (tr.t("code-title")) }
            (form_error(tr, error))
            form.stack method="post" action="/login/code" {
                div.field {
                    label for="code" { (tr.t("label-code")) }
                    p.hint #code-hint { (tr.t("code-hint")) }
                    input #code type="text" name="code" required maxlength="64" autocomplete="one-time-code" autocapitalize="none" spellcheck="false" autofocus
                        aria-describedby={ @if error.is_some() { "form-error " } "code-hint" };
                }
                button type="submit" { (tr.t("code-submit")) }
            }
            p { a href="/login" { (tr.t("code-start-again")) } }
        },
    )
}

/// "Forgot your password?": the form, or (`asked`) the answer, which is
/// the same whether or not the address has an account. `mail` says whether
/// this tracker can send mail at all.
pub fn forgot(ui: &Ui, mail: bool, err: Option<&AppError>, asked: bool) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        None,
        Nav::None,
        &tr.t("forgot-title"),
        html! {
            h1 { (tr.t("forgot-title")) }
            @if asked {
                p.notice role="status" { (tr.t("forgot-asked")) }
            } @else {
                @if !mail { p.callout { (tr.t("forgot-no-mail")) } }
                p { (tr.t("forgot-intro")) }
                (error_summary(tr, err))
                form.stack method="post" action="/password/forgot" {
                    div.field {
                        label for="email" { (tr.t("label-email")) }
                        input #email type="email" name="email" required maxlength="254" autocomplete="username"
                            aria-invalid=[invalid(err, "email")] aria-describedby=[described_by(err, "email", None)];
                    }
                    button type="submit" { (tr.t("forgot-submit")) }
                }
            }
            p { a href="/login" { (tr.t("forgot-back")) } }
        },
    )
}

/// A one-time link's page: for the invited person (`invited`), or else for
/// the first administrator, with what they typed when it was refused.
pub struct SetupPage<'a> {
    pub token: &'a str,
    pub invited: Option<&'a User>,
    pub err: Option<&'a AppError>,
    pub email: &'a str,
    pub name: &'a str,
}

pub fn setup(ui: &Ui, page: &SetupPage) -> Markup {
    let tr = ui.tr;
    let title = if page.invited.is_some() {
        tr.t("setup-title-invited")
    } else {
        tr.t("setup-title-admin")
    };
    layout::page(
        ui,
        None,
        Nav::None,
        &title,
        html! {
            h1 { (title) }
            @if let Some(u) = page.invited {
                p { (tr.t_args("setup-welcome", &[("name", u.name.as_str().into()), ("email", u.email.as_str().into())])) }
            } @else {
                p { (tr.t("setup-admin-intro")) }
            }
            (error_summary(tr, page.err))
            (setup_form(tr, page))
        },
    )
}

fn setup_form(tr: Tr, page: &SetupPage) -> Markup {
    let err = page.err;
    html! {
        form.stack method="post" action={"/setup/" (page.token)} {
            @if page.invited.is_none() {
                div.field {
                    label for="name" { (tr.t("label-your-name")) }
                    input #name type="text" name="name" value=(page.name) required maxlength="200" autocomplete="name" aria-invalid=[invalid(err, "name")] aria-describedby=[described_by(err, "name", None)];
                }
                div.field {
                    label for="email" { (tr.t("label-email")) }
                    input #email type="email" name="email" value=(page.email) required autocomplete="username" aria-invalid=[invalid(err, "email")] aria-describedby=[described_by(err, "email", None)];
                }
            }
            div.field {
                label for="password" { (tr.t("label-password")) }
                p.hint #password-hint { (tr.t_args("password-hint", &[("min", crate::domain::PASSWORD_MIN.into())])) }
                // The error before the hint, unlike the other forms.
                input #password type="password" name="password" required minlength="12" autocomplete="new-password" aria-invalid=[invalid(err, "password")]
                    aria-describedby={ @if invalid(err, "password").is_some() { "form-error " } "password-hint" };
            }
            div.field {
                label for="password2" { (tr.t("label-password-again")) }
                input #password2 type="password" name="password2" required minlength="12" autocomplete="new-password" aria-invalid=[invalid(err, "password2")] aria-describedby=[described_by(err, "password2", None)];
            }
            button type="submit" { (tr.t("setup-submit")) }
        }
    }
}
