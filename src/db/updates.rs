//! The progress log. Rows are appended; the only change a row ever sees is
//! its state moving forward (submitted → accepted or returned), and the
//! schema's triggers refuse anything else.

use rusqlite::{Connection, OptionalExtension, Transaction, named_params, params};

use crate::db::{OptionalRow, PAGE, parsed, parsed_opt, tracks};
use crate::domain::{
    Country, Draft, FormId, NewUpdate, Period, Sensitivity, Status, UpdateState, Viewer, now_utc,
};
use crate::error::AppResult;

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
    pub country: Country,
    pub period: Period,
    pub status: Status,
    pub narrative_en: String,
    pub narrative_ru: String,
    pub evidence_url: String,
    pub state: UpdateState,
    pub author_id: i64,
    pub submitted_by: String,
    pub submitted_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_comment: String,
    pub revises_id: Option<i64>,
    pub revised_by_id: Option<i64>,
    pub is_demo: bool,
    /// As proposed, or as the reviewer decided.
    #[serde(skip)]
    pub sensitivity: Sensitivity,
    /// Its latest change after the decision, if any.
    #[serde(skip)]
    pub sensitivity_changed: Option<Sensitivity>,
    /// Its words, evidence and names are left out for this reader.
    #[serde(skip)]
    pub withheld: bool,
}

impl UpdateView {
    pub fn state(&self) -> UpdateState {
        self.state
    }

    pub fn country(&self) -> Country {
        self.country
    }

    /// Who may read it now: its latest change, or what was decided.
    pub fn sensitivity_now(&self) -> Sensitivity {
        self.sensitivity_changed.unwrap_or(self.sensitivity)
    }

    /// The update as `viewer` may read it, given its sensitivity on the day
    /// looked at (`then`) and now: the words, evidence link, review comment
    /// and names are left out unless both clear the viewer.
    pub fn read_by(mut self, viewer: &Viewer, then: Sensitivity) -> UpdateView {
        let now = self.sensitivity_now();
        if !viewer.reads_at(then, now, self.country) {
            self.narrative_en.clear();
            self.narrative_ru.clear();
            self.evidence_url.clear();
            self.withheld = true;
        }
        if !viewer.reads_people(then, now, self.country) {
            self.review_comment.clear();
            self.submitted_by.clear();
            self.reviewed_by = None;
        }
        self
    }

    /// Who may see it: [`Viewer::sees`], on this row.
    pub fn seen_by(&self, viewer: &Viewer) -> bool {
        viewer.sees(self.author_id, self.state, self.country)
    }
}

const SELECT: &str = "
    SELECT u.id, u.track_id, c.id AS commitment_id, c.code, c.title_en, c.title_ru, t.country,
           u.period, u.status, u.narrative_en, u.narrative_ru, u.evidence_url, u.state,
           u.author_id, a.name AS author_name, u.submitted_at, r.name AS reviewer_name,
           u.reviewed_at, u.review_comment, u.revises_id,
           (SELECT v.id FROM updates v WHERE v.revises_id = u.id) AS revised_by_id, u.is_demo,
           u.sensitivity AS sensitivity_decided,
           (SELECT s.sensitivity FROM update_sensitivity s WHERE s.update_id = u.id
            ORDER BY s.set_at DESC, s.id DESC LIMIT 1) AS sensitivity_changed
    FROM updates u
    JOIN tracks t ON t.id = u.track_id
    JOIN commitments c ON c.id = t.commitment_id
    JOIN users a ON a.id = u.author_id
    LEFT JOIN users r ON r.id = u.reviewer_id";

fn view(r: &rusqlite::Row<'_>) -> rusqlite::Result<UpdateView> {
    Ok(UpdateView {
        id: r.get("id")?,
        track_id: r.get("track_id")?,
        commitment_id: r.get("commitment_id")?,
        commitment_code: r.get("code")?,
        commitment_title: r.get("title_en")?,
        commitment_title_ru: r.get("title_ru")?,
        country: parsed(r, "country")?,
        period: parsed(r, "period")?,
        status: parsed(r, "status")?,
        narrative_en: r.get("narrative_en")?,
        narrative_ru: r.get("narrative_ru")?,
        evidence_url: r.get("evidence_url")?,
        state: parsed(r, "state")?,
        author_id: r.get("author_id")?,
        submitted_by: r.get("author_name")?,
        submitted_at: r.get("submitted_at")?,
        reviewed_by: r.get("reviewer_name")?,
        reviewed_at: r.get("reviewed_at")?,
        review_comment: r.get("review_comment")?,
        revises_id: r.get("revises_id")?,
        revised_by_id: r.get("revised_by_id")?,
        is_demo: r.get("is_demo")?,
        sensitivity: parsed(r, "sensitivity_decided")?,
        sensitivity_changed: parsed_opt(r, "sensitivity_changed")?,
        withheld: false,
    })
}

/// Appends a submitted update; `revises` points at the returned one it
/// revises, `form` is the form it was sent from.
pub fn insert(
    tx: &Transaction,
    author_id: i64,
    track_id: i64,
    u: &NewUpdate,
    (revises, form): (Option<i64>, Option<&FormId>),
) -> AppResult<i64> {
    insert_as(
        tx,
        (author_id, track_id),
        u,
        UpdateState::Submitted,
        (revises, form),
    )
}

/// Appends a draft, seen by its author alone until it is submitted.
pub fn insert_draft(
    tx: &Transaction,
    author_id: i64,
    track_id: i64,
    d: &Draft,
    form: Option<&FormId>,
) -> AppResult<i64> {
    insert_as(
        tx,
        (author_id, track_id),
        d.fields(),
        UpdateState::Draft,
        (None, form),
    )
}

fn insert_as(
    tx: &Transaction,
    (author_id, track_id): (i64, i64),
    u: &NewUpdate,
    state: UpdateState,
    (revises, form): (Option<i64>, Option<&FormId>),
) -> AppResult<i64> {
    let now = now_utc();
    let submitted = (state != UpdateState::Draft).then(|| now.clone());
    let params = content_params(
        u,
        vec![
            (":track", Box::new(track_id)),
            (":state", Box::new(state.as_str())),
            (":author", Box::new(author_id)),
            (":now", Box::new(now)),
            (":submitted", Box::new(submitted)),
            (":revises", Box::new(revises)),
            (":form", Box::new(form.map(FormId::as_str))),
        ],
    );
    tx.execute(
        "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, narrative_ru,
                              evidence_url, state, author_id, created_at, submitted_at, revises_id,
                              form_id, sensitivity)
         VALUES (:track, :period, :rank, :status, :en, :ru, :evidence, :state, :author, :now,
                 :submitted, :revises, :form, :sensitivity)",
        as_named(&params).as_slice(),
    )?;
    Ok(tx.last_insert_rowid())
}

/// Named parameters of a statement, values of any type.
type Param<'a> = (&'static str, Box<dyn rusqlite::ToSql + 'a>);

/// An update's content as `:period`, `:rank`, `:status`, `:en`, `:ru` and
/// `:evidence`, then `more`.
fn content_params<'a>(u: &'a NewUpdate, more: Vec<Param<'a>>) -> Vec<Param<'a>> {
    let mut p: Vec<Param<'a>> = vec![
        (":period", Box::new(u.period.to_string())),
        (":rank", Box::new(u.period.rank())),
        (":status", Box::new(u.status.as_str())),
        (":en", Box::new(u.narrative_en.as_str())),
        (":ru", Box::new(u.narrative_ru.as_str())),
        (":evidence", Box::new(u.evidence_url.as_str())),
        (":sensitivity", Box::new(u.sensitivity.as_str())),
    ];
    p.extend(more);
    p
}

/// The update an author sent from this form before, and its state.
pub fn by_form(
    conn: &Connection,
    author_id: i64,
    form: &FormId,
) -> AppResult<Option<(i64, UpdateState)>> {
    Ok(conn
        .query_row(
            "SELECT id, state FROM updates WHERE author_id = ?1 AND form_id = ?2",
            params![author_id, form.as_str()],
            |r| Ok((r.get("id")?, parsed(r, "state")?)),
        )
        .optional()?)
}

/// Writes a draft's new content; false when it is no longer a draft.
pub fn rewrite_draft(tx: &Transaction, id: i64, d: &Draft) -> AppResult<bool> {
    let params = content_params(d.fields(), vec![(":id", Box::new(id))]);
    let changed = tx.execute(
        "UPDATE updates SET period = :period, period_rank = :rank, status = :status,
                            narrative_en = :en, narrative_ru = :ru, evidence_url = :evidence,
                            sensitivity = :sensitivity
         WHERE id = :id AND state = 'draft'",
        as_named(&params).as_slice(),
    )?;
    Ok(changed == 1)
}

/// Submits a draft as it stands; false when it is no longer a draft.
pub fn mark_submitted(tx: &Transaction, id: i64) -> AppResult<bool> {
    let changed = tx.execute(
        "UPDATE updates SET state = 'submitted', submitted_at = ?2 WHERE id = ?1 AND state = 'draft'",
        params![id, now_utc()],
    )?;
    Ok(changed == 1)
}

/// Records a decision on an update still awaiting one. The state guard in
/// WHERE makes a concurrent second decision change nothing: false then.
pub fn decide(
    tx: &Transaction,
    reviewer_id: i64,
    id: i64,
    (new_state, sensitivity): (UpdateState, Option<Sensitivity>),
    comment: &str,
) -> AppResult<bool> {
    let changed = tx.execute(
        "UPDATE updates SET state = ?2, reviewer_id = ?3, reviewed_at = ?4, review_comment = ?5,
                            sensitivity = COALESCE(?6, sensitivity)
         WHERE id = ?1 AND state = 'submitted'",
        params![
            id,
            new_state.as_str(),
            reviewer_id,
            now_utc(),
            comment,
            sensitivity.map(Sensitivity::as_str)
        ],
    )?;
    Ok(changed == 1)
}

/// A later change of an accepted update's sensitivity, appended.
pub fn change_sensitivity(tx: &Transaction, by: i64, id: i64, s: Sensitivity) -> AppResult<()> {
    tx.execute(
        "INSERT INTO update_sensitivity (update_id, sensitivity, set_at, set_by)
         VALUES (?1, ?2, ?3, ?4)",
        params![id, s.as_str(), now_utc(), by],
    )?;
    Ok(())
}

/// The sensitivity of update `id` at the end of `cutoff` (its latest
/// change by then, or what was decided).
pub fn sensitivity_at(conn: &Connection, id: i64, cutoff: &str) -> AppResult<Sensitivity> {
    let s: String = conn
        .prepare_cached(
            "SELECT COALESCE((SELECT s.sensitivity FROM update_sensitivity s
                              WHERE s.update_id = u.id AND s.set_at <= ?2
                              ORDER BY s.set_at DESC, s.id DESC LIMIT 1), u.sensitivity)
             FROM updates u WHERE u.id = ?1",
        )?
        .query_row(params![id, cutoff], |r| r.get(0))?;
    s.parse()
        .map_err(|_| anyhow::anyhow!("update {id}: unknown sensitivity {s:?}").into())
}

pub fn get(conn: &Connection, id: i64) -> AppResult<UpdateView> {
    conn.query_row(&format!("{SELECT} WHERE u.id = ?1"), [id], view)
        .or_not_found()
}

/// Binds [`Viewer::SQL`] for one viewer (`:me`, `:see_all`, `:own`), and
/// with `as_of` [`Viewer::SQL_AS_OF`] too (`:cutoff`).
fn viewer_params<'a>(viewer: &Viewer, as_of: Option<Option<&'a str>>) -> Vec<Param<'a>> {
    let a = viewer.args();
    let mut p: Vec<Param<'a>> = vec![
        (":me", Box::new(a.me)),
        (":see_all", Box::new(a.see_all)),
        (":own", Box::new(a.own)),
    ];
    if let Some(cutoff) = as_of {
        p.push((":cutoff", Box::new(cutoff)));
    }
    p
}

fn as_named<'a>(params: &'a [Param<'a>]) -> Vec<(&'static str, &'a dyn rusqlite::ToSql)> {
    params.iter().map(|(k, v)| (*k, v.as_ref())).collect()
}

const NEWEST_FIRST: &str = "ORDER BY u.period_rank DESC, u.id DESC";

impl UpdateView {
    /// The update as it stood at the cut-off: a decision taken after it is
    /// not shown, the update was still awaiting review then.
    fn seen_at(mut self, cutoff: Option<&str>) -> UpdateView {
        if let (Some(c), Some(at)) = (cutoff, self.reviewed_at.as_deref())
            && at > c
        {
            self.state = UpdateState::Submitted;
            self.reviewed_at = None;
            self.reviewed_by = None;
            self.review_comment.clear();
        }
        self
    }
}

/// The rows as `viewer` may read them, looked at as of `cutoff` (None:
/// now): each row's words are left out unless its sensitivity then and now
/// both clear the viewer (`UpdateView::read_by`).
fn read_as(
    conn: &Connection,
    viewer: &Viewer,
    cutoff: Option<&str>,
    rows: Vec<UpdateView>,
) -> AppResult<Vec<UpdateView>> {
    rows.into_iter()
        .map(|u| {
            let then = match (cutoff, u.sensitivity_changed) {
                (Some(c), Some(_)) => sensitivity_at(conn, u.id, c)?,
                (Some(_), None) => u.sensitivity,
                (None, _) => u.sensitivity_now(),
            };
            Ok(u.read_by(viewer, then))
        })
        .collect()
}

/// Every update of a commitment that `viewer` may see, newest period first.
pub fn for_commitment(
    conn: &Connection,
    viewer: &Viewer,
    commitment_id: i64,
) -> AppResult<Vec<UpdateView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.id = :cid AND {} {NEWEST_FIRST}",
        Viewer::SQL
    ))?;
    let mut params = viewer_params(viewer, None);
    params.push((":cid", Box::new(commitment_id)));
    let rows = stmt.query_map(as_named(&params).as_slice(), view)?;
    read_as(conn, viewer, None, rows.collect::<Result<_, _>>()?)
}

/// Every version of the report `id` belongs to, oldest first: the returned
/// updates it revises, itself, and the revisions made of it, that `viewer`
/// may see, as they may read them.
pub fn versions(conn: &Connection, viewer: &Viewer, id: i64) -> AppResult<Vec<UpdateView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "WITH RECURSIVE
           back(id) AS (SELECT :id UNION
                        SELECT x.revises_id FROM updates x JOIN back b ON x.id = b.id
                        WHERE x.revises_id IS NOT NULL),
           fwd(id) AS (SELECT :id UNION
                       SELECT x.id FROM updates x JOIN fwd f ON x.revises_id = f.id)
         {SELECT} WHERE u.id IN (SELECT id FROM back UNION SELECT id FROM fwd) ORDER BY u.id"
    ))?;
    let rows: Vec<UpdateView> = stmt
        .query_map(named_params! {":id": id}, view)?
        .collect::<Result<_, _>>()?;
    let seen = rows.into_iter().filter(|v| v.seen_by(viewer)).collect();
    read_as(conn, viewer, None, seen)
}

/// The newest `limit` updates of one track that `viewer` may see (all with
/// `None`), and whether there are more. With a cut-off, as they stood
/// then: submitted by then, and a later decision not yet taken.
pub fn track_history(
    conn: &Connection,
    viewer: &Viewer,
    track_id: i64,
    limit: Option<i64>,
    cutoff: Option<&str>,
) -> AppResult<(Vec<UpdateView>, bool)> {
    // One row more than shown tells whether there are more, without counting them all.
    let fetch = limit.map_or(-1, |n| n + 1);
    let mut items = history_rows(conn, viewer, track_id, (fetch, 0), cutoff)?;
    let more = limit.is_some_and(|n| items.len() as i64 > n);
    if more {
        items.pop();
    }
    Ok((items, more))
}

/// The newest `limit` updates of one track that anybody may read (the
/// public portal), as they stood at the cut-off (None: now), and whether
/// there are more: accepted, and public on that day and now; without who
/// wrote and reviewed them.
pub fn public_history(
    conn: &Connection,
    track_id: i64,
    limit: i64,
    cutoff: Option<&str>,
) -> AppResult<(Vec<UpdateView>, bool)> {
    let public = Viewer::public();
    let mut params = viewer_params(&public, Some(cutoff));
    params.push((":track", Box::new(track_id)));
    params.push((":limit", Box::new(limit + 1)));
    params.push((":offset", Box::new(0)));
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE u.track_id = :track AND {} AND {} AND {} {NEWEST_FIRST} {PAGE}",
        Viewer::SQL,
        Viewer::SQL_AS_OF,
        Viewer::SQL_PUBLIC
    ))?;
    let rows = stmt
        .query_map(as_named(&params).as_slice(), view)?
        .map(|r| r.map(|u| u.seen_at(cutoff)))
        .collect::<Result<_, _>>()?;
    // The SQL narrows; the rule decides.
    let mut items: Vec<UpdateView> = read_as(conn, &public, cutoff, rows)?
        .into_iter()
        .filter(|u| u.state() == UpdateState::Accepted && !u.withheld)
        .collect();
    let more = items.len() > usize::try_from(limit).unwrap_or(0);
    items.truncate(usize::try_from(limit).unwrap_or(0));
    Ok((items, more))
}

/// The time of the latest acceptance by the cut-off: how current the
/// record is.
pub fn latest_acceptance(conn: &Connection, cutoff: &str) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT max(reviewed_at) FROM updates WHERE state = 'accepted' AND reviewed_at <= ?1",
        )?
        .query_row([cutoff], |r| r.get(0))?)
}

/// One page of a track's history as [`track_history`] sees it (`limit`
/// rows after `offset`), and how many there are in all.
pub fn track_history_page(
    conn: &Connection,
    viewer: &Viewer,
    track_id: i64,
    page: (i64, i64),
    cutoff: Option<&str>,
) -> AppResult<(Vec<UpdateView>, i64)> {
    let items = history_rows(conn, viewer, track_id, page, cutoff)?;
    let mut params = viewer_params(viewer, Some(cutoff));
    params.push((":track", Box::new(track_id)));
    let total = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM updates u JOIN tracks t ON t.id = u.track_id
             WHERE u.track_id = :track AND {} AND {}",
            Viewer::SQL,
            Viewer::SQL_AS_OF
        ))?
        .query_row(as_named(&params).as_slice(), |r| r.get(0))?;
    Ok((items, total))
}

fn history_rows(
    conn: &Connection,
    viewer: &Viewer,
    track_id: i64,
    (limit, offset): (i64, i64),
    cutoff: Option<&str>,
) -> AppResult<Vec<UpdateView>> {
    let mut params = viewer_params(viewer, Some(cutoff));
    params.push((":track", Box::new(track_id)));
    params.push((":limit", Box::new(limit)));
    params.push((":offset", Box::new(offset)));
    let mut stmt = conn.prepare_cached(&track_history_sql())?;
    let rows = stmt.query_map(as_named(&params).as_slice(), view)?;
    let rows = rows
        .map(|r| r.map(|u| u.seen_at(cutoff)))
        .collect::<Result<_, _>>()?;
    read_as(conn, viewer, cutoff, rows)
}

/// The query of [`track_history`]: binds `:track`, `:limit`, `:offset`,
/// `:cutoff` and the viewer's `:me`, `:see_all`, `:own`.
pub fn track_history_sql() -> String {
    format!(
        "{SELECT} WHERE u.track_id = :track AND {} AND {}
         {NEWEST_FIRST} {PAGE}",
        Viewer::SQL,
        Viewer::SQL_AS_OF
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
    viewer: &Viewer,
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
    Ok((
        read_as(conn, viewer, None, rows.collect::<Result<_, _>>()?)?,
        total,
    ))
}

/// Submitted updates awaiting a decision, oldest first, after the update
/// `after` (which may have been decided since): at most `limit`. None when
/// `after` names no submitted update, past or present.
pub fn queue_after(
    conn: &Connection,
    viewer: &Viewer,
    country: Option<Country>,
    after: Option<i64>,
    limit: i64,
) -> AppResult<Option<Vec<UpdateView>>> {
    let at: Option<String> = match after {
        None => None,
        Some(id) => match conn
            .query_row(
                "SELECT submitted_at FROM updates WHERE id = ?1 AND submitted_at IS NOT NULL",
                [id],
                |r| r.get(0),
            )
            .optional()?
        {
            Some(at) => Some(at),
            None => return Ok(None),
        },
    };
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE u.state = 'submitted' AND (:country IS NULL OR t.country = :country)
           AND (:at IS NULL OR (u.submitted_at, u.id) > (:at, :id))
         ORDER BY u.submitted_at, u.id LIMIT :limit"
    ))?;
    let rows = stmt.query_map(
        named_params! {
            ":country": country.map(|c| c.code()), ":at": at, ":id": after, ":limit": limit,
        },
        view,
    )?;
    Ok(Some(read_as(
        conn,
        viewer,
        None,
        rows.collect::<Result<_, _>>()?,
    )?))
}

/// The author's own updates, newest first, in one state or all, after the
/// update `after`: at most `limit`.
pub fn by_author_after(
    conn: &Connection,
    viewer: &Viewer,
    author_id: i64,
    state: Option<UpdateState>,
    after: Option<i64>,
    limit: i64,
) -> AppResult<Vec<UpdateView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE u.author_id = :author AND (:state IS NULL OR u.state = :state)
           AND (:after IS NULL OR u.id < :after)
         ORDER BY u.id DESC LIMIT :limit"
    ))?;
    let rows = stmt.query_map(
        named_params! {
            ":author": author_id, ":state": state.map(UpdateState::as_str), ":after": after,
            ":limit": limit,
        },
        view,
    )?;
    read_as(conn, viewer, None, rows.collect::<Result<_, _>>()?)
}

/// The author's own updates, drafts first, then returned ones not yet
/// revised: `limit` after `offset`, and how many there are in all.
pub fn by_author(
    conn: &Connection,
    viewer: &Viewer,
    author_id: i64,
    (limit, offset): (i64, i64),
) -> AppResult<(Vec<UpdateView>, i64)> {
    let total: i64 = conn
        .prepare_cached("SELECT count(*) FROM updates WHERE author_id = ?1")?
        .query_row([author_id], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE u.author_id = :author
         ORDER BY u.state = 'draft' DESC,
                  (u.state = 'returned' AND NOT EXISTS
                     (SELECT 1 FROM updates v WHERE v.revises_id = u.id)) DESC,
                  u.id DESC
         {PAGE}"
    ))?;
    let rows = stmt.query_map(
        named_params! {":author": author_id, ":limit": limit, ":offset": offset},
        view,
    )?;
    Ok((
        read_as(conn, viewer, None, rows.collect::<Result<_, _>>()?)?,
        total,
    ))
}

/// How many updates wait for this person: returned to them, or in review
/// (`all_in_review`: everyone's, for those who review).
pub fn counts_for(conn: &Connection, me: i64, all_in_review: bool) -> AppResult<(i64, i64)> {
    // On every home page: prepared once per connection.
    let returned: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM updates u WHERE u.author_id = ?1 AND u.state = 'returned'
               AND NOT EXISTS (SELECT 1 FROM updates v WHERE v.revises_id = u.id)",
        )?
        .query_row([me], |r| r.get(0))?;
    // Both counts come from covering indexes: no row is read.
    let own: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM updates WHERE author_id = ?1 AND state = 'submitted'",
        )?
        .query_row([me], |r| r.get(0))?;
    let in_review = if all_in_review {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Access, User};

    /// Every kind of viewer against every kind of update: the SQL filter
    /// and the check on one row must agree, as they are one rule.
    #[test]
    fn the_sql_and_the_rust_of_who_sees_what_agree() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE tracks (id INTEGER PRIMARY KEY, country TEXT NOT NULL);
             CREATE TABLE updates (id INTEGER PRIMARY KEY, track_id INTEGER, state TEXT,
                                   author_id INTEGER, submitted_at TEXT, reviewed_at TEXT);",
        )
        .unwrap();
        let states = [
            UpdateState::Draft,
            UpdateState::Submitted,
            UpdateState::Returned,
            UpdateState::Accepted,
        ];
        let cutoff = "2025-06-30T23:59:59Z";
        // Submitted and decided before the cut-off, decided after it, and
        // submitted after it.
        let times = [
            ("2025-01-01T00:00:00.000Z", Some("2025-02-01T00:00:00.000Z")),
            ("2025-01-01T00:00:00.000Z", Some("2025-08-01T00:00:00.000Z")),
            ("2025-09-01T00:00:00.000Z", None),
        ];
        let mut facts = Vec::new();
        for (t, country) in (0_i64..).zip(Country::ALL) {
            conn.execute(
                "INSERT INTO tracks VALUES (?1, ?2)",
                params![t, country.code()],
            )
            .unwrap();
            for (state, author, (submitted, reviewed)) in states
                .into_iter()
                .flat_map(|s| [1_i64, 2].map(|a| (s, a)))
                .flat_map(|(s, a)| times.map(|t| (s, a, t)))
            {
                conn.execute(
                    "INSERT INTO updates (track_id, state, author_id, submitted_at, reviewed_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![t, state.as_str(), author, submitted, reviewed],
                )
                .unwrap();
                let id = conn.last_insert_rowid();
                facts.push((id, (author, state, country), submitted, reviewed));
            }
        }
        let accesses = [Access::Admin, Access::Reviewer, Access::Donor]
            .into_iter()
            .chain(
                Country::ALL
                    .into_iter()
                    .filter_map(|c| Access::new(crate::domain::Role::FocalPoint, Some(c)).ok()),
            );
        for access in accesses {
            let viewer = Viewer::of(&User {
                id: 1,
                email: String::new(),
                name: String::new(),
                access,
                lang: None,
                second_factor: false,
            });
            let select = |filter: String, as_of: Option<Option<&str>>| -> Vec<i64> {
                let params = viewer_params(&viewer, as_of);
                let mut stmt = conn
                    .prepare(&format!(
                        "SELECT u.id FROM updates u JOIN tracks t ON t.id = u.track_id
                         WHERE {filter} ORDER BY u.id"
                    ))
                    .unwrap();
                stmt.query_map(as_named(&params).as_slice(), |r| r.get(0))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap()
            };
            let now: Vec<i64> = facts
                .iter()
                .filter(|(_, (a, s, c), ..)| viewer.sees(*a, *s, *c))
                .map(|f| f.0)
                .collect();
            assert_eq!(select(Viewer::SQL.to_owned(), None), now, "{access:?}");
            let then: Vec<i64> = facts
                .iter()
                .filter(|(_, who, sub, rev)| viewer.sees_as_of(*who, sub, *rev, cutoff))
                .map(|f| f.0)
                .collect();
            let both = format!("{} AND {}", Viewer::SQL, Viewer::SQL_AS_OF);
            assert_eq!(
                select(both.clone(), Some(Some(cutoff))),
                then,
                "{access:?} as of"
            );
            assert_eq!(select(both, Some(None)), now, "{access:?} with no cut-off");
            assert!(!then.is_empty() && then.len() < now.len(), "{access:?}");
        }
    }

    /// Every sensitivity decided, changed before the cut-off and after it:
    /// what the public portal reads in SQL is what the rule lets it read.
    #[test]
    fn the_sql_and_the_rust_of_what_the_public_reads_agree() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE updates (id INTEGER PRIMARY KEY, sensitivity TEXT NOT NULL);
             CREATE TABLE update_sensitivity (id INTEGER PRIMARY KEY, update_id INTEGER,
                                              sensitivity TEXT, set_at TEXT);",
        )
        .unwrap();
        let cutoff = "2025-06-30T23:59:59Z";
        let changes = std::iter::once(None).chain(Sensitivity::ALL.map(Some));
        let mut facts = Vec::new();
        for decided in Sensitivity::ALL {
            for before in changes.clone() {
                for after in changes.clone() {
                    conn.execute(
                        "INSERT INTO updates (sensitivity) VALUES (?1)",
                        [decided.as_str()],
                    )
                    .unwrap();
                    let id = conn.last_insert_rowid();
                    for (at, s) in [
                        ("2025-01-01T00:00:00.000Z", before),
                        ("2025-08-01T00:00:00.000Z", after),
                    ] {
                        if let Some(s) = s {
                            conn.execute(
                                "INSERT INTO update_sensitivity (update_id, sensitivity, set_at)
                                 VALUES (?1, ?2, ?3)",
                                params![id, s.as_str(), at],
                            )
                            .unwrap();
                        }
                    }
                    let then = before.unwrap_or(decided);
                    let now = after.or(before).unwrap_or(decided);
                    facts.push((id, then, now));
                }
            }
        }
        let public = Viewer::public();
        let select = |cutoff: Option<&str>| -> Vec<i64> {
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT u.id FROM updates u WHERE {} ORDER BY u.id",
                    Viewer::SQL_PUBLIC
                ))
                .unwrap();
            stmt.query_map(named_params! {":cutoff": cutoff}, |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let reads = |as_of: bool| -> Vec<i64> {
            facts
                .iter()
                .filter(|(_, then, now)| {
                    public.reads_at(if as_of { *then } else { *now }, *now, Country::KZ)
                })
                .map(|f| f.0)
                .collect()
        };
        assert_eq!(select(Some(cutoff)), reads(true), "as of");
        assert_eq!(select(None), reads(false), "now");
        assert!(!reads(true).is_empty() && reads(true).len() < reads(false).len());
    }
}
