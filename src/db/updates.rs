//! The progress log. Rows are appended; the only change a row ever sees is
//! its state moving forward (submitted → accepted or returned), and the
//! schema's triggers refuse anything else.

use rusqlite::{Connection, OptionalExtension, Transaction, named_params, params};

use crate::auth::policy;
use crate::db::audit::{self, Actor};
use crate::db::users::User;
use crate::db::{OptionalRow, PAGE, tracks};
use crate::domain::cycle::period_start;
use crate::domain::{
    Country, EvidenceUrl, Narrative, Period, ReviewComment, Status, UpdateState, now_utc,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

/// An update as a focal point writes it, already checked.
#[derive(Debug, Clone)]
pub struct NewUpdate {
    pub period: Period,
    pub status: Status,
    pub narrative_en: Narrative,
    pub narrative_ru: Narrative,
    pub evidence_url: EvidenceUrl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Return,
}

impl std::str::FromStr for Decision {
    type Err = crate::domain::Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "accept" => Ok(Decision::Accept),
            "return" => Ok(Decision::Return),
            _ => Err(Msg::new("invalid-decision").into()),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct UpdateView {
    pub id: i64,
    pub track_id: i64,
    pub commitment_id: i64,
    pub commitment_code: String,
    pub commitment_title: String,
    /// Not in the API's update objects: the commitment carries both titles.
    #[serde(skip)]
    pub commitment_title_ru: String,
    pub country: String,
    pub period: String,
    pub status: String,
    pub narrative_en: String,
    pub narrative_ru: String,
    pub evidence_url: String,
    pub state: String,
    pub author_id: i64,
    pub submitted_by: String,
    pub submitted_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_comment: String,
    pub revises_id: Option<i64>,
    pub revised_by_id: Option<i64>,
    pub is_demo: bool,
}

impl UpdateView {
    pub fn state(&self) -> UpdateState {
        self.state.parse().unwrap_or(UpdateState::Submitted)
    }

    pub fn country(&self) -> Country {
        self.country.parse().unwrap_or(Country::REG)
    }
}

const SELECT: &str = "
    SELECT u.id, u.track_id, c.id, c.code, c.title_en, t.country, u.period, u.status,
           u.narrative_en, u.narrative_ru, u.evidence_url, u.state, u.author_id, a.name,
           u.submitted_at, r.name, u.reviewed_at, u.review_comment, u.revises_id,
           (SELECT v.id FROM updates v WHERE v.revises_id = u.id), u.is_demo, c.title_ru
    FROM updates u
    JOIN tracks t ON t.id = u.track_id
    JOIN commitments c ON c.id = t.commitment_id
    JOIN users a ON a.id = u.author_id
    LEFT JOIN users r ON r.id = u.reviewer_id";

fn view(r: &rusqlite::Row<'_>) -> rusqlite::Result<UpdateView> {
    Ok(UpdateView {
        id: r.get(0)?,
        track_id: r.get(1)?,
        commitment_id: r.get(2)?,
        commitment_code: r.get(3)?,
        commitment_title: r.get(4)?,
        commitment_title_ru: r.get(21)?,
        country: r.get(5)?,
        period: r.get(6)?,
        status: r.get(7)?,
        narrative_en: r.get(8)?,
        narrative_ru: r.get(9)?,
        evidence_url: r.get(10)?,
        state: r.get(11)?,
        author_id: r.get(12)?,
        submitted_by: r.get(13)?,
        submitted_at: r.get(14)?,
        reviewed_by: r.get(15)?,
        reviewed_at: r.get(16)?,
        review_comment: r.get(17)?,
        revises_id: r.get(18)?,
        revised_by_id: r.get(19)?,
        is_demo: r.get(20)?,
    })
}

fn insert(
    tx: &Transaction,
    author: &User,
    track_id: i64,
    u: &NewUpdate,
    revises: Option<i64>,
) -> AppResult<i64> {
    let now = now_utc();
    tx.execute(
        "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, narrative_ru,
                              evidence_url, state, author_id, created_at, submitted_at, revises_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'submitted', ?8, ?9, ?9, ?10)",
        params![
            track_id,
            u.period.to_string(),
            u.period.rank(),
            u.status.as_str(),
            u.narrative_en.as_str(),
            u.narrative_ru.as_str(),
            u.evidence_url.as_str(),
            author.id,
            now,
            revises
        ],
    )?;
    let id = tx.last_insert_rowid();
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
    )?;
    Ok(id)
}

/// Logs an update on a track; the author's right to the track's country is
/// checked here, against the track as stored.
pub fn submit(tx: &Transaction, author: &User, track_id: i64, u: &NewUpdate) -> AppResult<i64> {
    policy::ensure_can_submit(author)?;
    let track = tracks::get(tx, track_id)?;
    policy::ensure_can_write_track(author, track.country)?;
    insert(tx, author, track_id, u, None)
}

/// A returned update, revised by its author: a new row pointing back at it.
pub fn resubmit(
    tx: &Transaction,
    author: &User,
    returned_id: i64,
    u: &NewUpdate,
) -> AppResult<i64> {
    policy::ensure_can_submit(author)?;
    let old = get(tx, returned_id)?;
    if old.author_id != author.id {
        return Err(AppError::forbidden(Msg::new("err-author-only-revises")));
    }
    policy::ensure_can_write_track(author, old.country())?;
    if old.state() != UpdateState::Returned {
        return Err(AppError::conflict(Msg::new("err-only-returned-revised")));
    }
    if old.revised_by_id.is_some() {
        return Err(AppError::conflict(Msg::new("err-already-revised")));
    }
    insert(tx, author, old.track_id, u, Some(returned_id))
}

/// Accepts or returns a submitted update. The author never reviews their own.
pub fn review(
    tx: &Transaction,
    reviewer: &User,
    id: i64,
    decision: Decision,
    comment: &ReviewComment,
) -> AppResult<UpdateState> {
    policy::ensure_reviewer(reviewer)?;
    let (author_id, state): (i64, String) = tx
        .query_row(
            "SELECT author_id, state FROM updates WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .or_not_found()?;
    if author_id == reviewer.id {
        return Err(AppError::forbidden(Msg::new("err-own-review")));
    }
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
    // The state guard in WHERE makes a concurrent second decision change nothing.
    let changed = tx.execute(
        "UPDATE updates SET state = ?2, reviewer_id = ?3, reviewed_at = ?4, review_comment = ?5
         WHERE id = ?1 AND state = 'submitted'",
        params![
            id,
            new_state.as_str(),
            reviewer.id,
            now_utc(),
            comment.as_str()
        ],
    )?;
    if changed == 0 {
        return Err(AppError::conflict(Msg::new("err-decided-first")));
    }
    audit::record(
        tx,
        Actor::User(reviewer),
        if new_state == UpdateState::Accepted {
            "update.accept"
        } else {
            "update.return"
        },
        &format!("update:{id}"),
        Some(serde_json::json!({ "state": "submitted" })),
        Some(serde_json::json!({ "state": new_state.as_str(), "comment": comment.as_str() })),
    )?;
    Ok(new_state)
}

pub fn get(conn: &Connection, id: i64) -> AppResult<UpdateView> {
    conn.query_row(&format!("{SELECT} WHERE u.id = ?1"), [id], view)
        .or_not_found()
}

/// An update the user may see, or 404 (not 403, so ids of other countries'
/// pending updates give nothing away).
pub fn get_visible(conn: &Connection, user: &User, id: i64) -> AppResult<UpdateView> {
    let u = get(conn, id)?;
    let visible = u.author_id == user.id
        || u.state() == UpdateState::Accepted
        || (u.state() != UpdateState::Draft && policy::sees_pending(user, u.country()));
    if visible {
        Ok(u)
    } else {
        Err(AppError::NotFound)
    }
}

/// Which updates a user may see: accepted ones, their own, and pending ones
/// of tracks they work on (reviewers and admins: all; focal points: their
/// country's). Binds `:me`, `:see_all`, `:own`.
const VISIBLE: &str = "(u.state = 'accepted' OR u.author_id = :me
     OR (u.state <> 'draft' AND (:see_all OR t.country = :own)))";

const NEWEST_FIRST: &str = "ORDER BY u.period_rank DESC, u.id DESC";

impl UpdateView {
    /// The update as it stood at the cut-off: a decision taken after it is
    /// not shown, the update was still awaiting review then.
    fn seen_at(mut self, cutoff: Option<&str>) -> UpdateView {
        if let (Some(c), Some(at)) = (cutoff, self.reviewed_at.as_deref())
            && at > c
        {
            self.state = UpdateState::Submitted.as_str().to_owned();
            self.reviewed_at = None;
            self.reviewed_by = None;
            self.review_comment.clear();
        }
        self
    }
}

/// Every update of a commitment that `user` may see, newest period first.
pub fn for_commitment(
    conn: &Connection,
    user: &User,
    commitment_id: i64,
) -> AppResult<Vec<UpdateView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.id = :cid AND {VISIBLE} {NEWEST_FIRST}"
    ))?;
    let rows = stmt.query_map(
        named_params! {
            ":cid": commitment_id, ":me": user.id,
            ":see_all": user.role.can_review(), ":own": user.country.map(|c| c.code()),
        },
        view,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The newest `limit` updates of one track that `user` may see (all with
/// `None`), and whether there are more.
/// A track's updates, newest period first; with a cut-off, as they stood
/// then: submitted by then, and a later decision not yet taken.
pub fn track_history(
    conn: &Connection,
    user: &User,
    track_id: i64,
    limit: Option<i64>,
    cutoff: Option<&str>,
) -> AppResult<(Vec<UpdateView>, bool)> {
    // One row more than shown tells whether there are more, without counting them all.
    let fetch = limit.map_or(-1, |n| n + 1);
    let mut items = history_rows(conn, user, track_id, (fetch, 0), cutoff)?;
    let more = limit.is_some_and(|n| items.len() as i64 > n);
    if more {
        items.pop();
    }
    Ok((items, more))
}

/// One page of a track's history as [`track_history`] sees it (`limit`
/// rows after `offset`), and how many there are in all.
pub fn track_history_page(
    conn: &Connection,
    user: &User,
    track_id: i64,
    page: (i64, i64),
    cutoff: Option<&str>,
) -> AppResult<(Vec<UpdateView>, i64)> {
    let items = history_rows(conn, user, track_id, page, cutoff)?;
    let total = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM updates u JOIN tracks t ON t.id = u.track_id
             WHERE u.track_id = :track AND {VISIBLE} AND {SEEN_BY_CUTOFF}"
        ))?
        .query_row(history_params(user, track_id, cutoff).as_slice(), |r| {
            r.get(0)
        })?;
    Ok((items, total))
}

/// Binds `:track`, `:me`, `:see_all`, `:own`, `:cutoff`, `:see_pending`.
fn history_params<'a>(
    user: &'a User,
    track_id: i64,
    cutoff: Option<&'a str>,
) -> Vec<(&'static str, Box<dyn rusqlite::ToSql + 'a>)> {
    vec![
        (":track", Box::new(track_id)),
        (":me", Box::new(user.id)),
        (":see_all", Box::new(user.role.can_review())),
        (":own", Box::new(user.country.map(|c| c.code()))),
        (":cutoff", Box::new(cutoff)),
        (
            ":see_pending",
            Box::new(user.role != crate::domain::Role::Donor),
        ),
    ]
}

fn history_rows(
    conn: &Connection,
    user: &User,
    track_id: i64,
    (limit, offset): (i64, i64),
    cutoff: Option<&str>,
) -> AppResult<Vec<UpdateView>> {
    let mut params = history_params(user, track_id, cutoff);
    params.push((":limit", Box::new(limit)));
    params.push((":offset", Box::new(offset)));
    let mut stmt = conn.prepare_cached(&track_history_sql())?;
    let rows = stmt.query_map(params.as_slice(), view)?;
    Ok(rows
        .map(|r| r.map(|u| u.seen_at(cutoff)))
        .collect::<Result<_, _>>()?)
}

/// With a cut-off: submitted by then, and (for donors) accepted by then.
const SEEN_BY_CUTOFF: &str = "(:cutoff IS NULL OR (u.submitted_at <= :cutoff
     AND (:see_pending OR u.reviewed_at <= :cutoff)))";

/// The query of [`track_history`]: binds `:track`, `:me`, `:limit`,
/// `:offset`, `:see_all`, `:own`, `:cutoff`, `:see_pending`.
pub fn track_history_sql() -> String {
    format!(
        "{SELECT} WHERE u.track_id = :track AND {VISIBLE} AND {SEEN_BY_CUTOFF}
         {NEWEST_FIRST} {PAGE}"
    )
}

/// The query of [`queue`]: binds `:country`, `:limit`, `:offset`.
pub fn queue_sql() -> String {
    format!(
        "{SELECT} WHERE u.state = 'submitted' AND (:country IS NULL OR t.country = :country)
         ORDER BY u.submitted_at, u.id {PAGE}"
    )
}

/// How many updates await a decision, from the count the triggers keep
/// (counting 100k waiting updates took ~9 ms a page).
fn submitted_count(conn: &Connection) -> AppResult<i64> {
    Ok(conn
        .prepare_cached("SELECT n FROM update_counts WHERE state = 'submitted'")?
        .query_row([], |r| r.get(0))?)
}

/// Submitted updates awaiting a decision, oldest first: `limit` after
/// `offset`, and how many there are in all.
pub fn queue(
    conn: &Connection,
    country: Option<Country>,
    (limit, offset): (i64, i64),
) -> AppResult<(Vec<UpdateView>, i64)> {
    let country = country.map(|c| c.code());
    let total: i64 = match country {
        None => submitted_count(conn)?,
        Some(_) => conn
            .prepare_cached(
                "SELECT count(*) FROM updates u JOIN tracks t ON t.id = u.track_id
                 WHERE u.state = 'submitted' AND t.country = :country",
            )?
            .query_row(named_params! {":country": country}, |r| r.get(0))?,
    };
    let mut stmt = conn.prepare_cached(&queue_sql())?;
    let rows = stmt.query_map(
        named_params! {":country": country, ":limit": limit, ":offset": offset},
        view,
    )?;
    Ok((rows.collect::<Result<_, _>>()?, total))
}

/// The author's own updates, returned ones not yet revised first: `limit`
/// after `offset`, and how many there are in all.
pub fn by_author(
    conn: &Connection,
    author_id: i64,
    (limit, offset): (i64, i64),
) -> AppResult<(Vec<UpdateView>, i64)> {
    let total: i64 = conn
        .prepare_cached("SELECT count(*) FROM updates WHERE author_id = ?1")?
        .query_row([author_id], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE u.author_id = :author
         ORDER BY (u.state = 'returned' AND NOT EXISTS
                     (SELECT 1 FROM updates v WHERE v.revises_id = u.id)) DESC,
                  u.id DESC
         {PAGE}"
    ))?;
    let rows = stmt.query_map(
        named_params! {":author": author_id, ":limit": limit, ":offset": offset},
        view,
    )?;
    Ok((rows.collect::<Result<_, _>>()?, total))
}

/// How many updates wait for this user: returned to them, or in review.
pub fn counts_for(conn: &Connection, user: &User) -> AppResult<(i64, i64)> {
    // On every home page: prepared once per connection.
    let returned: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM updates u WHERE u.author_id = ?1 AND u.state = 'returned'
               AND NOT EXISTS (SELECT 1 FROM updates v WHERE v.revises_id = u.id)",
        )?
        .query_row([user.id], |r| r.get(0))?;
    // Both counts come from covering indexes: no row is read.
    let own: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM updates WHERE author_id = ?1 AND state = 'submitted'",
        )?
        .query_row([user.id], |r| r.get(0))?;
    let in_review = if user.role.can_review() {
        submitted_count(conn)? - own
    } else {
        own
    };
    Ok((returned, in_review))
}

/// The track's current status (period and status of the update that sets
/// it), which a reviewer's decision may replace; None with no accepted update.
/// The rule is the one every status uses, `tracks::LATEST_ACCEPTED`.
pub fn latest_accepted_on(conn: &Connection, track_id: i64) -> AppResult<Option<(String, String)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT u.period, u.status FROM tracks t
         JOIN updates u ON u.id = ({})
         WHERE t.id = :track",
        tracks::LATEST_ACCEPTED
    ))?;
    let now = tracks::TrackFilter::default();
    let (from_rank, to_rank) = now.rank_bounds();
    let params = named_params! {
        ":track": track_id, ":cutoff": now.cutoff(), ":from_rank": from_rank, ":to_rank": to_rank,
    };
    Ok(stmt
        .query_row(params, |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

impl NewUpdate {
    /// Checks the fields of a form or API body, naming the first bad field.
    pub fn parse(
        period: &str,
        status: &str,
        narrative_en: &str,
        narrative_ru: &str,
        evidence_url: &str,
    ) -> AppResult<NewUpdate> {
        let period: Period = period.parse().map_err(|e| AppError::invalid("period", e))?;
        // Progress is reported on a period once it has begun (the schema
        // holds to it too).
        if period_start(period) > chrono::Utc::now().date_naive() {
            return Err(AppError::Invalid {
                field: Some("period"),
                message: Msg::new("err-period-not-begun").arg("period", period.to_string()),
            });
        }
        let update = NewUpdate {
            period,
            status: status.parse().map_err(|e| AppError::invalid("status", e))?,
            narrative_en: Narrative::parse(narrative_en)
                .map_err(|e| AppError::invalid("narrative_en", e))?,
            narrative_ru: Narrative::parse(narrative_ru)
                .map_err(|e| AppError::invalid("narrative_ru", e))?,
            evidence_url: EvidenceUrl::parse(evidence_url)
                .map_err(|e| AppError::invalid("evidence_url", e))?,
        };
        // A status with no words cannot be traced to what was done.
        if update.narrative_en.is_blank() && update.narrative_ru.is_blank() {
            return Err(AppError::Invalid {
                field: Some("narrative_en"),
                message: Msg::new("err-narrative-required"),
            });
        }
        Ok(update)
    }
}
