//! What the API sends and takes, as JSON and as the OpenAPI document
//! describes it. Absent values are `null`, never `""`; timestamps are RFC
//! 3339 in UTC with milliseconds. Value lists (statuses, countries, …) come
//! from the domain's own, so the document cannot drift from what is checked.

use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa::openapi::KnownFormat;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};

use crate::db::comments::Comment;
use crate::db::commitments::{Commitment, TrackBrief};
use crate::db::updates::UpdateView;
use crate::domain::cycle::period_start;
use crate::domain::{
    Country, EvidenceUrl, HORIZON_END, HORIZON_START, Lang, Narrative, Period, ReviewComment, Role,
    Sensitivity, Status, TIMESTAMP_FORMAT, TrackStatus, UpdateState,
};

/// Empty text is absent.
pub fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// A stored timestamp as RFC 3339 UTC with milliseconds, however it was
/// written (older rows may lack the milliseconds).
pub fn timestamp(s: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .format(TIMESTAMP_FORMAT)
                .to_string()
        })
        .unwrap_or_else(|_| s.to_owned())
}

pub fn opt_timestamp(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(timestamp)
}

fn text_enum(values: &[&str], nullable: bool, description: &str) -> Schema {
    let mut all: Vec<Value> = values.iter().map(|v| json!(v)).collect();
    let ty = if nullable {
        all.push(Value::Null);
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::Type(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(ty)
        .enum_values(Some(all))
        .description(Some(description))
        .into()
}

pub fn status_schema() -> Schema {
    let all: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    text_enum(&all, false, "A completion level.")
}

pub fn track_status_schema() -> Schema {
    let all: Vec<&str> = TrackStatus::ALL.iter().map(|s| s.as_str()).collect();
    text_enum(
        &all,
        false,
        "A track's status: its latest accepted update's, or no_information.",
    )
}

pub fn state_schema() -> Schema {
    let all: Vec<&str> = UpdateState::ALL.iter().map(|s| s.as_str()).collect();
    text_enum(&all, false, "Where the update is in review.")
}

pub fn country_schema() -> Schema {
    let all: Vec<&str> = Country::ALL.iter().map(|c| c.code()).collect();
    text_enum(
        &all,
        false,
        "ISO 3166-1 alpha-2 of the state, or REG for the regional track.",
    )
}

pub fn opt_country_schema() -> Schema {
    let all: Vec<&str> = Country::ALL.iter().map(|c| c.code()).collect();
    text_enum(
        &all,
        true,
        "The focal point's country; null for other roles.",
    )
}

fn sensitivity_object() -> ObjectBuilder {
    let all: Vec<&str> = Sensitivity::ALL.iter().map(|s| s.as_str()).collect();
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(all))
}

pub fn sensitivity_schema() -> Schema {
    sensitivity_object()
        .description(Some(
            "Who may read what the update says: `public` (also the public portal), `partners` \
             (every signed-in role; the default) or `restricted` (reviewers, administrators and \
             the focal points of the track's country). Its status counts for everyone.",
        ))
        .into()
}

/// As [`sensitivity_schema`], in a request where null means "not given".
pub fn opt_sensitivity_schema() -> Schema {
    let mut all: Vec<Value> = Sensitivity::ALL.iter().map(|s| json!(s.as_str())).collect();
    all.push(Value::Null);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(all))
        .description(Some(
            "Who may read what the update says: `public` (also the public portal), `partners` \
             (every signed-in role; the default) or `restricted` (reviewers, administrators and \
             the focal points of the track's country). Its status counts for everyone. \
             Absent or null: as it is (a new update: partners).",
        ))
        .into()
}

pub fn role_schema() -> Schema {
    let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    text_enum(&all, false, "What the account may do.")
}

pub fn opt_lang_schema() -> Schema {
    let all: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
    text_enum(
        &all,
        true,
        "The language the person chose; null until they choose.",
    )
}

/// `YYYY`, `YYYY-H1` or `YYYY-H2` inside the horizon.
pub fn period_pattern() -> String {
    let years: Vec<String> = (HORIZON_START..=HORIZON_END)
        .map(|y| y.to_string())
        .collect();
    format!("^({})(-H[12])?$", years.join("|"))
}

pub fn period_schema() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(period_pattern()))
        .description(Some(format!(
            "The reporting period: YYYY, YYYY-H1 or YYYY-H2, {HORIZON_START}–{HORIZON_END}, \
             begun by the day it is reported."
        )))
        .examples([json!("2024-H2")])
        .into()
}

/// A period one may report on today: inside the horizon, and begun.
pub fn begun_period_schema() -> Schema {
    let today = chrono::Utc::now().date_naive();
    let begun: Vec<String> = Period::all()
        .into_iter()
        .filter(|p| period_start(*p) <= today)
        .map(|p| p.to_string())
        .collect();
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(begun))
        .description(Some(format!(
            "The reporting period: YYYY, YYYY-H1 or YYYY-H2, from {HORIZON_START}, once it has \
             begun (this list grows as periods begin)."
        )))
        .examples([json!("2024-H2")])
        .into()
}

/// A day, `YYYY-MM-DD`, in the years the record can be asked about.
pub fn day_schema() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .pattern(Some(r"^20[0-9]{2}-[0-9]{2}-[0-9]{2}$"))
        .examples([json!("2025-12-31")])
        .into()
}

/// A period as a filter: any in the horizon, begun or not.
pub fn period_param_schema() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(period_pattern()))
        .description(Some(format!(
            "A period: YYYY, YYYY-H1 or YYYY-H2, {HORIZON_START}–{HORIZON_END}."
        )))
        .into()
}

pub fn opt_period_schema() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .pattern(Some(period_pattern()))
        .description(Some(
            "The period of the latest accepted update; null with none.",
        ))
        .into()
}

fn timestamp_object(nullable: bool) -> ObjectBuilder {
    let ty = if nullable {
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::Type(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(ty)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
        .pattern(Some(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"))
        .examples([json!("2026-03-01T09:30:00.000Z")])
}

pub fn timestamp_schema() -> Schema {
    timestamp_object(false)
        .description(Some("RFC 3339, UTC, with milliseconds."))
        .into()
}

pub fn opt_timestamp_schema() -> Schema {
    timestamp_object(true)
        .description(Some(
            "RFC 3339, UTC, with milliseconds; null when it has not happened.",
        ))
        .into()
}

/// Printable text of at most `max` characters: no control characters but
/// line breaks and tabs, no invisible formatting characters.
fn text_object(max: usize, multiline: bool, nullable: bool) -> ObjectBuilder {
    let ty = if nullable {
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::Type(Type::String)
    };
    let breaks = if multiline { "" } else { r"\t\n\r" };
    ObjectBuilder::new()
        .schema_type(ty)
        .max_length(Some(max))
        .pattern(Some(format!(
            r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F{breaks}\u034F\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\uFFFD]*$"
        )))
}

pub fn narrative_schema() -> Schema {
    text_object(Narrative::MAX, true, true)
        .description(Some("Progress in words; may be empty in a draft."))
        .examples([json!("The national action plan was adopted in May.")])
        .into()
}

pub fn review_comment_schema() -> Schema {
    text_object(ReviewComment::MAX, true, true)
        .description(Some(
            "Why the update is returned, or a note on accepting it.",
        ))
        .into()
}

pub fn comment_schema() -> Schema {
    text_object(ReviewComment::MAX, true, false)
        .min_length(Some(1))
        .pattern(Some(
            r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u034F\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\uFFFD]*[^\s\u0000-\u001F\u007F-\u009F\u034F\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\uFFFD][^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u034F\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\uFFFD]*$",
        ))
        .description(Some("The comment; not blank."))
        .examples([json!("Please add the decree's number.")])
        .into()
}

pub fn evidence_schema() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .max_length(Some(EvidenceUrl::MAX))
        .pattern(Some(r"^(https?://[!#-~]+)?$"))
        .description(Some(
            "A link to evidence: an http or https address, or empty.",
        ))
        .examples([json!("https://example.org/decree-2024.pdf")])
        .into()
}

/// The one shape of every error: the message, for people, and the field at
/// fault (a body field or query parameter), or null.
#[derive(Serialize, ToSchema)]
#[schema(examples(json!({"error": "period is required", "field": "period"})))]
pub struct ErrorBody {
    pub error: String,
    #[schema(required = true)]
    pub field: Option<String>,
}

/// One track of a commitment in a list.
#[derive(Serialize, ToSchema)]
pub struct TrackOut {
    pub id: i64,
    #[schema(schema_with = country_schema)]
    pub country: String,
    #[schema(schema_with = track_status_schema)]
    pub status: String,
    #[schema(schema_with = opt_period_schema, required = true)]
    pub last_accepted_period: Option<String>,
}

impl From<&TrackBrief> for TrackOut {
    fn from(t: &TrackBrief) -> Self {
        TrackOut {
            id: t.id,
            country: t.country.code().to_owned(),
            status: t.status.as_str().to_owned(),
            last_accepted_period: t.last_accepted_period.clone(),
        }
    }
}

/// A commitment of an outcome document and its tracks.
#[derive(Serialize, ToSchema)]
#[schema(examples(json!({
    "id": 12, "document": "JPOA-2022", "code": "P2.3",
    "title": "Strengthen the legal framework", "title_ru": "Укрепить правовую базу",
    "pillar": 2, "theme": "legal-framework", "target_year": 2027, "illustrative": true,
    "tracks": [{"id": 70, "country": "KZ", "status": "limited", "last_accepted_period": "2024"}]
})))]
pub struct CommitmentOut {
    pub id: i64,
    /// The outcome document's code.
    pub document: String,
    /// Its stable code in the document, e.g. `P2.12`.
    pub code: String,
    pub title: String,
    #[schema(required = true)]
    pub title_ru: Option<String>,
    #[schema(minimum = 1, maximum = 4)]
    pub pillar: i64,
    pub theme: String,
    #[schema(minimum = 2022, maximum = 2031)]
    pub target_year: i64,
    /// Seeded for illustration, not the official text.
    pub illustrative: bool,
    pub tracks: Vec<TrackOut>,
}

impl From<&Commitment> for CommitmentOut {
    fn from(c: &Commitment) -> Self {
        CommitmentOut {
            id: c.id,
            document: c.document.clone(),
            code: c.code.clone(),
            title: c.title.clone(),
            title_ru: opt(&c.title_ru),
            pillar: c.pillar,
            theme: c.theme.clone(),
            target_year: c.target_year,
            illustrative: c.illustrative,
            tracks: c.tracks.iter().map(TrackOut::from).collect(),
        }
    }
}

/// A track with the updates the caller may see, newest first.
#[derive(Serialize, ToSchema)]
pub struct TrackDetail {
    pub id: i64,
    #[schema(schema_with = country_schema)]
    pub country: String,
    #[schema(schema_with = track_status_schema)]
    pub status: String,
    #[schema(schema_with = opt_period_schema, required = true)]
    pub last_accepted_period: Option<String>,
    pub updates: Vec<UpdateOut>,
}

/// A commitment with its tracks and their updates (donors see accepted
/// ones only).
#[derive(Serialize, ToSchema)]
pub struct CommitmentDetail {
    pub id: i64,
    pub document: String,
    pub code: String,
    pub title: String,
    #[schema(required = true)]
    pub title_ru: Option<String>,
    #[schema(minimum = 1, maximum = 4)]
    pub pillar: i64,
    pub theme: String,
    #[schema(minimum = 2022, maximum = 2031)]
    pub target_year: i64,
    pub illustrative: bool,
    pub tracks: Vec<TrackDetail>,
}

impl CommitmentDetail {
    pub fn new(c: &Commitment, history: &[UpdateView]) -> Self {
        let tracks = c
            .tracks
            .iter()
            .map(|t| TrackDetail {
                id: t.id,
                country: t.country.code().to_owned(),
                status: t.status.as_str().to_owned(),
                last_accepted_period: t.last_accepted_period.clone(),
                updates: history
                    .iter()
                    .filter(|u| u.track_id == t.id)
                    .map(UpdateOut::from)
                    .collect(),
            })
            .collect();
        let o = CommitmentOut::from(c);
        CommitmentDetail {
            id: o.id,
            document: o.document,
            code: o.code,
            title: o.title,
            title_ru: o.title_ru,
            pillar: o.pillar,
            theme: o.theme,
            target_year: o.target_year,
            illustrative: o.illustrative,
            tracks,
        }
    }
}

/// A progress update.
#[derive(Serialize, ToSchema)]
#[schema(examples(json!({
    "id": 301, "track_id": 70, "commitment_id": 12, "commitment_code": "P2.3",
    "commitment_title": "Strengthen the legal framework", "country": "KZ",
    "period": "2024-H2", "status": "limited",
    "narrative_en": "The national action plan was adopted in May.", "narrative_ru": null,
    "evidence_url": null, "state": "submitted", "sensitivity": "partners", "withheld": false,
    "author_id": 5, "submitted_by": "Aigerim N.",
    "submitted_at": "2025-01-20T08:15:02.114Z", "reviewed_by": null, "reviewed_at": null,
    "review_comment": null, "revises_id": null, "revised_by_id": null, "is_demo": false
})))]
pub struct UpdateOut {
    pub id: i64,
    pub track_id: i64,
    pub commitment_id: i64,
    pub commitment_code: String,
    pub commitment_title: String,
    #[schema(schema_with = country_schema)]
    pub country: String,
    #[schema(schema_with = period_schema)]
    pub period: String,
    #[schema(schema_with = status_schema)]
    pub status: String,
    #[schema(schema_with = narrative_schema, required = true)]
    pub narrative_en: Option<String>,
    #[schema(schema_with = narrative_schema, required = true)]
    pub narrative_ru: Option<String>,
    #[schema(schema_with = evidence_schema, required = true)]
    pub evidence_url: Option<String>,
    #[schema(schema_with = state_schema)]
    pub state: String,
    /// Who may read what it says, now.
    #[schema(schema_with = sensitivity_schema)]
    pub sensitivity: String,
    /// Its words, evidence link, comments and names are left out (null):
    /// the caller is not cleared for them. Its status counts all the same.
    pub withheld: bool,
    /// Null when withheld.
    #[schema(required = true)]
    pub author_id: Option<i64>,
    /// The author's name; null when withheld.
    #[schema(required = true)]
    pub submitted_by: Option<String>,
    /// Null for a draft.
    #[schema(schema_with = opt_timestamp_schema, required = true)]
    pub submitted_at: Option<String>,
    #[schema(required = true)]
    pub reviewed_by: Option<String>,
    #[schema(schema_with = opt_timestamp_schema, required = true)]
    pub reviewed_at: Option<String>,
    #[schema(schema_with = review_comment_schema, required = true)]
    pub review_comment: Option<String>,
    /// The returned update this one revises.
    #[schema(required = true)]
    pub revises_id: Option<i64>,
    /// The update that revised this one, once returned.
    #[schema(required = true)]
    pub revised_by_id: Option<i64>,
    /// Made up by `--demo` or `demo-data`, not reported by anyone.
    pub is_demo: bool,
}

impl From<&UpdateView> for UpdateOut {
    fn from(u: &UpdateView) -> Self {
        UpdateOut {
            id: u.id,
            track_id: u.track_id,
            commitment_id: u.commitment_id,
            commitment_code: u.commitment_code.clone(),
            commitment_title: u.commitment_title.clone(),
            country: u.country.code().to_owned(),
            period: u.period.to_string(),
            status: u.status.as_str().to_owned(),
            narrative_en: opt(&u.narrative_en),
            narrative_ru: opt(&u.narrative_ru),
            evidence_url: opt(&u.evidence_url),
            state: u.state.as_str().to_owned(),
            sensitivity: u.sensitivity_now().as_str().to_owned(),
            withheld: u.withheld,
            author_id: (!u.withheld).then_some(u.author_id),
            submitted_by: opt(&u.submitted_by),
            submitted_at: opt_timestamp(u.submitted_at.as_deref()),
            reviewed_by: u.reviewed_by.clone().filter(|s| !s.is_empty()),
            reviewed_at: opt_timestamp(u.reviewed_at.as_deref()),
            review_comment: opt(&u.review_comment),
            revises_id: u.revises_id,
            revised_by_id: u.revised_by_id,
            is_demo: u.is_demo,
        }
    }
}

/// One version of a report in its chain of revisions: what was sent, and
/// what the reviewer decided.
#[derive(Serialize, ToSchema)]
pub struct VersionOut {
    pub id: i64,
    #[schema(schema_with = state_schema)]
    pub state: String,
    #[schema(schema_with = period_schema)]
    pub period: String,
    #[schema(schema_with = status_schema)]
    pub status: String,
    #[schema(schema_with = opt_timestamp_schema, required = true)]
    pub submitted_at: Option<String>,
    #[schema(required = true)]
    pub reviewed_by: Option<String>,
    #[schema(schema_with = opt_timestamp_schema, required = true)]
    pub reviewed_at: Option<String>,
    #[schema(schema_with = review_comment_schema, required = true)]
    pub review_comment: Option<String>,
}

impl From<&UpdateView> for VersionOut {
    fn from(u: &UpdateView) -> Self {
        let o = UpdateOut::from(u);
        VersionOut {
            id: o.id,
            state: o.state,
            period: o.period,
            status: o.status,
            submitted_at: o.submitted_at,
            reviewed_by: o.reviewed_by,
            reviewed_at: o.reviewed_at,
            review_comment: o.review_comment,
        }
    }
}

/// A comment in the conversation on an update.
#[derive(Serialize, ToSchema)]
pub struct CommentOut {
    pub id: i64,
    /// Who wrote it (their name).
    pub author: String,
    pub body: String,
    #[schema(schema_with = timestamp_schema)]
    pub created_at: String,
}

impl From<&Comment> for CommentOut {
    fn from(c: &Comment) -> Self {
        CommentOut {
            id: c.id,
            author: c.author.clone(),
            body: c.body.clone(),
            created_at: timestamp(&c.created_at),
        }
    }
}

/// An update with the versions of its report and its conversation.
#[derive(Serialize, ToSchema)]
pub struct UpdateDetail {
    #[serde(flatten)]
    pub update: UpdateOut,
    /// Every version of this report the caller may see, oldest first,
    /// this one among them: a returned update and the revisions after it.
    pub history: Vec<VersionOut>,
    /// The conversation, oldest first; null for whoever is not in it
    /// (donors, and anyone on a draft).
    #[schema(required = true)]
    pub comments: Option<Vec<CommentOut>>,
}

/// What a write made or changed, and the state it is in.
#[derive(Serialize, ToSchema)]
#[schema(examples(json!({"id": 301, "state": "submitted"})))]
pub struct StateOut {
    pub id: i64,
    #[schema(schema_with = state_schema)]
    pub state: String,
}

/// The id of what was made.
#[derive(Serialize, ToSchema)]
pub struct IdOut {
    pub id: i64,
}
