//! The JSON API of CONTRACT.md, its status codes and its bad-input answers.
//!
//! Most checks are tables of [`Case`]s: who sends what where, and what must
//! come back. [`Api::check`] runs a table in order, so a later row may
//! depend on what an earlier one did.

mod commitments;
mod conformance;
mod conventions;
mod conversation;
mod drafts;
mod lists;
mod login;
mod review;
mod updates;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::TestApp;

struct Api {
    http: reqwest::Client,
    base: String,
}

/// What a request carries.
enum Body {
    None,
    Json(Value),
    /// Bytes sent as they are, with this content type if any.
    Raw(Option<&'static str>, String),
}

/// What the JSON answer must hold, besides the status.
enum Expect {
    Anything,
    /// Each field of this object, with this value.
    Fields(Value),
    /// Exactly this value.
    Exactly(Value),
    /// An error message naming the field at fault: `error` and `field` are strings.
    FieldError,
}

/// One row of a table: who asks (a token, or nobody), how, and the answer.
struct Case<'a> {
    token: Option<&'a str>,
    method: Method,
    path: String,
    body: Body,
    status: u16,
    expect: Expect,
    why: &'a str,
}

impl<'a> Case<'a> {
    fn get(token: Option<&'a str>, path: impl Into<String>) -> Case<'a> {
        Case {
            token,
            method: Method::GET,
            path: path.into(),
            body: Body::None,
            status: 200,
            expect: Expect::Anything,
            why: "",
        }
    }

    fn post(token: Option<&'a str>, path: impl Into<String>, body: Value) -> Case<'a> {
        Case {
            method: Method::POST,
            body: Body::Json(body),
            ..Case::get(token, path)
        }
    }

    fn put(token: Option<&'a str>, path: impl Into<String>, body: Value) -> Case<'a> {
        Case {
            method: Method::PUT,
            body: Body::Json(body),
            ..Case::get(token, path)
        }
    }

    fn post_raw(
        token: Option<&'a str>,
        path: impl Into<String>,
        content_type: Option<&'static str>,
        body: impl Into<String>,
    ) -> Case<'a> {
        Case {
            method: Method::POST,
            body: Body::Raw(content_type, body.into()),
            ..Case::get(token, path)
        }
    }

    /// Progress logged on `track`.
    fn log(token: Option<&'a str>, track: i64, body: &Value) -> Case<'a> {
        Case::post(token, format!("/tracks/{track}/updates"), body.clone())
    }

    /// A decision on update `id`.
    fn review(token: Option<&'a str>, id: i64, decision: Value) -> Case<'a> {
        Case::post(token, format!("/updates/{id}/review"), decision)
    }

    /// The status that must come back.
    fn is(self, status: u16) -> Case<'a> {
        Case { status, ..self }
    }

    /// Fields the answer must hold, with these values.
    fn with(self, fields: Value) -> Case<'a> {
        Case {
            expect: Expect::Fields(fields),
            ..self
        }
    }

    /// The whole answer.
    fn exactly(self, answer: Value) -> Case<'a> {
        Case {
            expect: Expect::Exactly(answer),
            ..self
        }
    }

    /// An answer naming the field at fault.
    fn field_error(self) -> Case<'a> {
        Case {
            expect: Expect::FieldError,
            ..self
        }
    }

    /// What the row is about, for the failure message.
    fn because(self, why: &'a str) -> Case<'a> {
        Case { why, ..self }
    }
}

impl Api {
    fn new(app: &TestApp) -> Api {
        Api {
            http: reqwest::Client::new(),
            base: app.url("/api/v1"),
        }
    }

    async fn send(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: &Body,
    ) -> (StatusCode, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        match body {
            Body::None => {}
            Body::Json(v) => req = req.json(v),
            Body::Raw(content_type, text) => {
                if let Some(t) = content_type {
                    req = req.header("content-type", *t);
                }
                req = req.body(text.clone());
            }
        }
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, token: Option<&str>, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(token, Method::POST, path, &Body::Json(body))
            .await
    }

    async fn get(&self, token: Option<&str>, path: &str) -> (StatusCode, Value) {
        self.send(token, Method::GET, path, &Body::None).await
    }

    /// The id of a new update logged on `track`.
    async fn logged(&self, token: Option<&str>, track: i64, body: Value) -> i64 {
        let path = format!("/tracks/{track}/updates");
        let (_, v) = self.post(token, &path, body).await;
        v["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("nothing logged on {path}: {v}"))
    }

    /// Runs the table in order, asserting each row; the answers, in order.
    async fn check(&self, cases: &[Case<'_>]) -> Vec<Value> {
        let mut answers = Vec::new();
        for c in cases {
            let (s, v) = self.send(c.token, c.method.clone(), &c.path, &c.body).await;
            let sent = match &c.body {
                Body::None => String::new(),
                Body::Json(b) => b.to_string(),
                Body::Raw(_, text) => text.chars().take(80).collect(),
            };
            let row = format!("{} {} {sent} ({})", c.method, c.path, c.why);
            assert_eq!(s.as_u16(), c.status, "{row}: {v}");
            match &c.expect {
                Expect::Anything => {}
                Expect::Fields(fields) => {
                    for (k, want) in fields.as_object().expect("fields as an object") {
                        assert_eq!(&v[k], want, "{row}: {k} in {v}");
                    }
                }
                Expect::Exactly(want) => assert_eq!(&v, want, "{row}"),
                Expect::FieldError => assert!(
                    v["error"].is_string() && v["field"].is_string(),
                    "{row}: {v}"
                ),
            }
            answers.push(v);
        }
        answers
    }
}

/// An app with the four standard people, an API client, and their tokens:
/// `[kz, rev, admin, donor]`.
async fn setup() -> (TestApp, Api, [String; 4]) {
    let app = TestApp::with_standard_users().await;
    let tokens = [
        app.token_for("kz@example.org").await,
        app.token_for("rev@example.org").await,
        app.token_for("admin@example.org").await,
        app.token_for("donor@example.org").await,
    ];
    let api = Api::new(&app);
    (app, api, tokens)
}
