//! Logging progress (or keeping it as a draft first), reviewing it,
//! revising what came back, and the conversation on each update.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::Markup;
use serde::Deserialize;

use super::forms::{ValidForm, ValidPath, ValidQuery, new_form_id, parse_id};
use super::kept::{self, SignedForm};
use super::language::Ui;
use super::paging::Paging;
use super::routes::Routes;
use super::views::updates::{
    self as view, CommentForm, Filled, MinePage, QueuePage, ShowPage, UpdateForm,
};
use super::{AppState, CurrentUser};
use crate::db::tracks::TrackInfo;
use crate::db::updates::{self, UpdateView};
use crate::domain::{
    CommentText, Country, Decision, Draft, FormId, NewUpdate, ReviewComment, Sensitivity, User,
    Viewer,
};
use crate::error::{AppError, AppResult};
use crate::services::updates::Sent;
use crate::services::{self, policy};

pub fn router() -> Routes {
    Routes::new()
        .get("/tracks/{id}/updates/new", new_form)
        .post("/tracks/{id}/updates", create)
        .get("/updates/{id}", show)
        .post("/updates/{id}/review", review)
        .post("/updates/{id}/sensitivity", change_sensitivity)
        .post("/updates/{id}/comments", comment)
        .get("/updates/{id}/revise", revise_form)
        .post("/updates/{id}/revise", revise)
        .get("/updates/{id}/edit", edit_form)
        .post("/updates/{id}/edit", edit)
        .get("/review", queue)
        .get("/my-updates", mine)
}

/// The fields of the form, checked as the API's body is.
fn parse_form(f: &UpdateForm) -> AppResult<NewUpdate> {
    Ok(draft_form(f)?.complete()?)
}

/// The fields of the form as a draft, which need not be complete yet.
fn draft_form(f: &UpdateForm) -> AppResult<Draft> {
    let draft = Draft::parse(
        &f.period,
        &f.status,
        &f.narrative_en,
        &f.narrative_ru,
        &f.evidence_url,
    )?;
    let sensitivity =
        Sensitivity::optional(&f.sensitivity).map_err(|e| AppError::invalid("sensitivity", e))?;
    Ok(match sensitivity {
        Some(s) => draft.with_sensitivity(s),
        None => draft,
    })
}

/// What an update form asks for: to keep a draft, or to submit.
enum Asked {
    Draft(Draft),
    Submit(NewUpdate),
}

/// The form's request and the id it was shown with, or why it is refused.
fn read_form(f: &UpdateForm) -> AppResult<(Asked, Option<FormId>)> {
    let form_id = FormId::parse(&f.form_id)?;
    let asked = if f.wants_draft() {
        Asked::Draft(draft_form(f)?)
    } else {
        Asked::Submit(parse_form(f)?)
    };
    Ok((asked, form_id))
}

/// Where a browser goes once its form was sent: a draft kept goes back to
/// its form, anything else to the update's page.
fn answered(sent: Sent, draft: bool) -> Response {
    let to = match sent {
        Sent::Done(id) if draft => format!("/updates/{id}/edit?done=draft-saved"),
        Sent::Done(id) => format!("/updates/{id}?done=submitted"),
        Sent::Before(id) => format!("/updates/{id}?done=already-sent"),
    };
    Redirect::to(&to).into_response()
}

async fn load_writable_track(state: &AppState, user: &User, id: &str) -> AppResult<TrackInfo> {
    policy::ensure_can_submit(user)?;
    services::updates::writable_track(&state.db, user, parse_id(id)?).await
}

async fn new_form(
    State(state): State<AppState>,
    ui: Ui,
    jar: CookieJar,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Response> {
    let track = load_writable_track(&state, &user, &id).await?;
    let page = format!("/tracks/{}/updates/new", track.id);
    // The form starts on the report the track owes.
    let (cid, country) = (track.commitment_id, track.country);
    let owed = state
        .db
        .read(move |conn| crate::db::due::owed_period(conn, cid, country))
        .await?;
    let fresh = || UpdateForm {
        period: owed.map(|p| p.to_string()).unwrap_or_default(),
        ..UpdateForm::empty(new_form_id())
    };
    let (jar, form, kept) = kept::take_or(&state, jar, &user, page, fresh).await?;
    let filled = Filled::shown(&form, kept);
    Ok((jar, view::new_page(&ui, &user, &track, &filled)).into_response())
}

fn invalid_page(page: Markup) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

async fn create(
    State(state): State<AppState>,
    ui: Ui,
    ValidPath(id): ValidPath,
    SignedForm(user, form): SignedForm<UpdateForm>,
) -> AppResult<Response> {
    // Who may write here is settled before the body is looked at.
    let track = load_writable_track(&state, &user, &id).await?;
    let ValidForm(form) = form?;
    let (db, t) = (&state.db, track.id);
    let sent = match read_form(&form) {
        Ok((Asked::Draft(d), f)) => services::updates::start_draft(db, &user, t, d, f).await?,
        Ok((Asked::Submit(n), f)) => {
            services::updates::submit(db, &user, t, n, f, state.link_base()).await?
        }
        Err(e) => {
            let filled = Filled::refused(&form, &e);
            return Ok(invalid_page(view::new_page(&ui, &user, &track, &filled)));
        }
    };
    Ok(answered(sent, form.wants_draft()))
}

#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
    country: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    jar: CookieJar,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    ValidQuery(q): ValidQuery<Done>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let shown = services::updates::shown(&state.db, &user, id).await?;
    let fresh = || CommentForm {
        form_id: new_form_id(),
        ..CommentForm::default()
    };
    let (jar, form, kept) = match shown.comments {
        Some(_) => kept::take_or(&state, jar, &user, format!("/updates/{id}"), fresh).await?,
        None => (jar, fresh(), false),
    };
    let page = ShowPage {
        user: &user,
        shown: &shown,
        done: q.done.as_deref(),
        reply: Filled::shown(&form, kept),
    };
    Ok((jar, view::show(&ui, &page)).into_response())
}

#[derive(Deserialize)]
struct ReviewForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
    /// Empty: as the author proposed.
    #[serde(default)]
    sensitivity: String,
}

async fn review(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    form: Result<ValidForm<ReviewForm>, AppError>,
) -> AppResult<Response> {
    policy::ensure_reviewer(&user)?;
    let id = parse_id(&id)?;
    let ValidForm(form) = form?;
    let decision: Decision = form
        .decision
        .parse()
        .map_err(|e| AppError::invalid("decision", e))?;
    let comment =
        ReviewComment::parse(&form.comment).map_err(|e| AppError::invalid("comment", e))?;
    let sensitivity = Sensitivity::optional(&form.sensitivity)
        .map_err(|e| AppError::invalid("sensitivity", e))?;
    let result = services::updates::review(
        &state.db,
        &user,
        id,
        (decision, sensitivity),
        comment,
        state.link_base(),
    )
    .await;
    match result {
        Ok(s) => Ok(Redirect::to(&format!("/review?done={}", s.as_str())).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let shown = services::updates::shown(&state.db, &user, id).await?;
            let (update, current) = (&shown.update, shown.current.as_ref());
            Ok(invalid_page(view::review_refused(
                &ui, &user, update, current, &e,
            )))
        }
        Err(e) => Err(e),
    }
}

/// A comment added to the conversation on an update.
async fn comment(
    State(state): State<AppState>,
    ui: Ui,
    ValidPath(id): ValidPath,
    SignedForm(user, form): SignedForm<CommentForm>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    services::updates::check_commenter_of(&state.db, &user, id).await?;
    let ValidForm(form) = form?;
    let read = CommentText::parse(&form.body)
        .map_err(|e| AppError::invalid("body", e))
        .and_then(|b| Ok((b, FormId::parse(&form.form_id)?)));
    let (body, form_id) = match read {
        Ok(r) => r,
        Err(e) => return comment_refused(&state, &ui, &user, id, &form, &e).await,
    };
    let sent =
        services::updates::add_comment(&state.db, &user, id, body, form_id, state.link_base())
            .await?;
    let to = match sent {
        Sent::Done(c) => format!("/updates/{id}?done=commented#comment-{c}"),
        Sent::Before(c) => format!("/updates/{id}?done=already-sent#comment-{c}"),
    };
    Ok(Redirect::to(&to).into_response())
}

/// The update's page again, with the comment as typed and why it was refused.
async fn comment_refused(
    state: &AppState,
    ui: &Ui,
    user: &User,
    id: i64,
    form: &CommentForm,
    e: &AppError,
) -> AppResult<Response> {
    let shown = services::updates::shown(&state.db, user, id).await?;
    let page = ShowPage {
        user,
        shown: &shown,
        done: None,
        reply: Filled::refused(form, e),
    };
    Ok(invalid_page(view::show(ui, &page)))
}

async fn load_returned(state: &AppState, user: &User, id: &str) -> AppResult<UpdateView> {
    policy::ensure_can_submit(user)?;
    services::updates::revisable(&state.db, user, parse_id(id)?).await
}

async fn revise_form(
    State(state): State<AppState>,
    ui: Ui,
    jar: CookieJar,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
) -> AppResult<Response> {
    let old = load_returned(&state, &user, &id).await?;
    let page = format!("/updates/{}/revise", old.id);
    let fresh = || UpdateForm::from_update(&old, new_form_id());
    let (jar, form, kept) = kept::take_or(&state, jar, &user, page, fresh).await?;
    let filled = Filled::shown(&form, kept);
    Ok((jar, view::revise_page(&ui, &user, &old, &filled)).into_response())
}

async fn revise(
    State(state): State<AppState>,
    ui: Ui,
    ValidPath(id): ValidPath,
    SignedForm(user, form): SignedForm<UpdateForm>,
) -> AppResult<Response> {
    policy::ensure_can_submit(&user)?;
    let old = services::updates::visible(&state.db, &user, parse_id(&id)?).await?;
    let ValidForm(form) = form?;
    let read = parse_form(&form).and_then(|n| Ok((n, FormId::parse(&form.form_id)?)));
    let (db, old_id) = (&state.db, old.id);
    match read {
        Ok((new, f)) => {
            let sent =
                services::updates::resubmit(db, &user, old_id, new, f, state.link_base()).await?;
            Ok(answered(sent, false))
        }
        Err(e) => {
            let old = load_returned(&state, &user, &id).await?;
            let filled = Filled::refused(&form, &e);
            Ok(invalid_page(view::revise_page(&ui, &user, &old, &filled)))
        }
    }
}

/// A draft's form, for its author.
async fn edit_form(
    State(state): State<AppState>,
    ui: Ui,
    jar: CookieJar,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    ValidQuery(q): ValidQuery<Done>,
) -> AppResult<Response> {
    let draft = services::updates::own_draft(&state.db, &user, parse_id(&id)?).await?;
    let page = format!("/updates/{}/edit", draft.id);
    let fresh = || UpdateForm::from_update(&draft, String::new());
    let (jar, form, kept) = kept::take_or(&state, jar, &user, page, fresh).await?;
    let filled = Filled::shown(&form, kept);
    let done = q.done.as_deref();
    Ok((jar, view::edit_page(&ui, &user, &draft, &filled, done)).into_response())
}

/// A draft saved again, or submitted, by its author. Sent again once
/// submitted, it is answered with the update it became.
async fn edit(
    State(state): State<AppState>,
    ui: Ui,
    ValidPath(id): ValidPath,
    SignedForm(user, form): SignedForm<UpdateForm>,
) -> AppResult<Response> {
    policy::ensure_can_submit(&user)?;
    let id = parse_id(&id)?;
    let ValidForm(form) = form?;
    let db = &state.db;
    let sent = match read_form(&form) {
        Ok((Asked::Draft(d), _)) => services::updates::save_draft(db, &user, id, d).await?,
        Ok((Asked::Submit(n), _)) => {
            services::updates::submit_draft(db, &user, id, Some(n.into()), state.link_base())
                .await?
        }
        Err(e) => {
            let draft = services::updates::own_draft(db, &user, id).await?;
            let filled = Filled::refused(&form, &e);
            let page = view::edit_page(&ui, &user, &draft, &filled, None);
            return Ok(invalid_page(page));
        }
    };
    Ok(answered(sent, form.wants_draft()))
}

async fn queue(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<Done>,
    paging: Paging,
) -> AppResult<Markup> {
    policy::ensure_reviewer(&user)?;
    let country = match q.country.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(
            c.parse::<Country>()
                .map_err(|e| AppError::invalid("country", e))?,
        ),
    };
    let viewer = Viewer::of(&user);
    let (items, total) = state
        .db
        .read(move |conn| updates::queue(conn, &viewer, country, paging.sql()))
        .await?;
    Ok(view::queue(
        &ui,
        &QueuePage {
            user: &user,
            items: &items,
            total: usize::try_from(total).unwrap_or(0),
            country,
            paging,
            done: q.done.as_deref(),
        },
    ))
}

async fn mine(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    paging: Paging,
) -> AppResult<Markup> {
    policy::ensure_can_submit(&user)?;
    let u = user.clone();
    let (items, total, (waiting, _)) = state
        .db
        .read(move |conn| {
            let (items, total) = updates::by_author(conn, &Viewer::of(&u), u.id, paging.sql())?;
            Ok((
                items,
                total,
                updates::counts_for(conn, u.id, u.role().can_review())?,
            ))
        })
        .await?;
    Ok(view::mine(
        &ui,
        &MinePage {
            user: &user,
            items: &items,
            total: usize::try_from(total).unwrap_or(0),
            waiting,
            paging,
        },
    ))
}

#[derive(Deserialize)]
struct SensitivityForm {
    #[serde(default)]
    sensitivity: String,
}

/// A reviewer changes who may read an accepted update.
async fn change_sensitivity(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    form: Result<ValidForm<SensitivityForm>, AppError>,
) -> AppResult<Response> {
    policy::ensure_reviewer(&user)?;
    let id = parse_id(&id)?;
    services::updates::visible(&state.db, &user, id).await?;
    let ValidForm(form) = form?;
    let to: Sensitivity = form
        .sensitivity
        .parse()
        .map_err(|e| AppError::invalid("sensitivity", e))?;
    services::updates::change_sensitivity(&state.db, &user, id, to).await?;
    Ok(Redirect::to(&format!("/updates/{id}?done=sensitivity")).into_response())
}
