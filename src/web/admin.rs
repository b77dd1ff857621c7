//! Account administration: list, create (with a one-time link for the new
//! person to choose their password), edit, deactivate and reactivate.
//! Edits carry the version they were read at: a stale form gets 409.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;

use super::error::HttpError;
use super::forms::{ValidForm, ValidPath, ValidQuery, parse_id, parse_version};
use super::language::Ui;
use super::paging::Paging;
use super::routes::Routes;
use super::views::admin::{self as view, AccountsPage, EditPage, NewUserForm, Notice};
use super::{AppState, CurrentUser};
use crate::db::users::{self, Account, NewUser};
use crate::domain::{Country, Email, Msg, PersonName, Role, User};
use crate::error::{AppError, AppResult};
use crate::services::{self, policy};

pub fn router() -> Routes {
    Routes::new()
        .get("/admin/users", list)
        .post("/admin/users", create)
        .get("/admin/users/{id}", edit_page)
        .post("/admin/users/{id}", save)
        .post("/admin/users/{id}/deactivate", deactivate)
        .post("/admin/users/{id}/activate", activate)
        .post("/admin/users/{id}/invite", reinvite)
        .post("/admin/users/{id}/second-factor/remove", remove_factor)
}

#[derive(Deserialize, Default)]
struct Flash {
    done: Option<String>,
}

fn new_user(form: &NewUserForm) -> AppResult<NewUser> {
    let email = Email::parse(&form.email).map_err(|e| AppError::invalid("email", e))?;
    let name = PersonName::parse(form.name.trim()).map_err(|e| AppError::invalid("name", e))?;
    if form.role.trim().is_empty() {
        return Err(AppError::invalid(
            "role",
            Msg::new("err-role-needed").into(),
        ));
    }
    let role: Role = form
        .role
        .parse()
        .map_err(|e| AppError::invalid("role", e))?;
    let country = match form.country.trim() {
        "" => None,
        c => Some(
            c.parse::<Country>()
                .map_err(|e| AppError::invalid("country", e))?,
        ),
    };
    Ok(NewUser::new(email, name, role, country)?)
}

/// The site's address for links to hand out: the configured base URL, or
/// else the address the admin's own browser used, when it is a plain host
/// and port; anything else in `Host` gives a link relative to the site.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(base) = &state.base_url {
        return base.to_string();
    }
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| plain_authority(h))
        .map_or_else(String::new, |h| format!("http://{h}"))
}

/// `host`, `host:port` or `[v6]:port`, and nothing that could carry a path,
/// a query or credentials into a link.
fn plain_authority(h: &str) -> bool {
    let (host, port) = match h.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(':') && !port.contains(']') => (host, Some(port)),
        _ => (h, None),
    };
    let host_ok = match host.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
        None => {
            !host.is_empty()
                && host.len() <= 253
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        }
    };
    host_ok && port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0))
}

/// The one-time link behind `token`, to hand to the person.
fn setup_link(state: &AppState, headers: &HeaderMap, token: &str) -> String {
    format!("{}/setup/{token}", origin(state, headers))
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
    let done = match q.done.as_deref() {
        Some("setup") => Some("done-setup"),
        Some("deactivated") => Some("done-deactivated"),
        Some("activated") => Some("done-activated"),
        Some("saved") => Some("done-account-saved"),
        Some("factor-removed") => Some("done-factor-removed"),
        _ => None,
    };
    let page = AccountsPage {
        paging,
        notice: done.map(Notice::Done),
        ..AccountsPage::new(&user, &accounts)
    };
    Ok(view::accounts(&ui, &page))
}

/// Creates the account, without a password, and the link to choose one.
async fn invite(state: &AppState, admin: &User, new: NewUser) -> AppResult<String> {
    let (valid, base) = (state.settings.invite_lifetime, state.link_base());
    services::accounts::invite(&state.db, admin, new, valid, base).await
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    ValidForm(form): ValidForm<NewUserForm>,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let result = match new_user(&form) {
        Ok(new) => invite(&state, &user, new).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(token) => {
            let accounts = load(&state).await?;
            let link = setup_link(&state, &headers, &token);
            let page = AccountsPage {
                notice: Some(Notice::Link {
                    who: form.email.trim(),
                    link: &link,
                }),
                ..AccountsPage::new(&user, &accounts)
            };
            Ok((StatusCode::CREATED, view::accounts(&ui, &page)).into_response())
        }
        Err(e @ AppError::Invalid { .. }) => {
            let accounts = load(&state).await?;
            let page = AccountsPage {
                form,
                err: Some(&e),
                ..AccountsPage::new(&user, &accounts)
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view::accounts(&ui, &page)).into_response())
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
    let version = parse_version(&form.version)?;
    services::accounts::set_active(&state.db, user, id, version, active).await?;
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

async fn edit_page(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Markup> {
    policy::ensure_admin(&user)?;
    let id = parse_id(&id)?;
    let account = state.db.read(move |conn| users::get(conn, id)).await?;
    Ok(view::edit(
        &ui,
        &EditPage {
            user: &user,
            account: &account,
            form: &NewUserForm::of(&account),
            err: None,
        },
    ))
}

/// Saves an edit made at the form's version; an administrator keeps their
/// own role.
async fn update(state: &AppState, admin: &User, id: i64, form: &EditForm) -> AppResult<()> {
    let change = new_user(&form.who)?;
    let version = parse_version(&form.version)?;
    services::accounts::update(&state.db, admin, id, version, change).await
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
    let result = update(&state, &user, id, &form).await;
    let refused = |account: &Account, form: &NewUserForm, e: &AppError| {
        let page = EditPage {
            user: &user,
            account,
            form,
            err: Some(e),
        };
        (e.status(), view::edit(&ui, &page)).into_response()
    };
    match result {
        Ok(()) => Ok(Redirect::to("/admin/users?done=saved").into_response()),
        Err(e @ AppError::Invalid { .. }) => Ok(refused(&account, &form.who, &e)),
        // Someone else saved first: show what is saved now.
        Err(e @ AppError::Conflict(_)) => {
            let account = state.db.read(move |conn| users::get(conn, id)).await?;
            Ok(refused(&account, &NewUserForm::of(&account), &e))
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
    let (token, account) = services::accounts::reinvite(
        &state.db,
        &user,
        id,
        state.settings.invite_lifetime,
        state.link_base(),
    )
    .await?;
    let accounts = load(&state).await?;
    let link = setup_link(&state, &headers, &token);
    let page = AccountsPage {
        notice: Some(Notice::Link {
            who: &account.user.email,
            link: &link,
        }),
        ..AccountsPage::new(&user, &accounts)
    };
    Ok(view::accounts(&ui, &page).into_response())
}

/// Someone else's second factor goes (a lost phone); they enrol again at
/// their next sign-in. Audited.
async fn remove_factor(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Response> {
    policy::ensure_admin(&user)?;
    let id = parse_id(&id)?;
    services::second_factor::reset(&state.db, &user, id).await?;
    Ok(Redirect::to("/admin/users?done=factor-removed").into_response())
}

#[cfg(test)]
mod tests {
    use super::plain_authority;

    #[test]
    fn only_a_plain_host_and_port_make_a_link() {
        for ok in [
            "127.0.0.1:8080",
            "tracker.example.org",
            "[::1]:8080",
            "a-b.example:443",
        ] {
            assert!(plain_authority(ok), "{ok}");
        }
        for bad in [
            "evil.example/x?",
            "user@evil.example",
            "evil.example:80/x",
            "evil.example:0",
            "evil.example:99999",
            "evil example",
            "[::1",
            "",
            "evil.example#",
        ] {
            assert!(!plain_authority(bad), "{bad}");
        }
    }
}
