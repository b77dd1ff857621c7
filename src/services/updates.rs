//! Logging progress, keeping it as a draft first, reviewing it, revising
//! what came back, and the conversation on each update.

use crate::db::audit::{self, Actor};
use crate::db::comments::{self, Comment};
use crate::db::tracks::{self, TrackInfo};
use crate::db::updates::{self, UpdateView};
use crate::db::{Db, OptionalRow};
use crate::domain::{
    CommentText, Decision, Draft, FormId, Msg, NewUpdate, ReviewComment, Sensitivity, UpdateState,
    User, Viewer,
};
use crate::error::{AppError, AppResult};
use crate::services::{notify, policy};

/// What a form or body sent came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Done as asked: the id of the update (or comment) written.
    Done(i64),
    /// Nothing done: this form was sent before, or the draft was submitted
    /// already; the id of what it made then.
    Before(i64),
}

/// A track the user may log progress on. Who may write, and where, is
/// settled before a form or body is looked at.
pub async fn writable_track(db: &Db, user: &User, track_id: i64) -> AppResult<TrackInfo> {
    policy::ensure_can_submit(user)?;
    let track = db.read(move |conn| tracks::get(conn, track_id)).await?;
    policy::ensure_can_write_track(user, track.country)?;
    Ok(track)
}

/// Logs an update on a track; the author's right to the track's country is
/// checked against the track as stored, in the same transaction. A form
/// sent again is answered with the update it made; if that one is still a
/// draft, it is submitted with what the form says now.
pub async fn submit(
    db: &Db,
    author: &User,
    track_id: i64,
    new: NewUpdate,
    form: Option<FormId>,
    base: String,
) -> AppResult<Sent> {
    policy::ensure_can_submit(author)?;
    let author = author.clone();
    db.write(move |tx| {
        match sent_from(tx, &author, track_id, form.as_ref())? {
            Some((id, UpdateState::Draft)) => {
                return submit_draft_in(tx, &author, id, Some(new.into()), &base);
            }
            Some((id, _)) => return Ok(Sent::Before(id)),
            None => {}
        }
        let id = updates::insert(tx, author.id, track_id, &new, (None, form.as_ref()))?;
        record_submission(tx, &author, id, track_id, &new, None, &base)?;
        Ok(Sent::Done(id))
    })
    .await
}

/// The update this author sent from this form before, if any.
fn sent_before(
    tx: &rusqlite::Transaction,
    author: &User,
    form: Option<&FormId>,
) -> AppResult<Option<(i64, UpdateState)>> {
    form.map_or(Ok(None), |f| updates::by_form(tx, author.id, f))
}

/// [`sent_before`], for a form on a track the author may write on (the
/// right checked against the track as stored, in the same transaction).
fn sent_from(
    tx: &rusqlite::Transaction,
    author: &User,
    track_id: i64,
    form: Option<&FormId>,
) -> AppResult<Option<(i64, UpdateState)>> {
    let track = tracks::get(tx, track_id)?;
    policy::ensure_can_write_track(author, track.country)?;
    sent_before(tx, author, form)
}

/// Keeps a new update as a draft, seen by its author alone; nothing is
/// audited until it is submitted, since an administrator reads the log. A
/// form sent again saves into the draft it made, unless that one was
/// submitted since.
pub async fn start_draft(
    db: &Db,
    author: &User,
    track_id: i64,
    draft: Draft,
    form: Option<FormId>,
) -> AppResult<Sent> {
    policy::ensure_can_submit(author)?;
    let author = author.clone();
    db.write(
        move |tx| match sent_from(tx, &author, track_id, form.as_ref())? {
            Some((id, UpdateState::Draft)) => rewrite_in(tx, &author, id, &draft),
            Some((id, _)) => Ok(Sent::Before(id)),
            None => Ok(Sent::Done(updates::insert_draft(
                tx,
                author.id,
                track_id,
                &draft,
                form.as_ref(),
            )?)),
        },
    )
    .await
}

/// Whether `user` may change update `u` as a draft: its author, on a track
/// they still write for. Someone else's draft is not found; an update that
/// is not a draft answers `false` to its author (it was submitted) and 409
/// to anyone else.
fn ensure_own_draft(user: &User, u: &UpdateView) -> AppResult<bool> {
    if !u.seen_by(&Viewer::of(user)) {
        return Err(AppError::NotFound);
    }
    if u.author_id != user.id {
        return Err(AppError::conflict(Msg::new("err-only-drafts-edited")));
    }
    if u.state != UpdateState::Draft {
        return Ok(false);
    }
    policy::ensure_can_write_track(user, u.country)?;
    Ok(true)
}

/// A draft of `user` (for its edit form), or why not.
pub async fn own_draft(db: &Db, user: &User, id: i64) -> AppResult<UpdateView> {
    policy::ensure_can_submit(user)?;
    let u = db.read(move |conn| updates::get(conn, id)).await?;
    if ensure_own_draft(user, &u)? {
        Ok(u)
    } else {
        Err(AppError::conflict(Msg::new("err-only-drafts-edited")))
    }
}

fn rewrite_in(
    tx: &rusqlite::Transaction,
    author: &User,
    id: i64,
    draft: &Draft,
) -> AppResult<Sent> {
    let u = updates::get(tx, id)?;
    if ensure_own_draft(author, &u)? && updates::rewrite_draft(tx, id, draft)? {
        Ok(Sent::Done(id))
    } else {
        Ok(Sent::Before(id))
    }
}

/// Its author saves a draft again with what it says now.
pub async fn save_draft(db: &Db, author: &User, id: i64, draft: Draft) -> AppResult<Sent> {
    policy::ensure_can_submit(author)?;
    let author = author.clone();
    db.write(move |tx| rewrite_in(tx, &author, id, &draft))
        .await
}

/// Its author submits a draft, as stored or (`content`) with what the form
/// says now; it must then be as complete as any submission (`422`).
pub async fn submit_draft(
    db: &Db,
    author: &User,
    id: i64,
    content: Option<Draft>,
    base: String,
) -> AppResult<Sent> {
    policy::ensure_can_submit(author)?;
    let author = author.clone();
    db.write(move |tx| submit_draft_in(tx, &author, id, content, &base))
        .await
}

fn submit_draft_in(
    tx: &rusqlite::Transaction,
    author: &User,
    id: i64,
    content: Option<Draft>,
    base: &str,
) -> AppResult<Sent> {
    let u = updates::get(tx, id)?;
    if !ensure_own_draft(author, &u)? {
        return Ok(Sent::Before(id));
    }
    let draft = match content {
        Some(d) => {
            updates::rewrite_draft(tx, id, &d)?;
            d
        }
        None => Draft::parse(
            &u.period.to_string(),
            u.status.as_str(),
            &u.narrative_en,
            &u.narrative_ru,
            &u.evidence_url,
        )?
        .with_sensitivity(u.sensitivity),
    };
    let new = draft.complete()?;
    if !updates::mark_submitted(tx, id)? {
        return Ok(Sent::Before(id));
    }
    record_submission(tx, author, id, u.track_id, &new, None, base)?;
    Ok(Sent::Done(id))
}

/// The one rule for revising: only the author, only a returned update, and
/// only once.
fn ensure_revisable(user: &User, old: &UpdateView) -> AppResult<()> {
    policy::ensure_can_submit(user)?;
    if old.author_id != user.id {
        return Err(AppError::forbidden(Msg::new("err-author-only-revises")));
    }
    policy::ensure_can_write_track(user, old.country)?;
    if old.state != UpdateState::Returned {
        return Err(AppError::conflict(Msg::new("err-only-returned-revised")));
    }
    if old.revised_by_id.is_some() {
        return Err(AppError::conflict(Msg::new("err-already-revised")));
    }
    Ok(())
}

/// A returned update its author may revise now (for the revision form).
pub async fn revisable(db: &Db, user: &User, id: i64) -> AppResult<UpdateView> {
    policy::ensure_can_submit(user)?;
    let old = visible(db, user, id).await?;
    ensure_revisable(user, &old)?;
    Ok(old)
}

/// A returned update, revised by its author: a new row pointing back at it.
/// The same form sent again is answered with the revision it made.
pub async fn resubmit(
    db: &Db,
    author: &User,
    returned_id: i64,
    new: NewUpdate,
    form: Option<FormId>,
    base: String,
) -> AppResult<Sent> {
    policy::ensure_can_submit(author)?;
    let author = author.clone();
    db.write(move |tx| {
        let old = updates::get(tx, returned_id)?;
        if let Some((id, _)) = sent_before(tx, &author, form.as_ref())? {
            return Ok(Sent::Before(id));
        }
        ensure_revisable(&author, &old)?;
        let id = updates::insert(
            tx,
            author.id,
            old.track_id,
            &new,
            (Some(returned_id), form.as_ref()),
        )?;
        record_submission(
            tx,
            &author,
            id,
            old.track_id,
            &new,
            Some(returned_id),
            &base,
        )?;
        Ok(Sent::Done(id))
    })
    .await
}

/// Everything that follows an update being submitted, whichever way it
/// came (at once, as a revision, or a draft submitted later): its audit
/// row, and the reviewers told (`base` is the site's address, for mail).
fn record_submission(
    tx: &rusqlite::Transaction,
    author: &User,
    id: i64,
    track_id: i64,
    u: &NewUpdate,
    revises: Option<i64>,
    base: &str,
) -> AppResult<()> {
    let after = serde_json::json!({
        "track_id": track_id, "period": u.period.to_string(), "status": u.status.as_str(),
        "narrative_en": u.narrative_en.as_str(), "narrative_ru": u.narrative_ru.as_str(),
        "evidence_url": u.evidence_url.as_str(), "revises_id": revises, "state": "submitted",
        "sensitivity": u.sensitivity.as_str(),
    });
    let action = if revises.is_some() {
        "update.resubmit"
    } else {
        "update.submit"
    };
    audit::record(
        tx,
        Actor::User(author),
        action,
        &format!("update:{id}"),
        None,
        Some(after),
    )?;
    notify::update_submitted(tx, id, base)
}

/// The one rule for who decides: a reviewer or admin, never on their own update.
fn ensure_may_decide(reviewer: &User, author_id: i64) -> AppResult<()> {
    policy::ensure_reviewer(reviewer)?;
    if author_id == reviewer.id {
        return Err(AppError::forbidden(Msg::new("err-own-review")));
    }
    Ok(())
}

/// Update `id`'s state, if `reviewer` may decide on it: someone else's
/// draft is not found, as it is by every other route.
fn decidable(conn: &rusqlite::Connection, reviewer: &User, id: i64) -> AppResult<UpdateState> {
    let (author_id, state): (i64, UpdateState) = conn
        .query_row(
            "SELECT author_id, state FROM updates WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, crate::db::parsed(r, "state")?)),
        )
        .or_not_found()?;
    if state == UpdateState::Draft && author_id != reviewer.id {
        return Err(AppError::NotFound);
    }
    ensure_may_decide(reviewer, author_id)?;
    Ok(state)
}

/// Whether `reviewer` may decide on update `id` (before a body is read).
pub async fn check_reviewer_of(db: &Db, reviewer: &User, id: i64) -> AppResult<()> {
    policy::ensure_reviewer(reviewer)?;
    let reviewer = reviewer.clone();
    db.read(move |conn| decidable(conn, &reviewer, id).map(|_| ()))
        .await
}

/// Accepts or returns a submitted update; a return needs a comment. The
/// author is told.
pub async fn review(
    db: &Db,
    reviewer: &User,
    id: i64,
    (decision, sensitivity): (Decision, Option<Sensitivity>),
    comment: ReviewComment,
    base: String,
) -> AppResult<UpdateState> {
    policy::ensure_reviewer(reviewer)?;
    let reviewer = reviewer.clone();
    db.write(move |tx| {
        let state = decidable(tx, &reviewer, id)?;
        if state != UpdateState::Submitted {
            return Err(AppError::conflict(
                Msg::new("err-already-decided").arg("state", state.as_str()),
            ));
        }
        let new_state = match decision {
            Decision::Accept => UpdateState::Accepted,
            Decision::Return if comment.is_blank() => {
                return Err(AppError::Invalid {
                    field: Some("comment"),
                    message: Msg::new("err-return-needs-comment"),
                });
            }
            Decision::Return => UpdateState::Returned,
        };
        let before = updates::get(tx, id)?.sensitivity;
        if !updates::decide(
            tx,
            reviewer.id,
            id,
            (new_state, sensitivity),
            comment.as_str(),
        )? {
            return Err(AppError::conflict(Msg::new("err-decided-first")));
        }
        audit::record(
            tx,
            Actor::User(&reviewer),
            if new_state == UpdateState::Accepted {
                "update.accept"
            } else {
                "update.return"
            },
            &format!("update:{id}"),
            Some(serde_json::json!({ "state": "submitted", "sensitivity": before.as_str() })),
            Some(serde_json::json!({
                "state": new_state.as_str(), "comment": comment.as_str(),
                "sensitivity": sensitivity.unwrap_or(before).as_str(),
            })),
        )?;
        notify::update_decided(tx, id, &base)?;
        Ok(new_state)
    })
    .await
}

/// A reviewer or administrator changes who may read an accepted update;
/// the change is appended and audited, and what held before stays on the
/// record for as-of views.
pub async fn change_sensitivity(db: &Db, by: &User, id: i64, to: Sensitivity) -> AppResult<()> {
    policy::ensure_reviewer(by)?;
    let by = by.clone();
    db.write(move |tx| {
        let u = updates::get(tx, id)?;
        if u.state != UpdateState::Accepted {
            return Err(AppError::conflict(Msg::new(
                "err-sensitivity-after-acceptance",
            )));
        }
        let before = u.sensitivity_now();
        if before == to {
            return Ok(());
        }
        updates::change_sensitivity(tx, by.id, id, to)?;
        audit::record(
            tx,
            Actor::User(&by),
            "update.sensitivity",
            &format!("update:{id}"),
            Some(serde_json::json!({ "sensitivity": before.as_str() })),
            Some(serde_json::json!({ "sensitivity": to.as_str() })),
        )
    })
    .await
}

/// An update the user may see, or 404 (not 403, so ids of other countries'
/// pending updates give nothing away).
pub async fn visible(db: &Db, user: &User, id: i64) -> AppResult<UpdateView> {
    let viewer = Viewer::of(user);
    db.read(move |conn| visible_in(conn, &viewer, id)).await
}

fn visible_in(conn: &rusqlite::Connection, viewer: &Viewer, id: i64) -> AppResult<UpdateView> {
    let u = updates::get(conn, id)?;
    if u.seen_by(viewer) {
        Ok(u)
    } else {
        Err(AppError::NotFound)
    }
}

/// An update as its page shows it: the track's current accepted status
/// beside it, and the conversation on it for those who take part in it.
pub struct Shown {
    pub update: UpdateView,
    pub current: Option<(String, String)>,
    /// The versions of its report the user may see, oldest first, itself
    /// among them.
    pub versions: Vec<UpdateView>,
    /// `None` for whoever is not in the conversation (donors among them).
    pub comments: Option<Vec<Comment>>,
}

/// An update the user may see, as its page shows it.
pub async fn shown(db: &Db, user: &User, id: i64) -> AppResult<Shown> {
    // One trip to a reader.
    let viewer = Viewer::of(user);
    db.read(move |conn| {
        let update = visible_in(conn, &viewer, id)?;
        let update = update.clone().read_by(&viewer, update.sensitivity_now());
        let current = updates::latest_accepted_on(conn, update.track_id)?;
        let versions = updates::versions(conn, &viewer, id)?;
        // What is said in the conversation is as sensitive as the update.
        let comments = if viewer.in_conversation(update.author_id, update.state, update.country)
            && !update.withheld
        {
            Some(comments::for_update(conn, id)?)
        } else {
            None
        };
        Ok(Shown {
            update,
            current,
            versions,
            comments,
        })
    })
    .await
}

/// Whether `user` may add to the conversation on `u`: an update they do not
/// see is not found; a draft has no conversation yet; a donor, or a focal
/// point of another country, may not take part.
fn ensure_in_conversation(user: &User, u: &UpdateView) -> AppResult<()> {
    policy::ensure_can_submit(user)?;
    let viewer = Viewer::of(user);
    if !u.seen_by(&viewer) {
        return Err(AppError::NotFound);
    }
    if u.state == UpdateState::Draft {
        return Err(AppError::conflict(Msg::new("err-draft-no-conversation")));
    }
    if !viewer.in_conversation(u.author_id, u.state, u.country) {
        return Err(AppError::forbidden(Msg::new("err-not-in-conversation")));
    }
    Ok(())
}

/// Whether `user` may comment on update `id` (before a body is read).
pub async fn check_commenter_of(db: &Db, user: &User, id: i64) -> AppResult<()> {
    policy::ensure_can_submit(user)?;
    let u = db.read(move |conn| updates::get(conn, id)).await?;
    ensure_in_conversation(user, &u)
}

/// Adds a comment to the conversation on an update, with its audit row.
/// The same form sent again is answered with the comment it made.
pub async fn add_comment(
    db: &Db,
    user: &User,
    update_id: i64,
    body: CommentText,
    form: Option<FormId>,
    base: String,
) -> AppResult<Sent> {
    policy::ensure_can_submit(user)?;
    let user = user.clone();
    db.write(move |tx| {
        let u = updates::get(tx, update_id)?;
        ensure_in_conversation(&user, &u)?;
        if let Some(id) = form
            .as_ref()
            .map_or(Ok(None), |f| comments::by_form(tx, user.id, f))?
        {
            return Ok(Sent::Before(id));
        }
        let id = comments::insert(tx, update_id, user.id, &body, form.as_ref())?;
        audit::record(
            tx,
            Actor::User(&user),
            "update.comment",
            &format!("update:{update_id}"),
            None,
            Some(serde_json::json!({ "comment_id": id, "body": body.as_str() })),
        )?;
        notify::comment_added(tx, &u, &user, body.as_str(), &base)?;
        Ok(Sent::Done(id))
    })
    .await
}
