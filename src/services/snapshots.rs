//! Freezing a citable snapshot of the four reports.

use serde_json::json;

use crate::db::Db;
use crate::db::audit::{self, Actor};
use crate::domain::{User, now_utc};
use crate::error::AppResult;
use crate::reports::snapshots::{self, NewSnapshot, Snapshot};
use crate::services::policy;

/// Freezes a snapshot: all four reports read in one read transaction (one
/// consistent state of the record), then stored with their checksums in
/// one write transaction, with its audit row.
pub async fn freeze(db: &Db, by: &User, new: NewSnapshot) -> AppResult<i64> {
    policy::ensure_admin(by)?;
    let filters: Vec<(String, String)> = new
        .query
        .pairs()
        .into_iter()
        .filter(|(k, _)| *k != "as_of")
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    let draft = Snapshot {
        id: 0,
        name: new.name.as_str().to_owned(),
        as_of: new.as_of.day().format("%Y-%m-%d").to_string(),
        filters,
        created_at: now_utc(),
        created_by: by.name.clone(),
    };
    let name = draft.name.clone();
    if db
        .read(move |conn| snapshots::name_exists(conn, &name))
        .await?
    {
        return Err(snapshots::name_taken());
    }
    let snap = draft.clone();
    let built = db
        .report(move |conn| snapshots::build_consistent(conn, &snap))
        .await?;
    let by = by.clone();
    db.write(move |tx| {
        let id = snapshots::insert(tx, &draft, by.id, &built)?;
        let files = &built.1;
        audit::record(
            tx,
            Actor::User(&by),
            "snapshot.created",
            &format!("snapshot {id}"),
            None,
            Some(json!({
                "name": draft.name,
                "as_of": draft.as_of,
                "filters": draft.filters,
                "files": files.iter().map(|f| &f.file).map(|f| json!({
                    "report": f.report.name(), "format": f.format.key(),
                    "lang": f.lang.code(), "sha256": f.sha256,
                })).collect::<Vec<_>>(),
            })),
        )?;
        Ok(id)
    })
    .await
}
