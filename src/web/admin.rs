//! Account administration: list, create (with a one-time link for the new
//! person to choose their password), deactivate and reactivate.

use super::forms::{ValidPath, ValidQuery};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{Markup, html};
use serde::Deserialize;

use super::forms::{ValidForm, parse_id};
use super::layout::{self, Nav};
use super::{AppState, CurrentUser};
use crate::auth::policy;
use crate::db::audit::Actor;
use crate::db::users::{self, Account, NewUser, User};
use crate::domain::{Country, Email, PersonName, Role};
use crate::error::{AppError, AppResult};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list).post(create))
        .route("/admin/users/{id}/deactivate", post(deactivate))
        .route("/admin/users/{id}/activate", post(activate))
        .route("/admin/users/{id}/invite", post(reinvite))
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
        NewUser::new(email, name, role, country)
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

fn page(
    user: &User,
    accounts: &[Account],
    form: &NewUserForm,
    err: Option<&AppError>,
    notice: Option<Markup>,
) -> Markup {
    layout::page(
        Some(user),
        Nav::Admin,
        "Accounts",
        html! {
            h1 { "Accounts" }
            p { a href="/admin/audit" { "Audit log" } ": every account change, sign-in and review decision." }
            @if let Some(n) = notice { (n) }
            table.responsive {
                thead { tr {
                    th scope="col" { "Name" } th scope="col" { "Email" } th scope="col" { "Role" }
                    th scope="col" { "Country" } th scope="col" { "State" } th scope="col" { "Action" }
                } }
                tbody {
                    @for a in accounts {
                        tr {
                            td data-label="Name" { (a.user.name) @if a.is_demo { " " span.demo { "demo" } } }
                            td data-label="Email" { (a.user.email) }
                            td data-label="Role" { (a.user.role.label()) }
                            td data-label="Country" { (a.user.country.map_or("—", Country::name_en)) }
                            td data-label="State" {
                                @if !a.active { "Deactivated" }
                                @else if !a.has_password { "Invited (no password yet)" }
                                @else { "Active" }
                            }
                            td data-label="Action" {
                                div.actions {
                                    @if a.active && a.user.id != user.id {
                                        form method="post" action={"/admin/users/" (a.user.id) "/deactivate"} {
                                            button.danger type="submit" { "Deactivate" span.visually-hidden { " " (a.user.email) } }
                                        }
                                    }
                                    @if !a.active {
                                        form method="post" action={"/admin/users/" (a.user.id) "/activate"} {
                                            button.secondary type="submit" { "Reactivate" span.visually-hidden { " " (a.user.email) } }
                                        }
                                    }
                                    @if a.active && a.user.id != user.id {
                                        form method="post" action={"/admin/users/" (a.user.id) "/invite"} {
                                            button.secondary type="submit" { "New password link" span.visually-hidden { " for " (a.user.email) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 #new { "Create an account" }
            p.hint { "The new person gets a one-time link, valid for 7 days, to choose their own password. Nobody else ever knows it." }
            (layout::form_error(err.map(|e| e.to_string()).as_deref()))
            form.stack method="post" action="/admin/users" {
                div.field {
                    label for="name" { "Name" }
                    input #name type="text" name="name" value=(form.name) required maxlength="200";
                }
                div.field {
                    label for="email" { "Email" }
                    input #email type="email" name="email" value=(form.email) required maxlength="254";
                }
                div.field {
                    label for="role" { "Role" }
                    select #role name="role" required {
                        @for r in Role::ALL {
                            option value=(r.as_str()) selected[form.role == r.as_str()] { (r.label()) }
                        }
                    }
                }
                div.field {
                    label for="country" { "Country (focal points only)" }
                    select #country name="country" {
                        option value="" { "—" }
                        @for c in Country::ALL.into_iter().filter(|c| c.is_state()) {
                            option value=(c.code()) selected[form.country == c.code()] { (c.name_en()) }
                        }
                    }
                }
                button type="submit" { "Create account" }
            }
        },
    )
}

fn link_notice(who: &str, link: &str) -> Markup {
    html! {
        div.notice role="status" {
            p { "Send this one-time link to " strong { (who) } " so they can choose a password. It is shown only now and works once, for 7 days:" }
            p { code.code #invite-link { (link) } }
        }
    }
}

async fn load(state: &AppState) -> AppResult<Vec<Account>> {
    state.db.read(users::list).await
}

async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<Flash>,
) -> AppResult<Markup> {
    policy::ensure_admin(&user)?;
    let accounts = load(&state).await?;
    let notice = match q.done.as_deref() {
        Some("setup") => Some(layout::notice(
            "Your administrator account is ready. Create accounts for focal points, reviewers and donors below.",
        )),
        Some("deactivated") => Some(layout::notice(
            "The account was deactivated; its sessions and tokens have ended.",
        )),
        Some("activated") => Some(layout::notice("The account was reactivated.")),
        _ => None,
    };
    Ok(page(
        &user,
        &accounts,
        &NewUserForm::default(),
        None,
        notice,
    ))
}

async fn create(
    State(state): State<AppState>,
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
            let notice = link_notice(form.email.trim(), &link);
            Ok((
                StatusCode::CREATED,
                page(
                    &user,
                    &accounts,
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
                page(&user, &accounts, &form, Some(&e), None),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

async fn set_active(state: &AppState, user: &User, id: &str, active: bool) -> AppResult<Response> {
    policy::ensure_admin(user)?;
    let id = parse_id(id)?;
    if id == user.id && !active {
        return Err(AppError::conflict(
            "You cannot deactivate your own account.",
        ));
    }
    let admin = user.clone();
    state
        .db
        .write(move |tx| users::set_active(tx, Actor::User(&admin), id, active))
        .await?;
    let done = if active { "activated" } else { "deactivated" };
    Ok(Redirect::to(&format!("/admin/users?done={done}")).into_response())
}

async fn deactivate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Response> {
    set_active(&state, &user, &id, false).await
}

async fn activate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Response> {
    set_active(&state, &user, &id, true).await
}

/// A new one-time link, e.g. for someone who lost their password. The old
/// password stops working only when the new one is set.
async fn reinvite(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    ValidPath(id): ValidPath,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let id = parse_id(&id)?;
    let account = state.db.read(move |conn| users::get(conn, id)).await?;
    if !account.active {
        return Err(AppError::conflict("Reactivate the account first."));
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
        &user,
        &accounts,
        &NewUserForm::default(),
        None,
        Some(link_notice(&account.user.email, &link)),
    )
    .into_response())
}
