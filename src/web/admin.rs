//! Account administration: list, create (with a one-time link for the new
//! person to choose their password), edit, deactivate and reactivate.
//! Edits carry the version they were read at: a stale form gets 409.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::error::HttpError;
use super::forms::{ValidForm, ValidPath, ValidQuery, parse_id, parse_version};
use super::language::Ui;
use super::layout::{self, Nav};
use super::paging::{self, Paging};
use super::routes::Routes;
use super::{AppState, CurrentUser};
use crate::db::audit::Actor;
use crate::db::users::{self, Account, NewUser};
use crate::domain::User;
use crate::domain::{Country, Email, PersonName, Role};
use crate::domain::{Msg, Tr};
use crate::error::{AppError, AppResult};
use crate::services::policy;

pub fn router() -> Routes {
    Routes::new()
        .get("/admin/users", list)
        .post("/admin/users", create)
        .get("/admin/users/{id}", edit_page)
        .post("/admin/users/{id}", save)
        .post("/admin/users/{id}/deactivate", deactivate)
        .post("/admin/users/{id}/activate", activate)
        .post("/admin/users/{id}/invite", reinvite)
}

/// How long an invitation link stays valid.
pub fn invite_lifetime() -> chrono::Duration {
    chrono::Duration::days(7)
}

#[derive(Deserialize, Default)]
struct Flash {
    done: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
struct NewUserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    country: String,
}

impl NewUserForm {
    fn of(a: &Account) -> NewUserForm {
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

    fn parse(&self) -> AppResult<NewUser> {
        let email = Email::parse(&self.email).map_err(|e| AppError::invalid("email", e))?;
        let name = PersonName::parse(self.name.trim()).map_err(|e| AppError::invalid("name", e))?;
        let role: Role = self
            .role
            .parse()
            .map_err(|e| AppError::invalid("role", e))?;
        let country = match self.country.trim() {
            "" => None,
            c => Some(
                c.parse::<Country>()
                    .map_err(|e| AppError::invalid("country", e))?,
            ),
        };
        Ok(NewUser::new(email, name, role, country)?)
    }
}

/// The site's address for links to hand out: the configured base URL, or
/// else the address the admin's own browser used.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(base) = &state.base_url {
        return base.to_string();
    }
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map_or_else(String::new, |h| format!("http://{h}"))
}

/// The accounts (page `paging` of them) and the form for a new one.
fn page(
    ui: &Ui,
    user: &User,
    (accounts, paging): (&[Account], Paging),
    form: &NewUserForm,
    err: Option<&AppError>,
    notice: Option<Markup>,
) -> Markup {
    let tr = ui.tr;
    let cols = [
        "label-name",
        "label-email",
        "label-role",
        "label-country",
        "col-account-state",
        "col-action",
    ]
    .map(|id| tr.t(id));
    layout::page(
        ui,
        Some(user),
        Nav::Admin,
        &tr.t("accounts-title"),
        html! {
            h1 { (tr.t("accounts-title")) }
            p { a href="/admin/audit" { (tr.t("audit-title")) } (tr.t("accounts-audit-after")) }
            p { a href="/admin/reporting" { (tr.t("reporting-title")) } " · " a href="/admin/import" { (tr.t("nav-import")) } " · " a href="/snapshots#freeze" { (tr.t("snapshot-freeze-heading")) } " · " a href="/guide/admin" { (tr.t("guide-admin-title")) } }
            @if let Some(n) = notice { (n) }
            p role="status" { (tr.t_args("accounts-count", &[("n", accounts.len().into())])) }
            @let shown = paging.slice(accounts);
            @if !shown.is_empty() {
            table.responsive {
                thead { tr {
                    @for c in &cols { th scope="col" { (c) } }
                } }
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
                            }
                            td data-label=(cols[5]) {
                                div.actions {
                                    a href={"/admin/users/" (a.user.id)} { (tr.t("account-edit")) span.visually-hidden { " " (a.user.email) } }
                                    @if a.active && a.user.id != user.id {
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
                                    @if a.active && a.user.id != user.id {
                                        form method="post" action={"/admin/users/" (a.user.id) "/invite"} {
                                            button.secondary type="submit" { (tr.t("account-new-link")) span.visually-hidden { " " (tr.t_args("for-what", &[("what", a.user.email.as_str().into())])) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            }
            (paging::pager(tr, paging, accounts.len(), "/admin/users", &[], ""))
            h2 #new { (tr.t("account-create-heading")) }
            p.hint { (tr.t("account-create-hint")) }
            (layout::form_error(tr, err.map(|e| e.message_in(tr)).as_deref()))
            form.stack method="post" action="/admin/users" {
                (who_fields(tr, form, err))
                button type="submit" { (tr.t("account-create-submit")) }
            }
        },
    )
}

/// Name, email, role and country, for a new account or an edited one.
fn who_fields(tr: Tr, form: &NewUserForm, err: Option<&AppError>) -> Markup {
    html! {
        div.field {
            label for="name" { (tr.t("label-name")) }
            input #name type="text" name="name" value=(form.name) required maxlength="200" aria-invalid=[layout::invalid(err, "name")] aria-describedby=[layout::invalid(err, "name").map(|_| "form-error")];
        }
        div.field {
            label for="email" { (tr.t("label-email")) }
            input #email type="email" name="email" value=(form.email) required maxlength="254" aria-invalid=[layout::invalid(err, "email")] aria-describedby=[layout::invalid(err, "email").map(|_| "form-error")];
        }
        div.field {
            label for="role" { (tr.t("label-role")) }
            select #role name="role" required aria-invalid=[layout::invalid(err, "role")] aria-describedby=[layout::invalid(err, "role").map(|_| "form-error")] {
                @for r in Role::ALL {
                    option value=(r.as_str()) selected[form.role == r.as_str()] { (tr.t(r.label_id())) }
                }
            }
        }
        div.field {
            label for="country" { (tr.t("label-country-focal-only")) }
            select #country name="country" aria-invalid=[layout::invalid(err, "country")] aria-describedby=[layout::invalid(err, "country").map(|_| "form-error")] {
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

async fn load(state: &AppState) -> AppResult<Vec<Account>> {
    state.db.read(users::list).await
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<Flash>,
    paging: Paging,
) -> AppResult<Markup> {
    policy::ensure_admin(&user)?;
    let accounts = load(&state).await?;
    let notice = match q.done.as_deref() {
        Some("setup") => Some("done-setup"),
        Some("deactivated") => Some("done-deactivated"),
        Some("activated") => Some("done-activated"),
        Some("saved") => Some("done-account-saved"),
        _ => None,
    }
    .map(|id| layout::notice(&ui.tr.t(id)));
    Ok(page(
        &ui,
        &user,
        (&accounts, paging),
        &NewUserForm::default(),
        None,
        notice,
    ))
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    ValidForm(form): ValidForm<NewUserForm>,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let result = match form.parse() {
        Ok(new) => {
            let admin = user.clone();
            state
                .db
                .write(move |tx| {
                    let id = users::create(tx, Actor::User(&admin), &new, "")?;
                    users::new_password_token(tx, Actor::User(&admin), Some(id), invite_lifetime())
                })
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(token) => {
            let accounts = load(&state).await?;
            let link = format!("{}/setup/{token}", origin(&state, &headers));
            let notice = link_notice(ui.tr, form.email.trim(), &link);
            Ok((
                StatusCode::CREATED,
                page(
                    &ui,
                    &user,
                    (&accounts, Paging::default()),
                    &NewUserForm::default(),
                    None,
                    Some(notice),
                ),
            )
                .into_response())
        }
        Err(e @ AppError::Invalid { .. }) => {
            let accounts = load(&state).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(
                    &ui,
                    &user,
                    (&accounts, Paging::default()),
                    &form,
                    Some(&e),
                    None,
                ),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
struct VersionForm {
    #[serde(default)]
    version: String,
}

async fn set_active(
    state: &AppState,
    user: &User,
    id: &str,
    form: &VersionForm,
    active: bool,
) -> AppResult<Response> {
    policy::ensure_admin(user)?;
    let id = parse_id(id)?;
    if id == user.id && !active {
        return Err(AppError::conflict(Msg::new("err-deactivate-self")));
    }
    let version = parse_version(&form.version)?;
    let admin = user.clone();
    state
        .db
        .write(move |tx| users::set_active(tx, Actor::User(&admin), id, version, active))
        .await?;
    let done = if active { "activated" } else { "deactivated" };
    Ok(Redirect::to(&format!("/admin/users?done={done}")).into_response())
}

async fn deactivate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    ValidForm(form): ValidForm<VersionForm>,
) -> AppResult<Response> {
    set_active(&state, &user, &id, &form, false).await
}

async fn activate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    ValidForm(form): ValidForm<VersionForm>,
) -> AppResult<Response> {
    set_active(&state, &user, &id, &form, true).await
}

#[derive(Deserialize, Default, Clone)]
struct EditForm {
    #[serde(flatten)]
    who: NewUserForm,
    #[serde(default)]
    version: String,
}

fn edit_form(
    ui: &Ui,
    user: &User,
    account: &Account,
    form: &NewUserForm,
    version: i64,
    err: Option<&AppError>,
) -> Markup {
    let tr = ui.tr;
    let title = tr.t_args(
        "account-edit-title",
        &[("who", account.user.email.as_str().into())],
    );
    layout::page(
        ui,
        Some(user),
        Nav::Admin,
        &title,
        html! {
            p { a href="/admin/users" { (tr.t("accounts-title")) } }
            h1 { (title) }
            p.hint { (tr.t("account-edit-hint")) }
            (layout::form_error(tr, err.map(|e| e.message_in(tr)).as_deref()))
            form.stack method="post" action={"/admin/users/" (account.user.id)} {
                input type="hidden" name="version" value=(version);
                (who_fields(tr, form, err))
                button type="submit" { (tr.t("account-edit-submit")) }
            }
        },
    )
}

async fn edit_page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Markup> {
    policy::ensure_admin(&user)?;
    let id = parse_id(&id)?;
    let account = state.db.read(move |conn| users::get(conn, id)).await?;
    let form = NewUserForm::of(&account);
    Ok(edit_form(
        &ui,
        &user,
        &account,
        &form,
        account.version,
        None,
    ))
}

async fn save(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    ValidForm(form): ValidForm<EditForm>,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let id = parse_id(&id)?;
    let account = state.db.read(move |conn| users::get(conn, id)).await?;
    let checked = form.who.parse().and_then(|change| {
        if id == user.id && change.role() != Role::Admin {
            return Err(AppError::conflict(Msg::new("err-change-own-role")));
        }
        Ok((change, parse_version(&form.version)?))
    });
    let result = match checked {
        Ok((change, version)) => {
            let admin = user.clone();
            state
                .db
                .write(move |tx| users::update(tx, Actor::User(&admin), id, version, &change))
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/admin/users?done=saved").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let page = edit_form(&ui, &user, &account, &form.who, account.version, Some(&e));
            Ok((e.status(), page).into_response())
        }
        // Someone else saved first: show what is saved now.
        Err(e @ AppError::Conflict(_)) => {
            let account = state.db.read(move |conn| users::get(conn, id)).await?;
            let saved = NewUserForm::of(&account);
            let page = edit_form(&ui, &user, &account, &saved, account.version, Some(&e));
            Ok((e.status(), page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// A new one-time link, e.g. for someone who lost their password. The old
/// password stops working only when the new one is set.
async fn reinvite(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    ValidPath(id): ValidPath,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let id = parse_id(&id)?;
    let account = state.db.read(move |conn| users::get(conn, id)).await?;
    if !account.active {
        return Err(AppError::conflict(Msg::new("err-reactivate-first")));
    }
    let admin = user.clone();
    let token = state
        .db
        .write(move |tx| {
            users::new_password_token(tx, Actor::User(&admin), Some(id), invite_lifetime())
        })
        .await?;
    let accounts = load(&state).await?;
    let link = format!("{}/setup/{token}", origin(&state, &headers));
    Ok(page(
        &ui,
        &user,
        (&accounts, Paging::default()),
        &NewUserForm::default(),
        None,
        Some(link_notice(ui.tr, &account.user.email, &link)),
    )
    .into_response())
}
