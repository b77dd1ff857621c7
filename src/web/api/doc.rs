//! The OpenAPI 3.1 document of the API, generated from the handlers'
//! descriptions. The answers every operation shares (a malformed request,
//! a missing token, an unknown id, a body that is not JSON, …) are added
//! here, once, from what the operation takes, so no operation can forget
//! one. The document is also what requests are read against
//! (`input::known_parameters`, `input::Body`).

use std::sync::{Arc, LazyLock, Mutex};

use chrono::NaiveDate;

use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, AnyOfBuilder, ObjectBuilder, Schema, Type,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, RefOr};
use utoipa::{Modify, OpenApi};

use super::schema::ErrorBody;
use super::{commitments, cycles, lists, session, snapshots, updates};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "jpoa-tracker API",
        version = "1",
        description = "The record of the Joint Plan of Action's commitments and their progress, \
            for national systems, UNOCT's reporting and donors' scripts. Sign in with \
            `POST /api/v1/login` for a token and send it as `Authorization: Bearer TOKEN`. \
            Errors are always `{\"error\", \"field\"}`: `field` names the body field or query \
            parameter at fault, or is null. Absent values are `null`; timestamps are RFC 3339 \
            in UTC with milliseconds. Lists give a page of `limit` items (default 100, at most \
            500; the commitments list defaults to 500); when more follow, the `Next-Cursor` \
            header holds the `cursor` of the next page and `Link` its address. Within \
            `/api/v1`, operations, fields, parameters and values may be added; none is \
            renamed, removed or given another meaning.",
        license(name = "MIT"),
    ),
    paths(
        openapi_json,
        session::login, session::logout, session::me,
        lists::my_updates, lists::review_queue, lists::due_reports,
        commitments::list, commitments::show,
        updates::submit, updates::show, updates::edit_draft, updates::submit_draft,
        updates::revise, updates::review, updates::change_sensitivity, updates::comments,
        updates::add_comment,
        updates::comment,
        snapshots::list, snapshots::freeze, snapshots::show, snapshots::download,
        cycles::list, cycles::set,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Conventions),
    security(("bearer" = [])),
    tags(
        (name = "session", description = "Signing in and out, and who is signed in."),
        (name = "commitments", description = "The plan's commitments and their tracks."),
        (name = "updates", description = "Progress updates, drafts and their conversation."),
        (name = "review", description = "What reviewers decide and chase."),
        (name = "snapshots", description = "Frozen, citable reports."),
        (name = "cycles", description = "Reporting cycles, set by administrators."),
        (name = "document", description = "This description."),
    )
)]
struct ApiDoc;

/// The document as requests are read against it (names of parameters and
/// fields, which do not change while the server runs).
static DOCUMENT: LazyLock<Document> = LazyLock::new(ApiDoc::openapi);

/// The document as served: its list of periods one may report on grows
/// as periods begin, so it is written again on the first request of a day.
static JSON: Mutex<Option<(NaiveDate, Arc<str>)>> = Mutex::new(None);

fn json_of_today() -> Arc<str> {
    let today = chrono::Utc::now().date_naive();
    let mut kept = JSON
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match kept.as_ref() {
        Some((day, json)) if *day == today => json.clone(),
        _ => {
            let json: Arc<str> = ApiDoc::openapi()
                .to_json()
                .unwrap_or_else(|_| "{}".to_owned())
                .into();
            *kept = Some((today, json.clone()));
            json
        }
    }
}

/// This description of the API, as JSON.
#[utoipa::path(get, path = "/api/v1/openapi.json", operation_id = "getOpenApiDocument", tag = "document",
    security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document.",
        content_type = "application/json", body = Object)))]
pub async fn openapi_json() -> Response {
    let mut resp = json_of_today().to_string().into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

/// Every operation the document describes: (method, path).
#[cfg(test)]
fn documented_operations() -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (path, item) in &DOCUMENT.paths.paths {
        for (method, _) in operations(item) {
            out.push((method, path.clone()));
        }
    }
    out
}

fn operations(item: &PathItem) -> Vec<(&'static str, &Operation)> {
    [
        ("GET", &item.get),
        ("PUT", &item.put),
        ("POST", &item.post),
        ("DELETE", &item.delete),
        ("PATCH", &item.patch),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|o| (m, o)))
    .collect()
}

/// The methods the path takes, by the document's path patterns.
pub fn methods_of(path: &str) -> Vec<&'static str> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let matches = |pattern: &str| {
        let p: Vec<&str> = pattern.split('/').collect();
        p.len() == segments.len()
            && p.iter()
                .zip(&segments)
                .all(|(p, s)| p == s || (p.starts_with('{') && p.ends_with('}')))
    };
    DOCUMENT
        .paths
        .paths
        .iter()
        .filter(|(pattern, _)| matches(pattern))
        .flat_map(|(_, item)| operations(item).into_iter().map(|(m, _)| m))
        .collect()
}

fn operation(path: &str, method: &Method) -> Option<&'static Operation> {
    let item = DOCUMENT.paths.paths.get(path)?;
    operations(item)
        .into_iter()
        .find(|(m, _)| *m == method.as_str())
        .map(|(_, o)| o)
}

/// The query parameters the operation at this route pattern takes; None
/// for a method the path does not take.
pub fn query_parameters(path: &str, method: &Method) -> Option<Vec<&'static str>> {
    let op = operation(path, method)?;
    Some(
        op.parameters
            .iter()
            .flatten()
            .filter_map(|p| match p {
                RefOr::T(p) if super::input::in_query(p) => Some(p.name.as_str()),
                _ => None,
            })
            .collect(),
    )
}

/// The schema of the operation's JSON body.
pub fn request_schema(path: &str, method: &Method) -> Option<&'static Schema> {
    let body = match operation(path, method)?.request_body.as_ref()? {
        RefOr::T(b) => b,
        RefOr::Ref(_) => return None,
    };
    let content = match body.content.get("application/json")? {
        RefOr::T(c) => c,
        RefOr::Ref(_) => return None,
    };
    super::input::resolve(content.schema.as_ref()?, &DOCUMENT)
}

/// The answers every operation may give, added from what it takes.
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("opaque token from POST /api/v1/login")
                    .description(Some(
                        "`Authorization: Bearer TOKEN`; the scheme's name in any case.",
                    ))
                    .build(),
            ),
        );
        for (name, schema) in components.schemas.iter_mut() {
            if name.ends_with("Request")
                && let RefOr::T(schema) = schema
            {
                closed_request(name, schema);
            }
        }
        for item in doc.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                shared_answers(op);
            }
        }
    }
}

fn shared_answers(op: &mut Operation) {
    let public = op
        .security
        .as_ref()
        .is_some_and(|s| s.iter().any(|r| *r == SecurityRequirement::default()));
    let params = op.parameters.iter().flatten();
    let (mut in_path, mut in_query) = (false, false);
    for p in params {
        if let RefOr::T(p) = p {
            in_path |= !super::input::in_query(p);
            in_query |= super::input::in_query(p);
        }
    }
    let body = op.request_body.is_some();
    if let Some(RefOr::T(b)) = op.request_body.as_mut() {
        mark_required(b);
    }
    let mut add = |status: &str, text: &str| {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| ResponseBuilder::new().description(text).into());
    };
    add(
        "400",
        "The request cannot be read: a query parameter or body field this operation does \
         not take, a parameter given twice, or a body that is not a JSON object. `field` \
         names the parameter or field.",
    );
    if !public {
        add(
            "401",
            "No token, or a token that was revoked, has expired or never existed.",
        );
        add(
            "403",
            "Not allowed for this account, or the account must enrol a second factor in the \
             app first (`field` is `otp`).",
        );
    }
    if in_path {
        add("404", "No such thing, or not one the caller may see.");
    }
    let paged = op.parameters.iter().flatten().any(|p| match p {
        RefOr::T(p) => p.name == "cursor",
        RefOr::Ref(_) => false,
    });
    if paged {
        add(
            "409",
            "The cursor's item is not in this list: it left the list, or the cursor was made \
             for another one. Start again without a cursor.",
        );
    }
    if body {
        add(
            "413",
            "The body is larger than the server takes (256 KiB unless the server is set otherwise).",
        );
        add("415", "The body is not sent as `application/json`.");
    }
    if body || in_query {
        add(
            "422",
            "A value is invalid: missing, of the wrong type or out of range. `field` names it.",
        );
    }
    for (status, r) in &mut op.responses.responses {
        if let RefOr::T(r) = r
            && !status.starts_with('2')
            && r.content.is_empty()
        {
            r.content
                .insert("application/json".to_owned(), error_content());
        }
        if let RefOr::T(r) = r
            && paged
            && status == "200"
        {
            for (name, text) in [
                (
                    "Next-Cursor",
                    "The cursor of the next page, when more follow.",
                ),
                (
                    "Link",
                    "`<…>; rel=\"next\"`: the next page, when more follow.",
                ),
            ] {
                let header = HeaderBuilder::new()
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                    .description(Some(text))
                    .build();
                r.headers.insert(name.to_owned(), header.into());
            }
        }
    }
}

/// A request body takes its fields and no other (`400` otherwise); a
/// submission says what was done in at least one language.
fn closed_request(name: &str, schema: &mut Schema) {
    let Schema::Object(object) = schema else {
        return;
    };
    object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
    if name == "ReviewRequest" {
        *schema = needs_a_comment_to_return(object.clone());
        return;
    }
    let mut said = AnyOfBuilder::new();
    if name == "UpdateRequest" {
        said = said.item(
            ObjectBuilder::new()
                .property(
                    "draft",
                    ObjectBuilder::new()
                        .schema_type(Type::Boolean)
                        .enum_values(Some([true])),
                )
                .required("draft"),
        );
    } else if name != "RevisionRequest" {
        return;
    }
    for field in ["narrative_en", "narrative_ru"] {
        said = said.item(
            ObjectBuilder::new()
                .property(
                    field,
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some(r"\S")),
                )
                .required(field),
        );
    }
    let object = Schema::Object(object.clone());
    *schema = AllOfBuilder::new()
        .item(object)
        .item(said)
        .description(Some(
            "At least one narrative must say something, unless it is kept as a draft.",
        ))
        .into();
}

/// A return says what should change; an acceptance may say nothing.
fn needs_a_comment_to_return(object: utoipa::openapi::schema::Object) -> Schema {
    let accept = ObjectBuilder::new().property(
        "decision",
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(["accept"])),
    );
    let commented = ObjectBuilder::new()
        .property(
            "comment",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(r"\S")),
        )
        .required("comment");
    AllOfBuilder::new()
        .item(Schema::Object(object))
        .item(AnyOfBuilder::new().item(accept).item(commented))
        .description(Some("A return needs a comment saying what should change."))
        .into()
}

fn error_content() -> RefOr<utoipa::openapi::Content> {
    ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ErrorBody")))
        .build()
        .into()
}

fn mark_required(b: &mut RequestBody) {
    b.required = Some(utoipa::openapi::Required::True);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A route added without a description, or a description left after
    /// its route went, fails here.
    #[test]
    fn every_route_is_described_and_every_description_is_a_route() {
        let (_, routes) = super::super::router().into_parts();
        let mut served: Vec<(String, String)> = routes
            .into_iter()
            .map(|r| (r.method.to_owned(), format!("/api/v1{}", r.path)))
            .collect();
        let mut described: Vec<(String, String)> = documented_operations()
            .into_iter()
            .map(|(m, p)| (m.to_owned(), p))
            .collect();
        served.sort();
        described.sort();
        assert_eq!(served, described);
    }

    #[test]
    fn the_document_is_openapi_3_1_with_the_bearer_scheme() {
        let v: serde_json::Value = serde_json::from_str(&json_of_today()).unwrap();
        assert_eq!(v["openapi"], "3.1.0");
        assert_eq!(
            v["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
        assert_eq!(v["security"][0]["bearer"], serde_json::json!([]));
    }
}
