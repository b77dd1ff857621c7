//! The reporting cycles page: each outcome document's cycle and days to
//! report, one form each.

use maud::{Markup, html};

use super::components::{error_summary, localized, notice};
use crate::db::schedules::DocumentSchedule;
use crate::domain::User;
use crate::domain::cycle::Cycle;
use crate::error::AppError;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};

/// Every document's schedule; `failed`: the document whose form was
/// refused and why; `saved`: a change went through.
pub struct SchedulesPage<'a> {
    pub user: &'a User,
    pub docs: &'a [DocumentSchedule],
    pub failed: Option<(i64, &'a AppError)>,
    pub saved: bool,
}

pub fn page(ui: &Ui, page: &SchedulesPage) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(page.user),
        Nav::Admin,
        &tr.t("reporting-title"),
        html! {
            h1 { (tr.t("reporting-title")) }
            p.lead { (tr.t("reporting-lead")) }
            @if page.saved { (notice(&tr.t("reporting-saved"))) }
            @for d in page.docs {
                section.panel aria-labelledby={"doc-" (d.document_id)} {
                    h2 id={"doc-" (d.document_id)} { (localized(tr, &d.title_en, &d.title_ru)) }
                    @if let Some((_, e)) = page.failed.filter(|(id, _)| *id == d.document_id) {
                        (error_summary(tr, Some(e)))
                    }
                    form.stack method="post" action={"/admin/reporting/" (d.document_id)} {
                        input type="hidden" name="version" value=(d.version);
                        div.field {
                            label for={"cycle-" (d.document_id)} { (tr.t("reporting-cycle")) }
                            select id={"cycle-" (d.document_id)} name="cycle" {
                                @for c in [Cycle::Annual, Cycle::Semiannual] {
                                    option value=(c.as_str()) selected[d.schedule.cycle == c] { (tr.t(cycle_id(c))) }
                                }
                            }
                        }
                        div.field {
                            label for={"days-" (d.document_id)} { (tr.t("reporting-due-days")) }
                            p.hint id={"days-hint-" (d.document_id)} { (tr.t("reporting-due-days-hint")) }
                            input id={"days-" (d.document_id)} type="number" name="due_days" min="0" max="365"
                                value=(d.schedule.due_days.get()) aria-describedby={"days-hint-" (d.document_id)} required;
                        }
                        button type="submit" { (tr.t("reporting-save")) }
                    }
                    @if let Some(at) = &d.updated_at { p.hint { (tr.t_args("reporting-last-changed", &[("at", at.as_str().into())])) } }
                }
            }
        },
    )
}

fn cycle_id(c: Cycle) -> &'static str {
    match c {
        Cycle::Annual => "cycle-annual",
        Cycle::Semiannual => "cycle-semiannual",
    }
}
