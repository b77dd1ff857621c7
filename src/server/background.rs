//! What the server does by itself while it runs: deliver the outbox, and
//! once a day write the reminders of reports due and overdue and send the
//! digests of those who chose them. No cron job is needed.

use chrono::Timelike;

use crate::web::AppState;

/// Hour of the day (UTC) from which the day's reminders and digests go:
/// 09:00 in Astana and Tashkent.
const DIGEST_HOUR: u32 = 4;

/// The server's own work, started; it stops when this is dropped.
pub struct Background(Vec<tokio::task::JoinHandle<()>>);

impl Drop for Background {
    fn drop(&mut self) {
        self.0.iter().for_each(tokio::task::JoinHandle::abort);
    }
}

pub fn start(state: &AppState) -> Background {
    Background(vec![
        tokio::spawn(crate::mailer::run(state.db.clone(), state.settings.clone())),
        tokio::spawn(jobs(state.clone())),
    ])
}

async fn jobs(state: AppState) {
    let mut tick = tokio::time::interval(state.settings.jobs_every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        // With no mail server the sender never runs: links that expired
        // unsent go from the outbox all the same.
        if let Err(e) = state.db.write(crate::db::outbox::forget_expired).await {
            tracing::warn!("outbox: {e:#}");
        }
        let now = state.clock.now();
        if now.hour() < DIGEST_HOUR {
            continue;
        }
        // Reminders first, so that a digest reader's come in today's digest.
        match crate::services::reminders::daily(&state.db, now.date_naive(), state.link_base())
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(people = n, "reminders written"),
            Err(e) => tracing::warn!("reminders: {e:#}"),
        }
        let day = now.format("%Y-%m-%d").to_string();
        match crate::services::notify::daily_digests(&state.db, day, state.link_base()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(digests = n, "daily digests queued"),
            Err(e) => tracing::warn!("daily digests: {e:#}"),
        }
    }
}
