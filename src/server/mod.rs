//! Starting the web server: open the database, print how to get in, serve
//! until Ctrl-C or SIGTERM, letting requests in flight finish.

mod background;
mod connections;

use std::path::Path;

use anyhow::Context;

use crate::db::audit::Actor;
use crate::db::{Db, users};
use crate::services::accounts;
use crate::settings::Settings;
use crate::telemetry;
use crate::web::AppState;

pub use connections::serve_on;

pub struct ServeOptions<'a> {
    pub db: &'a Path,
    pub addr: &'a str,
    pub demo: bool,
    pub base_url: Option<&'a str>,
    pub settings: Settings,
}

/// `https://host[:port][/prefix]` without a trailing slash.
pub fn parse_base_url(s: &str) -> anyhow::Result<String> {
    let s = s.trim().trim_end_matches('/');
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .filter(|r| !r.is_empty() && !r.starts_with('/'))
        .filter(|_| s.bytes().all(|b| b.is_ascii_graphic()));
    rest.map(|_| s.to_owned())
        .with_context(|| format!("base URL '{s}' must look like https://tracker.example.org"))
}

pub async fn serve(opts: ServeOptions<'_>) -> anyhow::Result<()> {
    // Metrics from the first write on, the setup link's included.
    telemetry::install();
    let base_url = opts.base_url.map(parse_base_url).transpose()?;
    if let Some(url) = &opts.settings.smtp_url {
        url.check().map_err(|e| anyhow::anyhow!(e))?;
        crate::mailer::sender(&opts.settings)?;
        if base_url.is_none() {
            telemetry::warn(
                "JPOA_SMTP_URL is set but --base-url is not: links in mail point at the address the server listens on",
            );
        }
    }
    if let Some(token) = &opts.settings.metrics_token {
        token.check().map_err(|e| anyhow::anyhow!(e))?;
    }
    if opts.settings.mfa == crate::settings::Mfa::Off {
        let warning =
            "JPOA_MFA=off: nobody is asked for a second factor; for a closed test network only";
        // In JSON the console's warning is a log line already.
        if !telemetry::json_logs() {
            tracing::warn!("{warning}");
        }
        telemetry::warn(warning);
    }
    let database = Db::open_with(opts.db, &opts.settings)?;
    let listener = tokio::net::TcpListener::bind(opts.addr)
        .await
        .with_context(|| format!("cannot listen on {}", opts.addr))?;
    let local = listener.local_addr()?;
    let base = base_url
        .clone()
        .unwrap_or_else(|| format!("http://{local}"));
    if opts.demo {
        crate::demo::load_demo(&database, &base).await?;
    }
    let admins = database.read(users::active_admins).await?;
    if admins == 0 {
        let valid_for = opts.settings.setup_lifetime;
        let token = database
            .write(move |tx| {
                accounts::new_password_link(tx, Actor::System("server start"), None, valid_for)
            })
            .await?;
        let message = format!(
            "No administrator yet. Open this one-time link within {} to create one",
            in_words(valid_for)
        );
        let link = format!("{base}/setup/{token}");
        telemetry::say(
            &format!("{message}:\n  {link}"),
            &message,
            &[("setup_link", &link)],
        );
    }
    let serving = format!(
        "jpoa-tracker is serving {} at http://{local}/",
        opts.db.display()
    );
    let (db, at) = (opts.db.display().to_string(), format!("http://{local}/"));
    telemetry::say(&serving, &serving, &[("db", &db), ("address", &at)]);
    let state =
        AppState::with_settings(database.clone(), opts.settings.clone()).with_base_url(base_url);
    serve_on(listener, state, shutdown_signal()).await;
    database.close().context("closing the database")?;
    telemetry::say("jpoa-tracker stopped", "jpoa-tracker stopped", &[]);
    Ok(())
}

/// `24 hours` rather than `1day`, for the console.
fn in_words(d: std::time::Duration) -> String {
    match d.as_secs() {
        s if s % 3600 == 0 => format!("{} hours", s / 3600),
        _ => humantime::format_duration(d).to_string(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
