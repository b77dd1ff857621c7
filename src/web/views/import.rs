//! The import page: the form for a CSV file, then what was imported or
//! why nothing was, and what each column means.

use maud::{Markup, html};

use super::components::{error_summary, invalid};
use crate::db::import::{self, Problem, Summary};
use crate::domain::{Tr, User};
use crate::error::AppError;
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};

/// What the page shows under the form: nothing yet, what was imported, or
/// why nothing was.
pub enum Outcome {
    None,
    Imported(String, Summary),
    Refused(String, Vec<Problem>),
}

/// `err`: the form could not be read; `upload_limit`: the largest file, in bytes.
pub struct ImportPage<'a> {
    pub user: &'a User,
    pub outcome: &'a Outcome,
    pub err: Option<&'a AppError>,
    pub upload_limit: usize,
}

pub fn page(ui: &Ui, page: &ImportPage) -> Markup {
    let (tr, err) = (ui.tr, page.err);
    let title = tr.t("import-title");
    layout::page(
        ui,
        Some(page.user),
        Nav::Admin,
        &title,
        html! {
            p { a href="/admin/users" { (tr.t("accounts-title")) } }
            h1 { (title) }
            p.lead { (tr.t("import-lead")) }
            @match page.outcome {
                Outcome::Imported(file, s) => (summary(tr, file, s)),
                Outcome::Refused(file, problems) => (problem_list(tr, file, problems)),
                Outcome::None => {}
            }
            (error_summary(tr, err))
            form.stack method="post" action="/admin/import" enctype="multipart/form-data" {
                div.field {
                    label for="file" { (tr.t("import-file-label")) }
                    p.hint #file-hint { (tr.t_args("import-file-hint", &[("mb", (page.upload_limit >> 20).into())])) }
                    input #file type="file" name="file" accept=".csv,text/csv" required
                        aria-describedby="file-hint" aria-invalid=[invalid(err, "file")];
                }
                button type="submit" { (tr.t("import-submit")) }
            }
            h2 #columns { (tr.t("import-columns-heading")) }
            p { (tr.t("import-columns-lead")) }
            table.responsive {
                thead { tr {
                    th scope="col" { (tr.t("import-col-column")) }
                    th scope="col" { (tr.t("import-col-meaning")) }
                } }
                tbody {
                    @for name in import::COLUMNS {
                        tr {
                            td data-label=(tr.t("import-col-column")) { code { (name) } }
                            td data-label=(tr.t("import-col-meaning")) { (tr.t(&format!("import-column-{name}"))) }
                        }
                    }
                }
            }
        },
    )
}

fn summary(tr: Tr, file: &str, s: &Summary) -> Markup {
    let n = |id: &str, v: usize| tr.t_args(id, &[("n", v.into())]);
    html! {
        section.notice role="status" aria-labelledby="import-done" {
            h2 #import-done { (tr.t_args("import-done", &[("file", file.into())])) }
            ul #import-summary {
                li { (n("import-rows", s.rows)) }
                li { (n("import-created", s.created)) }
                li { (n("import-updated", s.updated)) }
                li { (n("import-tracks-added", s.tracks_added)) }
                li { (n("import-tracks-removed", s.tracks_removed)) }
                @if s.themes_created.is_empty() {
                    li { (tr.t("import-no-new-themes")) }
                } @else {
                    li { (tr.t_args("import-new-themes", &[("themes", s.themes_created.join(", ").into())])) }
                }
            }
            p { a href="/commitments" { (tr.t("import-see-commitments")) } " · " a href="/admin/audit?action=import.commitments" { (tr.t("audit-title")) } }
        }
    }
}

fn problem_list(tr: Tr, file: &str, problems: &[Problem]) -> Markup {
    html! {
        section.error-summary #import-problems role="alert" aria-labelledby="import-refused" {
            h2 #import-refused { (tr.t_args("import-refused", &[("file", file.into()), ("n", problems.len().into())])) }
            p { (tr.t("import-refused-hint")) }
            table.responsive {
                thead { tr {
                    th scope="col" { (tr.t("import-col-line")) }
                    th scope="col" { (tr.t("import-col-column")) }
                    th scope="col" { (tr.t("import-col-problem")) }
                } }
                tbody {
                    @for p in problems {
                        tr {
                            td data-label=(tr.t("import-col-line")) { (p.line.map_or_else(|| "—".to_owned(), |l| l.to_string())) }
                            td data-label=(tr.t("import-col-column")) {
                                @match (p.column, &p.name) {
                                    (Some(c), Some(name)) => { (c) " " code { (name) } }
                                    (Some(c), None) => { (c) }
                                    _ => "—",
                                }
                            }
                            td data-label=(tr.t("import-col-problem")) lang="en" { (p.text) }
                        }
                    }
                }
            }
        }
    }
}
