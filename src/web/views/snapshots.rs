//! Snapshots: the list with an administrator's form to freeze one, and a
//! snapshot's page with the checksum of every file.

use maud::{Markup, html};
use serde::Deserialize;

use super::components::{
    country_select, described_by, error_summary, format_label, invalid, pillar_label,
    pillar_select, scroll_region,
};
use crate::domain::{Country, Pillar, Role, Tr, User};
use crate::error::AppError;
use crate::reports::snapshots::{Snapshot, SnapshotFile};
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};

/// The freeze form as sent, shown again when it is refused.
#[derive(Deserialize, Default, Clone)]
pub struct FreezeForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub as_of: String,
    #[serde(default)]
    pub pillar: String,
    #[serde(default)]
    pub country: String,
}

/// The list, and for an administrator the form (refused with `err`).
pub struct ListPage<'a> {
    pub user: &'a User,
    pub all: &'a [Snapshot],
    pub form: &'a FreezeForm,
    pub err: Option<&'a AppError>,
}

pub fn list(ui: &Ui, page: &ListPage) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(page.user),
        Nav::Reports,
        &tr.t("snapshots-title"),
        html! {
            h1 { (tr.t("snapshots-title")) }
            p.lead { (tr.t("snapshots-lead")) }
            @if page.all.is_empty() {
                p.muted { (tr.t("snapshots-none")) }
            } @else {
                (table(tr, page.all))
            }
            @if page.user.role() == Role::Admin {
                (freeze_form(tr, page.form, page.err))
            }
        },
    )
}

fn table(tr: Tr, all: &[Snapshot]) -> Markup {
    html! {
        table.responsive {
            thead { tr {
                th scope="col" { (tr.t("snapshot-name")) }
                th scope="col" { (tr.t("snapshot-as-of")) }
                th scope="col" { (tr.t("snapshot-filters")) }
                th scope="col" { (tr.t("snapshot-frozen")) }
            } }
            tbody {
                @for s in all {
                    tr {
                        td data-label=(tr.t("snapshot-name")) { a href={"/snapshots/" (s.id)} { (s.name) } }
                        td data-label=(tr.t("snapshot-as-of")) { (s.as_of) }
                        td data-label=(tr.t("snapshot-filters")) { (filters_text(tr, &s.filters)) }
                        td data-label=(tr.t("snapshot-frozen")) { (s.created_at.get(..10).unwrap_or(&s.created_at)) " · " (s.created_by) }
                    }
                }
            }
        }
    }
}

fn freeze_form(tr: Tr, form: &FreezeForm, err: Option<&AppError>) -> Markup {
    html! {
        h2 #freeze { (tr.t("snapshot-freeze-heading")) }
        p.hint { (tr.t("snapshot-freeze-hint")) }
        (error_summary(tr, err))
        form.stack method="post" action="/snapshots" {
            div.field {
                label for="name" { (tr.t("snapshot-name")) }
                input #name type="text" name="name" value=(form.name) required maxlength="120"
                    placeholder=(tr.t("snapshot-name-example")) aria-invalid=[invalid(err, "name")] aria-describedby=[described_by(err, "name", None)];
            }
            div.field {
                label for="as_of" { (tr.t("snapshot-as-of")) }
                input #as_of type="date" name="as_of" value=(form.as_of) required aria-invalid=[invalid(err, "as_of")] aria-describedby=[described_by(err, "as_of", None)];
            }
            (pillar_select(tr, Some(&form.pillar)))
            (country_select(tr, Some(&form.country)))
            button type="submit" { (tr.t("snapshot-freeze-submit")) }
        }
    }
}

/// The filters of a snapshot in words, or "all".
fn filters_text(tr: Tr, filters: &[(String, String)]) -> String {
    if filters.is_empty() {
        return tr.t("snapshot-no-filters");
    }
    filters
        .iter()
        .map(|(k, v)| match k.as_str() {
            "pillar" => v
                .parse::<Pillar>()
                .map_or_else(|_| v.clone(), |p| pillar_label(tr, p)),
            "country" => v
                .parse::<Country>()
                .map_or_else(|_| v.clone(), |c| c.name(tr.lang).to_owned()),
            _ => format!("{k}={v}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn file_href(s: &Snapshot, f: &SnapshotFile) -> String {
    format!("/snapshots/{}/{}", s.id, f.file_and_query())
}

/// A snapshot and its files, each with the name it downloads under.
pub struct SnapshotPage<'a> {
    pub user: &'a User,
    pub snap: &'a Snapshot,
    pub files: &'a [(SnapshotFile, String)],
}

pub fn show(ui: &Ui, page: &SnapshotPage) -> Markup {
    let (tr, snap) = (ui.tr, page.snap);
    layout::page(
        ui,
        Some(page.user),
        Nav::Reports,
        &snap.name,
        html! {
            p.crumbs { a href="/snapshots" { (tr.t("snapshots-title")) } }
            h1 { (snap.name) }
            dl.facts {
                dt { (tr.t("snapshot-as-of")) } dd { (snap.as_of) }
                dt { (tr.t("snapshot-filters")) } dd { (filters_text(tr, &snap.filters)) }
                dt { (tr.t("snapshot-frozen")) } dd { (snap.created_at) " · " (snap.created_by) }
            }
            p { (tr.t("snapshot-fixed-explain")) }
            (scroll_region(&tr.t("snapshot-files-label"), &tr.t("scroll-hint"), html! {
                table.checksums {
                    thead { tr {
                        th scope="col" { (tr.t("snapshot-file")) }
                        th scope="col" { (tr.t("snapshot-format")) }
                        th.num scope="col" { (tr.t("snapshot-size")) }
                        th scope="col" { "SHA-256" }
                    } }
                    tbody {
                        @for (f, name) in page.files {
                            tr {
                                td { a href=(file_href(snap, f)) download { (name) } }
                                td { (format_label(tr, f.format)) " · " (f.lang.code()) }
                                td.num { (f.size) }
                                td { code.hash { (f.sha256) } }
                            }
                        }
                    }
                }
            }))
            p.hint { (tr.t("snapshot-verify-hint")) }
        },
    )
}
