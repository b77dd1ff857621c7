//! Logging progress, reviewing it, and revising what came back.

use crate::db::audit::{self, Actor};
use crate::db::tracks::{self, TrackInfo};
use crate::db::updates::{self, UpdateView};
use crate::db::{Db, OptionalRow};
use crate::domain::{Decision, Msg, NewUpdate, ReviewComment, UpdateState, User, Viewer};
use crate::error::{AppError, AppResult};
use crate::services::{notify, policy};

/// A track the user may log progress on. Who may write, and where, is
/// settled before a form or body is looked at.
pub async fn writable_track(db: &Db, user: &User, track_id: i64) -> AppResult<TrackInfo> {
    policy::ensure_can_submit(user)?;
    let track = db.read(move |conn| tracks::get(conn, track_id)).await?;
    policy::ensure_can_write_track(user, track.country)?;
    Ok(track)
}

/// Logs an update on a track; the author's right to the track's country is
/// checked against the track as stored, in the same transaction.
/// Reviewers are told (`base` is the site's address, for mail).
pub async fn submit(
    db: &Db,
    author: &User,
    track_id: i64,
    new: NewUpdate,
    base: String,
) -> AppResult<i64> {
    policy::ensure_can_submit(author)?;
    let author = author.clone();
    db.write(move |tx| {
        let track = tracks::get(tx, track_id)?;
        policy::ensure_can_write_track(&author, track.country)?;
        let id = updates::insert(tx, author.id, track_id, &new, None)?;
        audit_submission(tx, &author, id, track_id, &new, None)?;
        notify::update_submitted(tx, id, &base)?;
        Ok(id)
    })
    .await
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
pub async fn resubmit(
    db: &Db,
    author: &User,
    returned_id: i64,
    new: NewUpdate,
    base: String,
) -> AppResult<i64> {
    policy::ensure_can_submit(author)?;
    let author = author.clone();
    db.write(move |tx| {
        let old = updates::get(tx, returned_id)?;
        ensure_revisable(&author, &old)?;
        let id = updates::insert(tx, author.id, old.track_id, &new, Some(returned_id))?;
        audit_submission(tx, &author, id, old.track_id, &new, Some(returned_id))?;
        notify::update_submitted(tx, id, &base)?;
        Ok(id)
    })
    .await
}

fn audit_submission(
    tx: &rusqlite::Transaction,
    author: &User,
    id: i64,
    track_id: i64,
    u: &NewUpdate,
    revises: Option<i64>,
) -> AppResult<()> {
    let after = serde_json::json!({
        "track_id": track_id, "period": u.period.to_string(), "status": u.status.as_str(),
        "narrative_en": u.narrative_en.as_str(), "narrative_ru": u.narrative_ru.as_str(),
        "evidence_url": u.evidence_url.as_str(), "revises_id": revises, "state": "submitted",
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
    )
}

/// The one rule for who decides: a reviewer or admin, never on their own update.
fn ensure_may_decide(reviewer: &User, author_id: i64) -> AppResult<()> {
    policy::ensure_reviewer(reviewer)?;
    if author_id == reviewer.id {
        return Err(AppError::forbidden(Msg::new("err-own-review")));
    }
    Ok(())
}

/// Whether `reviewer` may decide on update `id` (before a body is read).
pub async fn check_reviewer_of(db: &Db, reviewer: &User, id: i64) -> AppResult<()> {
    policy::ensure_reviewer(reviewer)?;
    let author = db
        .read(move |conn| Ok(updates::get(conn, id)?.author_id))
        .await?;
    ensure_may_decide(reviewer, author)
}

/// Accepts or returns a submitted update; a return needs a comment. The
/// author is told.
pub async fn review(
    db: &Db,
    reviewer: &User,
    id: i64,
    decision: Decision,
    comment: ReviewComment,
    base: String,
) -> AppResult<UpdateState> {
    policy::ensure_reviewer(reviewer)?;
    let reviewer = reviewer.clone();
    db.write(move |tx| {
        let (author_id, state): (i64, String) = tx
            .query_row(
                "SELECT author_id, state FROM updates WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .or_not_found()?;
        ensure_may_decide(&reviewer, author_id)?;
        if state != "submitted" {
            return Err(AppError::conflict(
                Msg::new("err-already-decided").arg("state", state),
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
        if !updates::decide(tx, reviewer.id, id, new_state, comment.as_str())? {
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
            Some(serde_json::json!({ "state": "submitted" })),
            Some(serde_json::json!({ "state": new_state.as_str(), "comment": comment.as_str() })),
        )?;
        notify::update_decided(tx, id, &base)?;
        Ok(new_state)
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

/// An update the user may see, with its track's current accepted status.
pub async fn visible_with_current(
    db: &Db,
    user: &User,
    id: i64,
) -> AppResult<(UpdateView, Option<(String, String)>)> {
    // One trip to a reader, as the page did before.
    let viewer = Viewer::of(user);
    db.read(move |conn| {
        let update = visible_in(conn, &viewer, id)?;
        let current = updates::latest_accepted_on(conn, update.track_id)?;
        Ok((update, current))
    })
    .await
}
