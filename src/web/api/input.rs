//! What an API request sends, read against the operation's own description
//! in the OpenAPI document: a body that is not JSON is `415`, JSON that
//! cannot be parsed or is not an object is `400`, a field or a query
//! parameter the document does not name is `400` naming it, and a required
//! field that is missing, or a value of the wrong type, is `422` naming the
//! field. The document is the one list of what each operation takes.

use axum::extract::{FromRequest, MatchedPath, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use utoipa::openapi::RefOr;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::schema::Schema;

use super::doc;
use crate::domain::Msg;
use crate::error::AppError;
use crate::web::error::ApiError;

/// A request the client must change before it can be understood (400).
fn malformed(field: Option<&str>, message: impl Into<Msg>) -> ApiError {
    ApiError(AppError::Malformed {
        field: field.map(str::to_owned),
        message: message.into(),
    })
}

/// Refuses query parameters the matched operation does not document, a
/// parameter given twice, and one given without a value, before the
/// handler runs. A method the path does not take is left to the router
/// (`405`).
pub async fn known_parameters(matched: Option<MatchedPath>, req: Request, next: Next) -> Response {
    let names = matched.and_then(|m| doc::query_parameters(m.as_str(), req.method()));
    if let Some(names) = names
        && let Err(e) = check_query(req.uri().query().unwrap_or(""), &names)
    {
        return e.into_response();
    }
    next.run(req).await
}

/// Parameters whose empty value means something (text search: none).
const MAY_BE_EMPTY: &[&str] = &["q"];

fn check_query(query: &str, known: &[&'static str]) -> Result<(), ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
        .map_err(|_| malformed(None, Msg::new("api-query-unreadable")))?;
    let mut seen: Vec<&str> = Vec::new();
    for (name, _) in &pairs {
        if !known.iter().any(|k| k == name) {
            let allowed = if known.is_empty() {
                Msg::new("api-no-parameters").arg("name", name.clone())
            } else {
                Msg::new("api-unknown-parameter")
                    .arg("name", name.clone())
                    .arg("known", known.join(", "))
            };
            return Err(malformed(Some(name), allowed));
        }
        if seen.contains(&name.as_str()) {
            return Err(malformed(
                Some(name),
                Msg::new("api-repeated-parameter").arg("name", name.clone()),
            ));
        }
        seen.push(name);
    }
    // An empty value is a value, and none of these takes it: said rather
    // than read as the parameter being absent.
    if let Some((name, _)) = pairs
        .iter()
        .find(|(k, v)| v.trim().is_empty() && !MAY_BE_EMPTY.contains(&k.as_str()))
    {
        return Err(ApiError(AppError::Invalid {
            field: known.iter().find(|k| **k == name).copied(),
            message: Msg::new("api-empty-parameter").arg("name", name.clone()),
        }));
    }
    Ok(())
}

/// A query parameter's value, `None` when absent or empty.
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// The request's query pairs (already checked by [`known_parameters`]).
pub struct Query(pub Vec<(String, String)>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Query {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, ApiError> {
        serde_urlencoded::from_str(parts.uri.query().unwrap_or(""))
            .map(Query)
            .map_err(|_| malformed(None, Msg::new("api-query-unreadable")))
    }
}

impl Query {
    pub fn get(&self, name: &str) -> Option<&str> {
        param(&self.0, name)
    }
}

/// A JSON object body, its fields checked against the request body schema
/// `S` of the document: read them with the typed getters.
pub struct Body {
    fields: Map<String, Value>,
    required: Vec<String>,
}

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let schema = req
            .extensions()
            .get::<MatchedPath>()
            .and_then(|m| doc::request_schema(m.as_str(), req.method()));
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .is_some_and(|t| t == "application/json" || t.ends_with("+json"));
        if !json {
            return Err(ApiError(AppError::NotJson));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError(AppError::TooLarge)
                } else {
                    malformed(None, Msg::new("api-body-unreadable"))
                }
            })?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            malformed(
                None,
                Msg::new("api-body-not-json")
                    .arg("line", e.line() as i64)
                    .arg("column", e.column() as i64),
            )
        })?;
        let Value::Object(fields) = value else {
            return Err(malformed(None, Msg::new("api-body-not-object")));
        };
        let (known, required) = schema.map(fields_of).unwrap_or_default();
        if let Some(name) = fields.keys().find(|k| !known.contains(k)) {
            return Err(malformed(
                Some(name),
                Msg::new("api-unknown-field")
                    .arg("name", name.clone())
                    .arg("known", known.join(", ")),
            ));
        }
        Ok(Body { fields, required })
    }
}

/// The property names of an object schema (or of the first object of an
/// `allOf`), and which are required.
fn fields_of(schema: &Schema) -> (Vec<String>, Vec<String>) {
    match schema {
        Schema::Object(o) => (o.properties.keys().cloned().collect(), o.required.clone()),
        Schema::AllOf(all) => match all.items.first() {
            Some(RefOr::T(first)) => fields_of(first),
            _ => Default::default(),
        },
        _ => Default::default(),
    }
}

fn invalid(field: &'static str, key: &'static str) -> AppError {
    AppError::Invalid {
        field: Some(field),
        message: Msg::new(key).arg("field", field),
    }
}

impl Body {
    /// The field's value; `null` is the same as absent.
    fn value(&self, name: &'static str) -> Result<Option<&Value>, AppError> {
        match self.fields.get(name) {
            None | Some(Value::Null) if self.required.iter().any(|r| r == name) => {
                Err(invalid(name, "invalid-required"))
            }
            None | Some(Value::Null) => Ok(None),
            Some(v) => Ok(Some(v)),
        }
    }

    /// A text field; absent ones read as empty text.
    pub fn text(&self, name: &'static str) -> Result<&str, AppError> {
        match self.value(name)? {
            None => Ok(""),
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(invalid(name, "invalid-not-text")),
        }
    }

    pub fn boolean(&self, name: &'static str) -> Result<Option<bool>, AppError> {
        match self.value(name)? {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(invalid(name, "invalid-not-boolean")),
        }
    }

    pub fn integer(&self, name: &'static str) -> Result<Option<i64>, AppError> {
        match self.value(name)? {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
            // JSON has one kind of number: 45.0 is the whole number 45.
            Some(Value::Number(n))
                if n.as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15) =>
            {
                Ok(n.as_f64().map(|f| f as i64))
            }
            Some(_) => Err(invalid(name, "invalid-not-integer")),
        }
    }
}

/// Whether an operation parameter is in the query.
pub fn in_query(p: &utoipa::openapi::path::Parameter) -> bool {
    matches!(p.parameter_in, ParameterIn::Query)
}

/// The schema a reference points at, or the schema itself.
pub fn resolve<'a>(r: &'a RefOr<Schema>, doc: &'a utoipa::openapi::OpenApi) -> Option<&'a Schema> {
    match r {
        RefOr::T(s) => Some(s),
        RefOr::Ref(reference) => {
            let name = reference.ref_location.rsplit('/').next()?;
            match doc.components.as_ref()?.schemas.get(name)? {
                RefOr::T(s) => Some(s),
                RefOr::Ref(_) => None,
            }
        }
    }
}
