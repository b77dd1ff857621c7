//! The second factor, with `JPOA_MFA` at its default (`staff`): enrolling,
//! signing in with a code, the API's `otp`, changing or removing a factor,
//! and what an account that must enrol can still reach.
//!
//! Codes are computed here with totp-rs from the secret the page shows, as
//! a person's authenticator app would, not with the tracker's own code.

mod api;
mod changes;
mod enrolment;
mod gate;
mod sign_in;

use std::time::Duration;

use totp_rs::{Algorithm, Secret, TOTP};

use crate::helpers::{Client, PASSWORD, Settings, TestApp, location};

/// The app with the documented defaults (admins and reviewers must enrol)
/// and the four standard people.
pub async fn staff_app() -> TestApp {
    settings_app(Settings::defaults()).await
}

pub async fn settings_app(settings: Settings) -> TestApp {
    let app = TestApp::spawn_configured(settings, None).await;
    app.add_standard_users().await;
    app
}

/// A person's authenticator app: the codes of a secret, each time step's
/// code given once, waiting for the next step when it must, as a person
/// would.
pub struct Authenticator {
    totp: TOTP,
    last: u64,
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

impl Authenticator {
    pub fn new(secret: &str) -> Authenticator {
        let bytes = Secret::Encoded(secret.to_owned()).to_bytes().unwrap();
        Authenticator {
            totp: TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes).unwrap(),
            last: 0,
        }
    }

    /// A code the server has not seen: the current step's, or the next
    /// one's (servers allow one step either side) once it was used.
    pub async fn code(&mut self) -> String {
        loop {
            let now = unix_now() / 30;
            let step = (self.last + 1).max(now);
            if step <= now + 1 {
                self.last = step;
                return self.totp.generate(step * 30);
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// The code of a step already used, to show it is refused.
    pub fn used_code(&self) -> String {
        self.totp.generate(self.last * 30)
    }
}

/// The text of the element with this id.
pub fn text_of(page: &str, id: &str) -> String {
    let at = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in {page}"));
    let start = at + page[at..].find('>').unwrap() + 1;
    let end = start + page[start..].find('<').unwrap();
    page[start..end].to_owned()
}

/// The recovery codes of the page that shows them.
pub fn recovery_codes(page: &str) -> Vec<String> {
    let at = page
        .find("id=\"recovery-codes\"")
        .expect("no recovery codes");
    let list = &page[at..at + page[at..].find("</ol>").unwrap()];
    list.split("<code>")
        .skip(1)
        .map(|c| c[..c.find("</code>").unwrap()].to_owned())
        .collect()
}

/// A browser of `email` signed in with the password alone (the account
/// has no factor yet).
pub async fn signed_in(app: &TestApp, email: &str) -> Client {
    let c = Client::new(app);
    let r = c.sign_in(email, PASSWORD).await;
    assert_eq!(r.status(), 303, "sign-in of {email}");
    c
}

/// Enrols the signed-in person of `c` through the pages: their app, and
/// the recovery codes shown once.
pub async fn enrol(c: &Client) -> (Authenticator, Vec<String>) {
    let (status, page) = c.get_text("/account/second-factor").await;
    assert_eq!(status, 200, "{page}");
    let mut app = Authenticator::new(&text_of(&page, "totp-secret"));
    let code = app.code().await;
    let r = c
        .post_form("/account/second-factor", &[("code", &code)])
        .await;
    assert_eq!(r.status(), 200);
    let codes = recovery_codes(&r.text().await.unwrap());
    (app, codes)
}

/// A fresh browser of `email` through both steps of signing in; the
/// answer to the code.
pub async fn sign_in_with_code(
    app: &TestApp,
    email: &str,
    code: &str,
) -> (Client, reqwest::Response) {
    let c = Client::new(app);
    let r = c.sign_in(email, PASSWORD).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login/code");
    let r = c.post_form("/login/code", &[("code", code)]).await;
    (c, r)
}
