//! The reports page: filters, and the links to each report in each format.

use maud::{Markup, html};

use super::components::{as_of_banner, as_of_field, filter_fields, format_label};
use crate::db::commitments::Reference;
use crate::db::tracks::TrackFilter;
use crate::domain::{Lang, User};
use crate::reports::{Format, Report, ReportQuery};
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};
use crate::web::with_query;

/// Takes off the apostrophe the CSV writer puts before formula-like text
/// (`reports::csv_out::neutralise`) and no other: a person's own leading
/// apostrophe stays.
const PANDAS_UNQUOTE: &str =
    r#"df[col] = df[col].str.replace(r"^'(?=[=+\-@\t\r])", "", regex=True)"#;

/// What the reports page shows: the filters as asked and as read.
pub struct ReportsPage<'a> {
    pub user: &'a User,
    pub q: &'a ReportQuery,
    pub filter: &'a TrackFilter,
    pub reference: &'a Reference,
}

pub fn page(ui: &Ui, page: &ReportsPage) -> Markup {
    let (tr, q) = (ui.tr, page.q);
    // Name columns in the page's language unless another was chosen.
    let lang = q.lang.clone().unwrap_or_else(|| tr.lang.code().to_owned());
    layout::page(
        ui,
        Some(page.user),
        Nav::Reports,
        &tr.t("reports-title"),
        html! {
            h1 { (tr.t("reports-title")) }
            (as_of_banner(tr, page.filter, "/reports", q))
            p { (tr.t("reports-lead")) }
            // The links come first: on a phone the filter form is a screen
            // and a half, and most visits download with no filter at all.
            h2 { (tr.t("reports-download")) }
            (downloads(ui, q, &lang))
            p.hint { (tr.t("reports-formats-hint")) }
            p.hint {
                (tr.t("reports-csv-quote-hint")) " " (tr.t("reports-csv-quote-pandas")) " "
                code { (PANDAS_UNQUOTE) }
            }
            p { a href="/snapshots" { (tr.t("snapshot-link")) } }
            h2 #filters { (tr.t("reports-filters-heading")) }
            p.hint { (tr.t("reports-filters-lead")) }
            form.filters method="get" action="/reports" aria-labelledby="filters" {
                (filter_fields(tr, q, page.reference, false))
                div.field {
                    label for="from" { (tr.t("reports-from-period")) }
                    input #from type="text" name="from" value=(q.from.as_deref().unwrap_or("")) placeholder="2022" size="8" pattern="20[23][0-9](-H[12])?";
                }
                div.field {
                    label for="to" { (tr.t("reports-to-period")) }
                    input #to type="text" name="to" value=(q.to.as_deref().unwrap_or("")) placeholder="2031-H2" size="8" pattern="20[23][0-9](-H[12])?";
                }
                (as_of_field(tr, q))
                div.field {
                    label for="lang" { (tr.t("reports-names-language")) }
                    select #lang name="lang" {
                        @for l in Lang::ALL {
                            option value=(l.code()) selected[lang == l.code()] { (l.native_name()) }
                        }
                    }
                }
                div.actions { button type="submit" { (tr.t("reports-apply")) } a href="/reports" { (tr.t("filter-clear")) } }
            }
            p.hint { (tr.t("reports-periods-hint")) }
        },
    )
}

/// Each report in each format, with the page's filters and names language.
fn downloads(ui: &Ui, q: &ReportQuery, lang: &str) -> Markup {
    let tr = ui.tr;
    let mut pairs: Vec<(&str, String)> = q
        .pairs()
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "q" | "lang" | "sep"))
        .collect();
    pairs.push(("lang", lang.to_owned()));
    let href = |r: Report, f: Format| {
        let mut p = pairs.clone();
        if f == Format::CsvSemicolon {
            p.push(("sep", "semicolon".to_owned()));
        }
        with_query(&format!("/reports/{}.{}", r.name(), f.extension()), &p)
    };
    html! {
        ul.downloads {
            @for r in Report::ALL {
                li {
                    strong { (tr.t(r.title_id())) }
                    " (" (tr.t("reports-file")) " " code { (r.name()) } ") — " (tr.t(r.describe_id()))
                    ul.formats {
                        @for f in Format::ALL {
                            li { a href=(href(r, f)) download { (format_label(tr, f)) span.visually-hidden { " " (tr.t(r.title_id())) } } }
                        }
                    }
                }
            }
        }
    }
}
