//! Mail through a real SMTP server (aiosmtpd): invitations, password links
//! and "forgot your password?", written to the outbox with their event and
//! delivered by the server; a mail server that is down, or refuses, loses
//! nothing and delays no request; each mail arrives once.

mod delivery;
mod forgot;
mod notifications;
mod reminders;

use std::time::Duration;

use crate::helpers::{Settings, SmtpSink, TestApp, without_second_factor};

/// An app that mails through `sink`, retrying fast, with the four standard
/// people.
pub async fn mailing_app(sink: &SmtpSink) -> TestApp {
    let app = TestApp::spawn_configured(settings_for(sink), None).await;
    app.add_standard_users().await;
    app
}

/// A real SMTP server and an app that mails through it; `None` (the test
/// is skipped) when the server is not installed.
pub async fn mailing() -> Option<(SmtpSink, TestApp)> {
    let sink = SmtpSink::start_or_skip()?;
    let app = mailing_app(&sink).await;
    Some((sink, app))
}

/// Settings that mail through `sink` and retry and look for work fast.
pub fn settings_for(sink: &SmtpSink) -> Settings {
    Settings {
        smtp_url: Some(sink.url().parse_smtp()),
        mail_retry: Duration::from_millis(200),
        jobs_every: Duration::from_millis(200),
        mail_timeout: Duration::from_secs(5),
        ..without_second_factor()
    }
}

trait ParseSmtp {
    fn parse_smtp(&self) -> jpoa_tracker::settings::SmtpUrl;
}

impl ParseSmtp for String {
    fn parse_smtp(&self) -> jpoa_tracker::settings::SmtpUrl {
        Settings::from_args(["--smtp-url", self.as_str()])
            .unwrap()
            .smtp_url
            .unwrap()
    }
}

/// The link to choose a password in a mail's body.
pub fn setup_link(body: &str) -> String {
    body.split_whitespace()
        .find(|w| w.contains("/setup/"))
        .unwrap_or_else(|| panic!("no link in {body}"))
        .to_owned()
}

pub const WAIT: Duration = Duration::from_secs(10);

/// How far the clock must go for the next day's jobs to run (06:00 UTC).
pub fn to_next_morning(app: &TestApp) -> chrono::Duration {
    let now = app.clock.now();
    let tomorrow = now.date_naive().succ_opt().unwrap();
    tomorrow.and_hms_opt(6, 0, 0).unwrap().and_utc() - now
}

/// The first link ending in `path` in a mail to `to`, waiting for the mail.
pub async fn link_in_mail_to(sink: &SmtpSink, to: &str, path: &str) -> String {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let link = sink
            .received()
            .iter()
            .filter(|m| m.to.iter().any(|t| t == to))
            .find_map(|m| {
                m.body()
                    .split_whitespace()
                    .find(|w| w.starts_with("http") && w.ends_with(path))
                    .map(str::to_owned)
            });
        match link {
            Some(link) => return link,
            None if std::time::Instant::now() > deadline => {
                panic!("no mail to {to} with a link to {path}")
            }
            None => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
}
