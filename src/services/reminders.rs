//! Reminders the server sends by itself, once a day: to the focal points of
//! a country, the reports that fall due within 30 and within 7 days and
//! those that became overdue, each once per track, period and kind; and in
//! each new week, to reviewers, how many reports are overdue in each
//! country.

use chrono::NaiveDate;
use rusqlite::Transaction;

use crate::db::due::{self, DueItem, Owed};
use crate::db::tracks::TrackFilter;
use crate::db::{Db, notifications, schedule};
use crate::domain::{AsOf, Country, MailKind, Role, Tr};
use crate::error::{AppError, AppResult};
use crate::services::notify;

/// The reminder an item is due for on `day`, if any.
fn kind_of(item: &DueItem, day: NaiveDate) -> Option<&'static str> {
    let left = (item.due_date - day).num_days();
    match item.owed {
        Owed::Overdue => Some("overdue"),
        Owed::Due if left <= 7 => Some("due7"),
        Owed::Due if left <= 30 => Some("due30"),
        Owed::Due => None,
    }
}

/// One line of a reminder, in the reader's language.
fn line(tr: Tr, kind: &str, item: &DueItem) -> String {
    let title = match tr.lang {
        crate::domain::Lang::Ru if !item.track.title_ru.is_empty() => &item.track.title_ru,
        _ => &item.track.title_en,
    };
    tr.t_args(
        &format!("remind-line-{kind}"),
        &[
            ("code", item.track.code.as_str().into()),
            ("title", title.as_str().into()),
            ("period", item.period.to_string().into()),
            ("deadline", item.due_date.to_string().into()),
        ],
    )
}

/// The reminders of `day`: once that day, whatever restarts come; how many
/// people were told.
pub async fn daily(db: &Db, day: NaiveDate, base: String) -> AppResult<usize> {
    let text_day = day.format("%Y-%m-%d").to_string();
    let filter = TrackFilter {
        as_of: Some(AsOf::new(day).map_err(|e| AppError::invalid("day", e))?),
        ..TrackFilter::default()
    };
    db.write(move |tx| {
        if !schedule::claim_day(tx, "reminders", &text_day)? {
            return Ok(0);
        }
        let items = due::digest(tx, &filter)?;
        let mut told = 0;
        for country in Country::ALL {
            let mut fresh: Vec<(&'static str, &DueItem)> = Vec::new();
            for item in items.iter().filter(|i| i.track.country == country) {
                let Some(kind) = kind_of(item, day) else {
                    continue;
                };
                let period = item.period.to_string();
                if schedule::remind_once(tx, item.track.track_id, &period, kind, &text_day)? {
                    fresh.push((kind, item));
                }
            }
            if !fresh.is_empty() {
                told += remind_country(tx, country, &fresh, &base)?;
            }
        }
        let week = day.format("%G-W%V").to_string();
        if schedule::claim_day(tx, "overdue-week", &week)? {
            told += weekly_overdue(tx, &items, &base)?;
        }
        Ok(told)
    })
    .await
}

/// One notification to each focal point of `country` with its new reminders.
fn remind_country(
    tx: &Transaction,
    country: Country,
    fresh: &[(&'static str, &DueItem)],
    base: &str,
) -> AppResult<usize> {
    let overdue = fresh.iter().filter(|(k, _)| *k == "overdue").count();
    let texts = |tr: Tr| {
        let subject = tr.t_args(
            "remind-subject",
            &[
                ("due", (fresh.len() - overdue).into()),
                ("overdue", overdue.into()),
            ],
        );
        let lines: Vec<String> = fresh
            .iter()
            .map(|(k, i)| format!("* {}", line(tr, k, i)))
            .collect();
        (
            subject,
            format!("{}\n\n{}", tr.t("remind-intro"), lines.join("\n")),
        )
    };
    let people = notifications::focal_points_of(tx, country)?;
    for fp in &people {
        notify::notify_with(tx, *fp, MailKind::DueSoon, &texts, Some("/due"), base)?;
    }
    Ok(people.len())
}

/// The reviewers' weekly digest of overdue reports, by country.
fn weekly_overdue(tx: &Transaction, items: &[DueItem], base: &str) -> AppResult<usize> {
    let by_country: Vec<(Country, usize)> = Country::ALL
        .into_iter()
        .map(|c| {
            let n = items
                .iter()
                .filter(|i| i.track.country == c && i.owed == Owed::Overdue)
                .count();
            (c, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    if by_country.is_empty() {
        return Ok(0);
    }
    let total: usize = by_country.iter().map(|(_, n)| n).sum();
    let texts = |tr: Tr| {
        let subject = tr.t_args("remind-week-subject", &[("n", total.into())]);
        let lines: Vec<String> = by_country
            .iter()
            .map(|(c, n)| format!("* {}: {n}", c.name(tr.lang)))
            .collect();
        (
            subject,
            format!("{}\n\n{}", tr.t("remind-week-intro"), lines.join("\n")),
        )
    };
    let reviewers = notifications::active_with_role(tx, Role::Reviewer)?;
    for r in &reviewers {
        notify::notify_with(tx, *r, MailKind::OverdueDigest, &texts, Some("/due"), base)?;
    }
    Ok(reviewers.len())
}
