//! Delivering the outbox through SMTP (lettre): a sender task in the
//! server takes what is due, sends it, and records the outcome; a failure
//! is retried with growing waits until `mail_give_up`, a refusal the
//! server calls permanent (5xx) is not. A mail is marked sent only after
//! the server's "250", so a crash between the two may send one twice,
//! never lose one.

use std::str::FromStr;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::db::Db;
use crate::db::outbox::{self, Queued};
use crate::domain::header_safe;
use crate::settings::{Settings, SmtpUrl};

/// Mails taken from the outbox at a time.
const BATCH: i64 = 20;

/// Longest wait between two tries of one mail.
const LONGEST_WAIT: Duration = Duration::from_secs(3600);

pub type Transport = AsyncSmtpTransport<Tokio1Executor>;

/// Why a mail did not go: the words the mail server or the network gave
/// (never the URL, which may hold a password), and whether trying again
/// can help.
#[derive(Debug, Clone)]
pub struct NotSent {
    pub reason: String,
    pub permanent: bool,
}

/// The transport for a URL of the contract: `smtp://` plain, `smtps://`
/// TLS from the start, `smtp+starttls://` upgraded with STARTTLS.
pub fn transport(url: &SmtpUrl, timeout: Duration) -> anyhow::Result<Transport> {
    url.check().map_err(|e| anyhow::anyhow!(e))?;
    let text = url.as_str();
    let lettre_url = match text.strip_prefix("smtp+starttls://") {
        Some(rest) => {
            let sep = if rest.contains('?') { '&' } else { '?' };
            format!("smtp://{rest}{sep}tls=required")
        }
        None => text.to_owned(),
    };
    let builder = Transport::from_url(&lettre_url)
        .map_err(|_| anyhow::anyhow!("JPOA_SMTP_URL for {} cannot be read", url.host()))?;
    Ok(builder.timeout(Some(timeout)).build())
}

/// The sender address of the settings.
pub fn sender(settings: &Settings) -> anyhow::Result<Mailbox> {
    Mailbox::from_str(settings.mail_from.trim()).map_err(|e| {
        anyhow::anyhow!(
            "JPOA_MAIL_FROM {:?} is not an address: {e}",
            settings.mail_from
        )
    })
}

/// The message of an outbox row: plain text, UTF-8, one-line headers.
fn message(from: &Mailbox, m: &Queued) -> Result<Message, NotSent> {
    let permanent = |reason: String| NotSent {
        reason,
        permanent: true,
    };
    let address = m.to_address.parse().map_err(|e| {
        permanent(format!(
            "the address {:?} cannot take mail: {e}",
            m.to_address
        ))
    })?;
    let name = header_safe(&m.to_name, 200);
    let to = Mailbox::new((!name.is_empty()).then_some(name), address);
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(header_safe(&m.subject, 200))
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.clone())
        .map_err(|e| permanent(format!("the mail cannot be built: {e}")))
}

/// Sends one message; what went wrong, in the server's own words.
pub async fn send(transport: &Transport, msg: Message, timeout: Duration) -> Result<(), NotSent> {
    match tokio::time::timeout(timeout, transport.send(msg)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(NotSent {
            reason: header_safe(&e.to_string(), 300),
            permanent: e.is_permanent(),
        }),
        Err(_) => Err(NotSent {
            reason: format!("no answer within {}s", timeout.as_secs()),
            permanent: false,
        }),
    }
}

/// When to try again after `attempts` failed tries: the first wait, then
/// twice as long each time, at most an hour; `None` once the mail has
/// waited past `give_up`, or the failure is permanent.
fn retry_at(m: &Queued, failure: &NotSent, s: &Settings) -> Option<chrono::DateTime<chrono::Utc>> {
    let now = chrono::Utc::now();
    let created = chrono::DateTime::parse_from_rfc3339(&m.created_at).ok()?;
    let give_up = chrono::Duration::from_std(s.mail_give_up).ok()?;
    if failure.permanent || now >= created + give_up {
        return None;
    }
    let shift = u32::try_from(m.attempts.clamp(0, 16)).unwrap_or(16);
    let wait = s.mail_retry.saturating_mul(1 << shift).min(LONGEST_WAIT);
    Some(now + chrono::Duration::from_std(wait).ok()?)
}

/// Delivers what is due now; how many went.
pub async fn deliver_due(
    db: &Db,
    t: &Transport,
    from: &Mailbox,
    s: &Settings,
) -> anyhow::Result<usize> {
    let due = db.read(|c| outbox::due(c, BATCH)).await?;
    let mut sent = 0;
    for m in due {
        let now = crate::domain::now_utc();
        let outcome = if m.expires_at.as_deref().is_some_and(|e| e <= now.as_str()) {
            Err(NotSent {
                reason: "its link expired before it could be sent".into(),
                permanent: true,
            })
        } else {
            match message(from, &m) {
                Ok(msg) => send(t, msg, s.mail_timeout).await,
                Err(e) => Err(e),
            }
        };
        let id = m.id;
        match outcome {
            Ok(()) => {
                db.write(move |tx| outbox::sent(tx, id)).await?;
                sent += 1;
            }
            Err(failure) => {
                tracing::warn!(mail = id, reason = %failure.reason, "mail not sent");
                let at = retry_at(&m, &failure, s);
                db.write(move |tx| outbox::not_sent(tx, id, &failure.reason, at))
                    .await?;
            }
        }
    }
    Ok(sent)
}

/// The sender: delivers the outbox as long as the server runs, looking
/// again every `mail_retry` (at most every second). Without an SMTP URL
/// there is nothing to do: mail waits in the outbox.
pub async fn run(db: Db, settings: std::sync::Arc<Settings>) {
    let Some(url) = settings.smtp_url.clone() else {
        return;
    };
    let (transport, from) = match (transport(&url, settings.mail_timeout), sender(&settings)) {
        (Ok(t), Ok(f)) => (t, f),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!("mail is not sent: {e:#}");
            return;
        }
    };
    tracing::info!(server = %url.host(), "sending mail");
    let mut tick = tokio::time::interval(settings.mail_retry.min(Duration::from_secs(1)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = deliver_due(&db, &transport, &from, &settings).await {
            tracing::warn!("outbox: {e:#}");
        }
    }
}

/// `jpoa-tracker mail test`: one mail straight through the settings' SMTP
/// server, to check them; the server's own words when it fails.
pub async fn send_test(settings: &Settings, to: &str) -> anyhow::Result<String> {
    let url = settings
        .smtp_url
        .clone()
        .ok_or_else(|| anyhow::anyhow!("JPOA_SMTP_URL is not set"))?;
    let transport = transport(&url, settings.mail_timeout)?;
    let from = sender(settings)?;
    let m = Queued {
        id: 0,
        created_at: String::new(),
        to_address: to.trim().to_owned(),
        to_name: String::new(),
        kind: "test".into(),
        subject: "JPoA Tracker: test mail".into(),
        body: "This mail checks the tracker's mail settings. Nothing to do.\n\
               Это письмо проверяет настройки почты системы. Ничего делать не нужно.\n"
            .into(),
        state: String::new(),
        attempts: 0,
        next_attempt_at: String::new(),
        expires_at: None,
        last_error: None,
        sent_at: None,
    };
    let msg = message(&from, &m).map_err(|e| anyhow::anyhow!(e.reason))?;
    send(&transport, msg, settings.mail_timeout)
        .await
        .map_err(|e| anyhow::anyhow!("{} refused or failed: {}", url.host(), e.reason))?;
    Ok(url.host())
}
