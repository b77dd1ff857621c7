//! No lost text: a form that arrives after its session has ended is kept
//! for its author, who finds it filled in again on its page once signed in.
//! Nothing kept is ever sent by itself.

use crate::db::Db;
use crate::db::kept::{self, KeptForm};
use crate::domain::User;
use crate::error::AppResult;

/// Keeps the fields (JSON) of a form meant for `page`, sent by `former`
/// when the server still knew whose session had ended; the key that brings
/// them back, replacing what this browser kept before (`replaces`), or
/// `None` when nothing more can be kept.
pub async fn keep(
    db: &Db,
    page: String,
    former: Option<i64>,
    fields: String,
    replaces: Option<String>,
) -> AppResult<Option<String>> {
    db.write(move |tx| {
        let form = KeptForm {
            page: &page,
            user_id: former,
            fields: &fields,
        };
        kept::keep(tx, &form, replaces.as_deref())
    })
    .await
}

/// The fields kept under `key` for `page`, given once to the person they
/// were kept for (or to whoever signs in, when that was not known).
pub async fn take(db: &Db, user: &User, key: String, page: String) -> AppResult<Option<String>> {
    let user_id = user.id;
    db.write(move |tx| kept::take(tx, &key, &page, user_id))
        .await
}
