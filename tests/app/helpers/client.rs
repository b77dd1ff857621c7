//! An HTTP client with its own cookie jar that does not follow redirects,
//! so tests see the 303 and where it points.

use serde_json::Value;

use super::TestApp;

pub struct Client {
    pub http: reqwest::Client,
    base: String,
}

impl Client {
    pub fn new(app: &TestApp) -> Client {
        Client::with_headers(app, reqwest::header::HeaderMap::new())
    }

    /// A client whose every request says `Accept-Language: {accept_language}`.
    pub fn speaking(app: &TestApp, accept_language: &str) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT_LANGUAGE,
            accept_language.parse().unwrap(),
        );
        Client::with_headers(app, headers)
    }

    fn with_headers(app: &TestApp, headers: reqwest::header::HeaderMap) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .default_headers(headers)
                .build()
                .unwrap(),
            base: app.url(""),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// The body of `path`, which must answer 200.
    pub async fn get_bytes(&self, path: &str) -> Vec<u8> {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        r.bytes().await.unwrap().to_vec()
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn put_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .put(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Sends `bytes` as the file `name` of a multipart/form-data form, as a
    /// browser does (the body is built here: no multipart client needed).
    pub async fn post_file(&self, path: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
        let boundary = "----jpoa-test-boundary-7f3a9c";
        let mut body = Vec::new();
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.http
            .post(self.url(path))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap()
    }
}

impl Client {
    /// The create-account form of `/admin/users`, as an administrator sends it.
    pub async fn create_account(
        &self,
        name: &str,
        email: &str,
        role: &str,
        country: &str,
    ) -> reqwest::Response {
        let form = [
            ("name", name),
            ("email", email),
            ("role", role),
            ("country", country),
        ];
        self.post_form("/admin/users", &form).await
    }

    /// The sign-in form sent with `email` and `password`, without a `next`.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form("/login", &[("email", email), ("password", password)])
            .await
    }
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The value of the form field `name` on a page (an `input`'s `value`, or
/// a `textarea`'s text), unescaped.
pub fn field_value(page: &str, name: &str) -> Option<String> {
    let at = page.find(&format!("name=\"{name}\""))?;
    let tag_start = page[..at].rfind('<')?;
    let tag_end = at + page[at..].find('>')?;
    let tag = &page[tag_start..=tag_end];
    let raw = if tag.starts_with("<textarea") {
        let end = tag_end + 1 + page[tag_end + 1..].find("</textarea>")?;
        &page[tag_end + 1..end]
    } else {
        let v = tag.find("value=\"")? + 7;
        &tag[v..v + tag[v..].find('"')?]
    };
    Some(
        raw.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

/// The `href` of the link with `rel` (prev or next), unescaped.
pub fn rel_link(page: &str, rel: &str) -> Option<String> {
    let at = page.find(&format!("rel=\"{rel}\""))?;
    let start = page[..at].rfind("href=\"")? + 6;
    let end = start + page[start..].find('"')?;
    Some(page[start..end].replace("&amp;", "&"))
}
