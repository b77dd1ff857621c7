//! A person's second factor: enrolling (a QR code and the secret as text,
//! then the first code), the recovery codes shown once, and, once enrolled,
//! new recovery codes or removing the factor, each asking for the password
//! and a code again.

use maud::{Markup, html};

use super::components::{described_by, error_summary, invalid, notice};
use crate::domain::{PASSWORD_MAX, Tr, User};
use crate::error::AppError;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};

/// The enrolment page: the secret as text and as a QR code (`qr`, an SVG
/// document), and the form for the first code.
pub struct EnrolPage<'a> {
    pub user: &'a User,
    pub secret: &'a str,
    pub qr: &'a str,
    /// Whether the account may use nothing else until it is enrolled.
    pub required: bool,
    pub err: Option<&'a AppError>,
    pub notice: Option<&'static str>,
}

pub fn enrol(ui: &Ui, page: &EnrolPage) -> Markup {
    let (tr, err) = (ui.tr, page.err);
    let qr = format!("data:image/svg+xml,{}", crate::web::urlencode(page.qr));
    layout::page(
        ui,
        Some(page.user),
        Nav::None,
        &tr.t("factor-enrol-title"),
        html! {
            h1 { (tr.t("factor-enrol-title")) }
            @if let Some(id) = page.notice { (notice(&tr.t(id))) }
            @if page.required { p.callout { (tr.t("factor-required")) } }
            ol.steps {
                li { (tr.t("factor-step-app")) }
                li {
                    (tr.t("factor-step-scan"))
                    div.qr { img src=(qr) width="200" height="200" alt=(tr.t("factor-qr-alt")); }
                    p { (tr.t("factor-step-type")) " " code #totp-secret.secret { (page.secret) } }
                }
                li { (tr.t("factor-step-code")) }
            }
            (error_summary(tr, err))
            form.stack method="post" action="/account/second-factor" {
                (code_field(tr, err))
                button type="submit" { (tr.t("factor-enrol-submit")) }
            }
        },
    )
}

fn code_field(tr: Tr, err: Option<&AppError>) -> Markup {
    html! {
        div.field {
            label for="code" { (tr.t("label-code")) }
            input #code type="text" name="code" required maxlength="64" autocomplete="one-time-code"
                autocapitalize="none" spellcheck="false"
                aria-invalid=[invalid(err, "code")] aria-describedby=[described_by(err, "code", None)];
        }
    }
}

/// The recovery codes, shown once: after enrolling, or when renewed.
pub fn recovery_codes(ui: &Ui, user: &User, codes: &[String], first: bool) -> Markup {
    let tr = ui.tr;
    let title = if first {
        tr.t("factor-enrolled-title")
    } else {
        tr.t("factor-codes-title")
    };
    layout::page(
        ui,
        Some(user),
        Nav::None,
        &title,
        html! {
            h1 { (title) }
            p { (tr.t("factor-codes-once")) }
            ol #recovery-codes.codes {
                @for c in codes { li { code { (c) } } }
            }
            p { a href="/" { (tr.t("factor-codes-kept")) } }
        },
    )
}

/// The page of an enrolled person: how many recovery codes are left, and
/// the forms to renew them or remove the factor.
pub struct ManagePage<'a> {
    pub user: &'a User,
    pub codes_left: i64,
    pub err: Option<&'a AppError>,
    /// Which form the refusal is about: `renew` or `remove`.
    pub failed: Option<&'a str>,
}

pub fn manage(ui: &Ui, page: &ManagePage) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(page.user),
        Nav::None,
        &tr.t("factor-title"),
        html! {
            h1 { (tr.t("factor-title")) }
            p { (tr.t("factor-on")) }
            p { (tr.t_args("factor-codes-left", &[("count", page.codes_left.into())])) }
            h2 { (tr.t("factor-renew-heading")) }
            p.hint { (tr.t("factor-renew-hint")) }
            (reauth_form(tr, page, "renew", "/account/second-factor/recovery-codes", "factor-renew-submit"))
            h2 { (tr.t("factor-remove-heading")) }
            p.hint { (tr.t("factor-remove-hint")) }
            (reauth_form(tr, page, "remove", "/account/second-factor/remove", "factor-remove-submit"))
        },
    )
}

/// A form that asks for the password and a code again; field ids are
/// prefixed with `which`, as the page has two.
fn reauth_form(tr: Tr, page: &ManagePage, which: &str, action: &str, submit: &str) -> Markup {
    let err = page.err.filter(|_| page.failed == Some(which));
    let (pw, code) = (format!("{which}-password"), format!("{which}-code"));
    let described = |field: &str| described_by(err, field, None);
    html! {
        @if err.is_some() { (error_summary(tr, err)) }
        form.stack method="post" action=(action) {
            div.field {
                label for=(pw) { (tr.t("label-password")) }
                input id=(pw) type="password" name="password" required autocomplete="current-password" maxlength=(PASSWORD_MAX)
                    aria-invalid=[invalid(err, "password")] aria-describedby=[described("password")];
            }
            div.field {
                label for=(code) { (tr.t("label-code")) }
                input id=(code) type="text" name="code" required maxlength="64" autocomplete="one-time-code"
                    autocapitalize="none" spellcheck="false"
                    aria-invalid=[invalid(err, "code")] aria-describedby=[described("code")];
            }
            button type="submit" { (tr.t(submit)) }
        }
    }
}
