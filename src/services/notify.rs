//! Telling people: security mails (one-time links, always mailed, never in
//! the inbox) and notifications (always in the inbox; by mail at once, in a
//! daily digest, or not at all, as the person chose). Everything is written
//! in the transaction of the event that causes it, in the recipient's
//! language; the sender delivers the outbox afterwards.

use std::time::Duration;

use rusqlite::Transaction;

use crate::db::users::{self, span, timestamp};
use crate::db::{notifications, outbox};
use crate::domain::{Lang, Mail, MailKind, MailPref, Msg, Tr, User, header_safe};
use crate::error::AppResult;

/// The language a person reads mail in: the one they chose, else English.
fn tr_for(user: &User) -> Tr {
    Tr::new(user.lang.unwrap_or(Lang::En))
}

/// A duration as people say it: "7 days", "1 hour".
fn in_words(tr: Tr, d: Duration) -> String {
    let s = d.as_secs();
    if s >= 86_400 && s % 86_400 == 0 {
        tr.t_args("duration-days", &[("n", (s / 86_400).into())])
    } else {
        tr.t_args("duration-hours", &[("n", s.div_ceil(3600).into())])
    }
}

fn mail_to(user: &User, kind: MailKind, subject: String, body: String) -> Mail {
    Mail {
        to_address: user.email.clone(),
        to_name: header_safe(&user.name, 200),
        kind,
        subject: header_safe(&subject, 200),
        body,
        expires_at: None,
    }
}

/// A one-time link to choose a password, mailed to its account: an
/// invitation (`Invitation`), a new link an administrator issued
/// (`PasswordLink`) or one asked for with "Forgot your password?"
/// (`PasswordReset`). Security mails always go, whatever the person's
/// preference, and are not kept once sent.
pub fn password_mail(
    tx: &Transaction,
    user: &User,
    kind: MailKind,
    link: &str,
    valid_for: Duration,
) -> AppResult<()> {
    let tr = tr_for(user);
    let id = kind.as_str().replace('_', "-");
    let subject = tr.t(&format!("mail-{id}-subject"));
    let args = [
        ("name", user.name.as_str().into()),
        ("email", user.email.as_str().into()),
        ("link", link.into()),
        ("valid", in_words(tr, valid_for).into()),
    ];
    let body = format!(
        "{}\n\n-- \n{}\n",
        tr.t_args(&format!("mail-{id}-body"), &args),
        tr.t("mail-footer-security")
    );
    let mail = Mail {
        expires_at: Some(timestamp(chrono::Utc::now() + span(valid_for))),
        ..mail_to(user, kind, subject, body)
    };
    outbox::enqueue(tx, Some(user.id), &mail)?;
    Ok(())
}

/// Something a person should know: into their inbox, and by mail at once
/// if they take each notification by mail. `link` is a path on this site;
/// `base` the site's address for the mail. Nothing reaches an account that
/// is not active.
pub fn notify(
    tx: &Transaction,
    user_id: i64,
    kind: MailKind,
    subject: &Msg,
    body: &Msg,
    link: Option<&str>,
    base: &str,
) -> AppResult<()> {
    let texts = |tr: Tr| (tr.msg(subject), tr.msg(body));
    notify_with(tx, user_id, kind, &texts, link, base)
}

/// As [`notify`], with the subject and body written by `texts` in the
/// person's language (a list, say).
pub fn notify_with(
    tx: &Transaction,
    user_id: i64,
    kind: MailKind,
    texts: &dyn Fn(Tr) -> (String, String),
    link: Option<&str>,
    base: &str,
) -> AppResult<()> {
    let account = users::get(tx, user_id)?;
    if !account.active {
        return Ok(());
    }
    let user = account.user;
    let tr = tr_for(&user);
    let pref = notifications::mail_pref(tx, user.id)?;
    let (subject, body) = texts(tr);
    notifications::add(
        tx,
        user.id,
        kind,
        &subject,
        &body,
        link,
        pref != MailPref::Digest,
    )?;
    if pref == MailPref::Instant {
        let mut text = body;
        if let Some(path) = link {
            text.push_str(&format!("\n\n{base}{path}"));
        }
        text.push_str(&footer(tr, base));
        outbox::enqueue(tx, Some(user.id), &mail_to(&user, kind, subject, text))?;
    }
    Ok(())
}

/// The end of every mail but security ones: how to change what one gets.
fn footer(tr: Tr, base: &str) -> String {
    format!(
        "\n\n-- \n{}\n",
        tr.t_args(
            "mail-footer-prefs",
            &[("link", format!("{base}/account").into())]
        )
    )
}

/// The daily digest of one person who chose it: what came since the last,
/// in one mail; none when nothing came.
pub fn digest(tx: &Transaction, user_id: i64, base: &str) -> AppResult<bool> {
    let account = users::get(tx, user_id)?;
    let taken = notifications::take_for_digest(tx, user_id)?;
    if taken.is_empty() || !account.active {
        return Ok(false);
    }
    let user = account.user;
    let tr = tr_for(&user);
    let n = i64::try_from(taken.len()).unwrap_or(i64::MAX);
    let subject = tr.t_args("mail-digest-subject", &[("n", n.into())]);
    let mut body = tr.t_args("mail-digest-intro", &[("n", n.into())]);
    for item in &taken {
        body.push_str(&format!("\n\n* {}\n  {}", item.subject, item.body));
        if let Some(path) = &item.link {
            body.push_str(&format!("\n  {base}{path}"));
        }
    }
    body.push_str(&footer(tr, base));
    outbox::enqueue(
        tx,
        Some(user.id),
        &mail_to(&user, MailKind::Digest, subject, body),
    )?;
    Ok(true)
}

/// The daily digests, once a day (`day`, YYYY-MM-DD): one mail to each
/// person who chose them and has something new. How many went.
pub async fn daily_digests(db: &crate::db::Db, day: String, base: String) -> AppResult<usize> {
    let claimed = db
        .write(move |tx| crate::db::schedule::claim_day(tx, "digest", &day))
        .await?;
    if !claimed {
        return Ok(0);
    }
    let people = db.read(notifications::awaiting_digest).await?;
    let mut sent = 0;
    for id in people {
        let base = base.clone();
        if db.write(move |tx| digest(tx, id, &base)).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// What an update is, in a notification: its commitment, country and period.
fn about(u: &crate::db::updates::UpdateView) -> Msg {
    Msg::new("note-update-about")
        .arg("code", u.commitment_code.as_str())
        .arg("country", u.country)
        .arg("period", u.period.to_string())
}

/// Reviewers are told an update waits for them (its author is not).
pub fn update_submitted(tx: &Transaction, update_id: i64, base: &str) -> AppResult<()> {
    let u = crate::db::updates::get(tx, update_id)?;
    let link = format!("/updates/{update_id}");
    let subject = Msg::new("note-submitted-subject").arg("about", about(&u));
    let body = Msg::new("note-submitted-body")
        .arg("author", u.submitted_by.as_str())
        .arg("about", about(&u))
        .arg_id("status", u.status.label_id());
    for reviewer in notifications::active_with_role(tx, crate::domain::Role::Reviewer)? {
        if reviewer != u.author_id {
            notify(
                tx,
                reviewer,
                MailKind::Submitted,
                &subject,
                &body,
                Some(&link),
                base,
            )?;
        }
    }
    Ok(())
}

/// The author of an update is told it was accepted or returned, with the
/// reviewer's comment.
pub fn update_decided(tx: &Transaction, update_id: i64, base: &str) -> AppResult<()> {
    let u = crate::db::updates::get(tx, update_id)?;
    let accepted = u.state == crate::domain::UpdateState::Accepted;
    let (subject_id, body_id) = if accepted {
        ("note-accepted-subject", "note-accepted-body")
    } else {
        ("note-returned-subject", "note-returned-body")
    };
    let reviewer = u.reviewed_by.clone().unwrap_or_default();
    let comment = if u.review_comment.trim().is_empty() {
        Msg::new("note-no-comment")
    } else {
        Msg::Text(u.review_comment.clone())
    };
    let subject = Msg::new(subject_id).arg("about", about(&u));
    let body = Msg::new(body_id)
        .arg("reviewer", reviewer)
        .arg("about", about(&u))
        .arg("comment", comment);
    let link = format!("/updates/{update_id}");
    notify(
        tx,
        u.author_id,
        MailKind::Decided,
        &subject,
        &body,
        Some(&link),
        base,
    )
}

/// A new comment tells the other side of the conversation: everyone who
/// took part in it (the author, the reviewer who decided, those who
/// commented) but the one who wrote, as long as they may still see it;
/// the first word from the author's side, with no reviewer in it yet, goes
/// to every reviewer.
pub fn comment_added(
    tx: &Transaction,
    u: &crate::db::updates::UpdateView,
    by: &User,
    body: &str,
    base: &str,
) -> AppResult<()> {
    let mut people: Vec<i64> = tx
        .prepare_cached(
            "SELECT author_id FROM updates WHERE id = ?1
             UNION SELECT reviewer_id FROM updates WHERE id = ?1 AND reviewer_id IS NOT NULL
             UNION SELECT author_id FROM update_comments WHERE update_id = ?1",
        )?
        .query_map([u.id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    people.retain(|p| *p != by.id);
    let cleared = |id: i64| -> AppResult<bool> {
        let account = users::get(tx, id)?;
        let viewer = crate::domain::Viewer::of(&account.user);
        // What is said about an update is as sensitive as the update.
        Ok(viewer.in_conversation(u.author_id, u.state, u.country)
            && viewer.reads(u.sensitivity_now(), u.country))
    };
    let mut told = Vec::new();
    for p in people {
        if cleared(p)? {
            told.push(p);
        }
    }
    let reviewers = notifications::active_with_role(tx, crate::domain::Role::Reviewer)?;
    if !told.iter().any(|p| reviewers.contains(p)) && !by.role().can_review() {
        for r in reviewers {
            if r != by.id && !told.contains(&r) {
                told.push(r);
            }
        }
    }
    let subject = Msg::new("note-comment-subject").arg("about", about(u));
    let text = body.to_owned();
    let note = Msg::new("note-comment-body")
        .arg("who", by.name.as_str())
        .arg("about", about(u))
        .arg("comment", text);
    let link = format!("/updates/{}", u.id);
    for p in told {
        notify(tx, p, MailKind::Comment, &subject, &note, Some(&link), base)?;
    }
    Ok(())
}
