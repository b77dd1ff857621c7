//! Citable snapshots: the list, an administrator's form to freeze one, a
//! snapshot's page (filters, as-of date, the SHA-256 of every file) and its
//! downloads, which are checked against those checksums before they leave.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::forms::{ValidForm, ValidPath, ValidQuery, parse_id};
use super::language::Ui;
use super::layout::{self, Nav};
use super::reports::{attachment, format_label, report_file};
use super::routes::Routes;
use super::{AppState, CurrentUser};
use crate::domain::User;
use crate::domain::{Lang, Role};
use crate::error::{AppError, AppResult};
use crate::reports::filters::format_and_lang;
use crate::reports::snapshots::{self, NewSnapshot, Snapshot, SnapshotFile};
use crate::reports::{Format, Report, ReportQuery};
use crate::services;
use crate::services::policy;

pub fn router() -> Routes {
    Routes::new()
        .get("/snapshots", list)
        .post("/snapshots", freeze)
        .get("/snapshots/{id}", show)
        .get("/snapshots/{id}/{file}", download)
}

#[derive(Deserialize, Default, Clone)]
struct FreezeForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    as_of: String,
    #[serde(default)]
    pillar: String,
    #[serde(default)]
    country: String,
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn list_page(
    ui: &Ui,
    user: &User,
    all: &[Snapshot],
    form: &FreezeForm,
    err: Option<&AppError>,
) -> Markup {
    let tr = ui.tr;
    layout::page(
        ui,
        Some(user),
        Nav::Reports,
        &tr.t("snapshots-title"),
        html! {
            h1 { (tr.t("snapshots-title")) }
            p.lead { (tr.t("snapshots-lead")) }
            @if all.is_empty() {
                p.muted { (tr.t("snapshots-none")) }
            } @else {
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
                                td data-label=(tr.t("snapshot-filters")) { (filters_text(ui, &s.filters)) }
                                td data-label=(tr.t("snapshot-frozen")) { (s.created_at.get(..10).unwrap_or(&s.created_at)) " · " (s.created_by) }
                            }
                        }
                    }
                }
            }
            @if user.role() == Role::Admin {
                h2 #freeze { (tr.t("snapshot-freeze-heading")) }
                p.hint { (tr.t("snapshot-freeze-hint")) }
                (layout::form_error(tr, err.map(|e| e.message_in(tr)).as_deref()))
                form.stack method="post" action="/snapshots" {
                    div.field {
                        label for="name" { (tr.t("snapshot-name")) }
                        input #name type="text" name="name" value=(form.name) required maxlength="120"
                            placeholder=(tr.t("snapshot-name-example")) aria-invalid=[layout::invalid(err, "name")] aria-describedby=[layout::invalid(err, "name").map(|_| "form-error")];
                    }
                    div.field {
                        label for="as_of" { (tr.t("snapshot-as-of")) }
                        input #as_of type="date" name="as_of" value=(form.as_of) required aria-invalid=[layout::invalid(err, "as_of")] aria-describedby=[layout::invalid(err, "as_of").map(|_| "form-error")];
                    }
                    div.field {
                        label for="pillar" { (tr.t("label-pillar")) }
                        select #pillar name="pillar" {
                            option value="" { (tr.t("filter-all")) }
                            @for p in crate::domain::Pillar::ALL {
                                option value=(p.number()) selected[form.pillar == p.number().to_string()] {
                                    (tr.t_args("pillar-numbered", &[("roman", p.roman().into())]))
                                }
                            }
                        }
                    }
                    div.field {
                        label for="country" { (tr.t("label-country")) }
                        select #country name="country" {
                            option value="" { (tr.t("filter-all")) }
                            @for c in crate::domain::Country::ALL {
                                option value=(c.code()) selected[form.country == c.code()] { (c.name(tr.lang)) }
                            }
                        }
                    }
                    button type="submit" { (tr.t("snapshot-freeze-submit")) }
                }
            }
        },
    )
}

/// The filters of a snapshot in words, or "all".
fn filters_text(ui: &Ui, filters: &[(String, String)]) -> String {
    if filters.is_empty() {
        return ui.tr.t("snapshot-no-filters");
    }
    let tr = ui.tr;
    filters
        .iter()
        .map(|(k, v)| match k.as_str() {
            "pillar" => v.parse::<crate::domain::Pillar>().map_or_else(
                |_| v.clone(),
                |p| tr.t_args("pillar-numbered", &[("roman", p.roman().into())]),
            ),
            "country" => v
                .parse::<crate::domain::Country>()
                .map_or_else(|_| v.clone(), |c| c.name(tr.lang).to_owned()),
            _ => format!("{k}={v}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
) -> AppResult<Markup> {
    let all = state.db.read(snapshots::list).await?;
    Ok(list_page(&ui, &user, &all, &FreezeForm::default(), None))
}

async fn freeze(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidForm(form): ValidForm<FreezeForm>,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let query = ReportQuery {
        pillar: opt(&form.pillar),
        country: opt(&form.country),
        ..ReportQuery::default()
    };
    let result = match NewSnapshot::parse(&form.name, &form.as_of, query) {
        Ok(new) => services::snapshots::freeze(&state.db, &user, new).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/snapshots/{id}")).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let all = state.db.read(snapshots::list).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                list_page(&ui, &user, &all, &form, Some(&e)),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

fn file_name(s: &Snapshot, report: Report, format: Format, lang: Lang) -> AppResult<String> {
    Ok(report.file_name(&s.filter()?, &s.output(format, lang)))
}

fn file_href(s: &Snapshot, f: &SnapshotFile) -> String {
    let mut q = Vec::new();
    if f.lang != Lang::En {
        q.push(format!("lang={}", f.lang.code()));
    }
    if f.format == Format::CsvSemicolon {
        q.push("sep=semicolon".to_owned());
    }
    let q = if q.is_empty() {
        String::new()
    } else {
        format!("?{}", q.join("&"))
    };
    format!(
        "/snapshots/{}/{}.{}{q}",
        s.id,
        f.report.name(),
        f.format.extension()
    )
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Markup> {
    let id = parse_id(&id)?;
    let (snap, files) = state.db.read(move |conn| snapshots::get(conn, id)).await?;
    let tr = ui.tr;
    Ok(layout::page(
        &ui,
        Some(&user),
        Nav::Reports,
        &snap.name,
        html! {
            p.crumbs { a href="/snapshots" { (tr.t("snapshots-title")) } }
            h1 { (snap.name) }
            dl.facts {
                dt { (tr.t("snapshot-as-of")) } dd { (snap.as_of) }
                dt { (tr.t("snapshot-filters")) } dd { (filters_text(&ui, &snap.filters)) }
                dt { (tr.t("snapshot-frozen")) } dd { (snap.created_at) " · " (snap.created_by) }
            }
            p { (tr.t("snapshot-fixed-explain")) }
            div.table-wrap role="region" tabindex="0" aria-label=(tr.t("snapshot-files-label")) {
                table.checksums {
                    thead { tr {
                        th scope="col" { (tr.t("snapshot-file")) }
                        th scope="col" { (tr.t("snapshot-format")) }
                        th.num scope="col" { (tr.t("snapshot-size")) }
                        th scope="col" { "SHA-256" }
                    } }
                    tbody {
                        @for f in &files {
                            tr {
                                td { a href=(file_href(&snap, f)) download { (file_name(&snap, f.report, f.format, f.lang)?) } }
                                td { (format_label(tr, f.format)) " · " (f.lang.code()) }
                                td.num { (f.size) }
                                td { code.hash { (f.sha256) } }
                            }
                        }
                    }
                }
            }
            p.hint { (tr.t("snapshot-verify-hint")) }
        },
    ))
}

#[derive(Deserialize, Default)]
struct FileQuery {
    lang: Option<String>,
    sep: Option<String>,
}

async fn download(
    State(state): State<AppState>,
    CurrentUser(_user): CurrentUser,
    ValidPath((id, file)): ValidPath<(String, String)>,
    ValidQuery(q): ValidQuery<FileQuery>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let (report, extension) = report_file(&file)?;
    let (format, lang) = format_and_lang(extension, &q.sep, &q.lang)?;
    let (snap, bytes) = state
        .db
        .report(move |conn| snapshots::file(conn, id, report, format, lang))
        .await?;
    Ok(attachment(
        format,
        &file_name(&snap, report, format, lang)?,
        bytes.into(),
    ))
}
