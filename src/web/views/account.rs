//! A person's own account page: who they are, and the form to change
//! their password.

use maud::{Markup, html};

use super::components::{described_by, error_summary, invalid, notice};
use crate::domain::{PASSWORD_MAX, PASSWORD_MIN, User};
use crate::error::AppError;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};

/// `err`: why a change was refused; `done`: a change went through.
pub fn page(ui: &Ui, user: &User, err: Option<&AppError>, done: bool) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(user),
        Nav::None,
        &tr.t("account-title"),
        html! {
            h1 { (tr.t("account-title")) }
            p { (user.name) " · " (user.email) " · " (tr.t(user.role().label_id())) }
            @if done { (notice(&tr.t("account-password-changed"))) }
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
        },
    )
}
