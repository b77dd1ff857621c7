//! Citable snapshots: the list, one snapshot with its files and their
//! checksums, a file's download, and an administrator freezing a new one.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

use super::input::{Body, Query};
use super::paging::Page;
use super::schema::{country_schema, timestamp, timestamp_schema};
use super::{ApiResult, ApiUser};
use crate::domain::Msg;
use crate::error::AppError;
use crate::reports::ReportQuery;
use crate::reports::snapshots::{self, NewSnapshot, Snapshot, SnapshotFile};
use crate::services::policy;
use crate::web::AppState;
use crate::web::error::ApiError;
use crate::web::forms::{ValidPath, parse_id};

/// A frozen set of the four reports as of a day.
#[derive(Serialize, ToSchema)]
#[schema(examples(json!({
    "id": 3, "name": "Mid-term review 2026", "as_of": "2026-06-30",
    "filters": {"country": "KZ"}, "created_at": "2026-07-02T10:00:00.000Z",
    "created_by": "UNOCT Admin", "url": "/api/v1/snapshots/3"
})))]
pub struct SnapshotOut {
    id: i64,
    /// The name it is cited by.
    name: String,
    /// The day whose end the reports show.
    #[schema(format = Date)]
    as_of: String,
    /// The report filters it was frozen with (`pillar`, `country`).
    filters: BTreeMap<String, String>,
    #[schema(schema_with = timestamp_schema)]
    created_at: String,
    created_by: String,
    /// Its address in the API.
    url: String,
}

impl From<&Snapshot> for SnapshotOut {
    fn from(s: &Snapshot) -> Self {
        SnapshotOut {
            id: s.id,
            name: s.name.clone(),
            as_of: s.as_of.clone(),
            filters: s.filters.iter().cloned().collect(),
            created_at: timestamp(&s.created_at),
            created_by: s.created_by.clone(),
            url: format!("/api/v1/snapshots/{}", s.id),
        }
    }
}

/// One file of a snapshot, as frozen.
#[derive(Serialize, ToSchema)]
pub struct SnapshotFileOut {
    /// `commitments`, `progress`, `status-matrix` or `timeline`.
    report: String,
    /// `csv`, `csv-semicolon` or `xlsx`.
    format: String,
    /// The language of its name columns: `en` or `ru`.
    lang: String,
    /// SHA-256 of the file's bytes, in hex: the download is these bytes.
    sha256: String,
    size: i64,
    /// Where to download it.
    url: String,
}

fn file_out(id: i64, f: &SnapshotFile) -> SnapshotFileOut {
    SnapshotFileOut {
        report: f.report.name().to_owned(),
        format: f.format.key().to_owned(),
        lang: f.lang.code().to_owned(),
        sha256: f.sha256.clone(),
        size: f.size,
        url: format!("/api/v1/snapshots/{id}/files/{}", f.file_and_query()),
    }
}

/// A snapshot with its files.
#[derive(Serialize, ToSchema)]
pub struct SnapshotDetail {
    #[serde(flatten)]
    snapshot: SnapshotOut,
    files: Vec<SnapshotFileOut>,
}

/// Every snapshot, the latest as-of day first.
#[utoipa::path(get, path = "/api/v1/snapshots", operation_id = "listSnapshots", tag = "snapshots",
    params(super::ListParams),
    responses(
        (status = 200, description = "A page of the snapshots.", body = Vec<SnapshotOut>),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    query: Query,
) -> ApiResult<Response> {
    let page = Page::read(&query)?;
    let all = state.db.read(snapshots::list).await?;
    let listed = page.of(all, |s| s.id)?;
    Ok(listed
        .map(|s| SnapshotOut::from(&s))
        .respond("/api/v1/snapshots", &query))
}

/// One snapshot, with the SHA-256 of every file.
#[utoipa::path(get, path = "/api/v1/snapshots/{id}", operation_id = "getSnapshot", tag = "snapshots",
    params(("id" = i64, Path, description = "The snapshot.", minimum = 1)),
    responses(
        (status = 200, description = "The snapshot and its files.", body = SnapshotDetail),
        (status = 404, description = "No such snapshot."),
    ))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    id: Result<ValidPath, AppError>,
) -> ApiResult<Json<SnapshotDetail>> {
    let id = parse_id(&id?.0)?;
    let (snap, files) = state.db.read(move |conn| snapshots::get(conn, id)).await?;
    Ok(Json(SnapshotDetail {
        snapshot: SnapshotOut::from(&snap),
        files: files.iter().map(|f| file_out(id, f)).collect(),
    }))
}

/// A file of a snapshot: the same bytes whenever it is downloaded.
#[utoipa::path(get, path = "/api/v1/snapshots/{id}/files/{file}", operation_id = "downloadSnapshotFile", tag = "snapshots",
    params(
        ("id" = i64, Path, description = "The snapshot.", minimum = 1),
        ("file" = String, Path, description = "The report and format: `commitments.csv`, \
            `progress.xlsx`, …", pattern = "^(commitments|progress|status-matrix|timeline)\\.(csv|xlsx)$"),
        ("lang" = Option<String>, Query, description = "Language of the name columns: `en` \
            (default) or `ru`.", pattern = "^(en|ru)$"),
        ("sep" = Option<String>, Query, description = "`semicolon` for a CSV file with `;` \
            between fields.", pattern = "^semicolon$"),
    ),
    responses(
        (status = 200, description = "The file, as an attachment.", content(
            (Vec<u8> = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 404, description = "No such snapshot or file."),
        (status = 503, description = "Too many files are being built at once; \
            `Retry-After` says when to try again.", body = super::schema::ErrorBody),
    ))]
pub async fn download(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    ids: Result<ValidPath<(String, String)>, AppError>,
    query: Query,
) -> ApiResult<Response> {
    let (id, file) = ids?.0;
    // `sep` is for CSV files: an XLSX file has one form, whatever is asked.
    let sep = query
        .get("sep")
        .filter(|_| !file.ends_with(".xlsx"))
        .map(str::to_owned);
    let lang = query.get("lang").map(str::to_owned);
    Ok(crate::web::snapshots::snapshot_file(&state, &id, &file, lang, sep).await?)
}

/// What to freeze.
#[derive(ToSchema)]
#[schema(examples(json!({"name": "Mid-term review 2026", "as_of": "2026-06-30", "country": "KZ"})))]
#[allow(dead_code)]
pub struct SnapshotRequest {
    /// The name it will be cited by; unique.
    #[schema(min_length = 1, max_length = 120)]
    name: String,
    /// The day whose end the reports show; not after today.
    #[schema(schema_with = super::schema::day_schema)]
    as_of: String,
    #[schema(minimum = 1, maximum = 4)]
    pillar: Option<i64>,
    #[schema(schema_with = country_schema)]
    country: Option<String>,
}

/// Freezes the four reports as of a day, for citing.
#[utoipa::path(post, path = "/api/v1/snapshots", operation_id = "freezeSnapshot", tag = "snapshots",
    request_body = SnapshotRequest,
    responses(
        (status = 201, description = "Frozen; `Location` is its address.", body = SnapshotOut,
            headers(("Location" = String, description = "The snapshot's address."))),
        (status = 403, description = "Administrators only."),
        (status = 503, description = "Too many files are being built at once; \
            `Retry-After` says when to try again.", body = super::schema::ErrorBody),
        (status = 409, description = "A snapshot of this name exists."),
    ))]
pub async fn freeze(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    body: Result<Body, ApiError>,
) -> ApiResult<Response> {
    policy::ensure_admin(&user)?;
    let body = body?;
    let query = ReportQuery {
        pillar: body.integer("pillar")?.map(|p| p.to_string()),
        country: Some(body.text("country")?.to_owned()).filter(|c| !c.is_empty()),
        ..ReportQuery::default()
    };
    let new = NewSnapshot::parse(body.text("name")?, body.text("as_of")?, query)?;
    let name = new.name.as_str().to_owned();
    if state
        .db
        .read(move |conn| snapshots::name_exists(conn, &name))
        .await?
    {
        return Err(AppError::conflict(Msg::new("err-snapshot-name-taken")).into());
    }
    // Freezing writes every file of the snapshot: it takes a turn of the
    // file builds.
    let _turn = state.file_builds.try_turn()?;
    let id = crate::services::snapshots::freeze(&state.db, &user, new).await?;
    let (snap, _) = state.db.read(move |conn| snapshots::get(conn, id)).await?;
    let out = SnapshotOut::from(&snap);
    Ok(super::created(out.url.clone(), out))
}
