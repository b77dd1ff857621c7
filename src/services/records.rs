//! Changes to the plan itself: loading its official text, and each
//! document's reporting cycle. Each is one audited transaction.

use std::io::Read;

use serde_json::json;

use crate::db::audit::{self, Actor};
use crate::db::import::{self, ImportError, Summary};
use crate::db::{Db, schedules};
use crate::domain::User;
use crate::domain::cycle::Schedule;
use crate::error::AppResult;
use crate::services::policy;

/// Loads commitments from a CSV file all or nothing, with the audit row in
/// the same transaction; `file` names what was loaded.
pub fn import_commitments(
    tx: &rusqlite::Transaction,
    actor: Actor<'_>,
    file: &str,
    input: impl Read,
    progress: &mut dyn FnMut(usize),
) -> Result<Summary, ImportError> {
    let summary = import::import_commitments(tx, input, progress)?;
    let record = json!({
        "file": file, "rows": summary.rows, "created": summary.created,
        "updated": summary.updated, "tracks_added": summary.tracks_added,
        "tracks_removed": summary.tracks_removed, "themes_created": summary.themes_created,
    });
    audit::record(
        tx,
        actor,
        "import.commitments",
        "commitments",
        None,
        Some(record),
    )
    .map_err(|e| ImportError::Database(e.into()))?;
    Ok(summary)
}

/// An administrator imports a file in the browser: the summary, or every
/// problem found when nothing was imported.
pub async fn import_upload(
    db: &Db,
    admin: &User,
    name: String,
    bytes: Vec<u8>,
) -> AppResult<Result<Summary, ImportError>> {
    policy::ensure_admin(admin)?;
    let admin = admin.clone();
    db.try_write(move |tx| {
        import_commitments(
            tx,
            Actor::User(&admin),
            &name,
            bytes.as_slice(),
            &mut |_| {},
        )
    })
    .await
}

/// An administrator sets a document's reporting cycle, from a form read at
/// `version`.
pub async fn set_schedule(
    db: &Db,
    admin: &User,
    document_id: i64,
    version: i64,
    schedule: Schedule,
) -> AppResult<()> {
    policy::ensure_admin(admin)?;
    let admin = admin.clone();
    db.write(move |tx| {
        let before = schedules::set(tx, admin.id, document_id, version, schedule)?;
        let view = |s: Schedule| json!({"cycle": s.cycle.as_str(), "due_days": s.due_days.get()});
        audit::record(
            tx,
            Actor::User(&admin),
            "settings.reporting_cycle",
            &format!("document {}", before.code),
            Some(view(before.schedule)),
            Some(view(schedule)),
        )
    })
    .await
}
