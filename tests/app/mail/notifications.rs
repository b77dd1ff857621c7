//! Notifications: a submission tells the reviewers, a decision its author,
//! each in their language, in the inbox and by mail as they chose; one
//! daily digest for those who chose it; nothing to a deactivated account.

use std::time::Duration;

use serde_json::{Value, json};

use super::WAIT;
use crate::helpers::{TestApp, location};

/// Submits progress on Kazakhstan's P1.01 as its focal point; the new id.
async fn submit(app: &TestApp, token: &str) -> i64 {
    let track = app.track("P1.01", "KZ").await;
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/tracks/{track}/updates")))
        .bearer_auth(token)
        .json(&json!({"period": "2024", "status": "substantial", "narrative_en": "Trained 40 officers <b>"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    v["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_submission_tells_the_reviewers_and_a_decision_its_author_in_their_language() {
    let Some((sink, app)) = super::mailing().await else {
        return;
    };
    let rev = app.login_as("rev@example.org").await;
    rev.post_form("/language", &[("lang", "ru"), ("next", "/")])
        .await;
    let kz = app.token_for("kz@example.org").await;
    let id = submit(&app, &kz).await;

    let got = sink.wait_for(1, WAIT).await;
    assert_eq!(
        got.len(),
        1,
        "the reviewer only: not the author, not the donor"
    );
    assert_eq!(got[0].to, vec!["rev@example.org".to_owned()]);
    let body = got[0].body();
    assert!(body.contains("ожидает вашей проверки"), "{body}");
    assert!(body.contains(&app.url(&format!("/updates/{id}"))), "{body}");
    assert!(
        body.contains("/account"),
        "says how to change what comes: {body}"
    );
    let (_, home) = rev.get_text("/").await;
    assert!(
        home.contains("Уведомления (новых: 1)"),
        "the header's count"
    );
    let (_, inbox) = rev.get_text("/notifications").await;
    assert!(inbox.contains("На проверку: P1.01"), "{inbox}");

    // The reviewer returns it; the author hears, with the comment.
    let token = app.token_for("rev@example.org").await;
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/updates/{id}/review")))
        .bearer_auth(&token)
        .json(&json!({"decision": "return", "comment": "Say which <regions>, please"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let got = sink.wait_for(2, WAIT).await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].to, vec!["kz@example.org".to_owned()]);
    let body = got[1].body();
    assert!(
        body.contains("returned your update") && body.contains("Say which <regions>, please"),
        "{body}"
    );
    let fp = app.login_as("kz@example.org").await;
    let (_, inbox) = fp.get_text("/notifications").await;
    assert!(
        inbox.contains("Say which &lt;regions&gt;, please"),
        "escaped on the page"
    );
    let nid: i64 = app
        .count("SELECT max(id) FROM notifications WHERE kind = 'decided'")
        .await;
    let r = rev
        .post_form(&format!("/notifications/{nid}/open"), &[])
        .await;
    assert_eq!(r.status(), 404, "another's notification");
    let r = fp
        .post_form(&format!("/notifications/{nid}/open"), &[])
        .await;
    assert_eq!(location(&r), format!("/updates/{id}"));
    let unread = app
        .count("SELECT count(*) FROM notifications WHERE kind = 'decided' AND read_at IS NULL")
        .await;
    assert_eq!(unread, 0);
}

/// How far the app's clock must move for the next morning's digests to be due.
#[tokio::test]
async fn the_digest_brings_one_mail_a_day_and_off_brings_none() {
    let Some((sink, app)) = super::mailing().await else {
        return;
    };
    let rev = app.login_as("rev@example.org").await;
    let r = rev
        .post_form("/account/notifications", &[("mail_pref", "digest")])
        .await;
    assert_eq!(location(&r), "/account?mail=1");
    let fp = app.login_as("kz@example.org").await;
    let r = fp
        .post_form("/account/notifications", &[("mail_pref", "off")])
        .await;
    assert_eq!(r.status(), 303);
    let r = fp
        .post_form("/account/notifications", &[("mail_pref", "weekly")])
        .await;
    assert_eq!(r.status(), 422);

    let kz = app.token_for("kz@example.org").await;
    for _ in 0..3 {
        submit(&app, &kz).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        sink.received().is_empty(),
        "nothing at once for a digest reader"
    );
    let (_, inbox) = rev.get_text("/notifications").await;
    assert_eq!(inbox.matches("<p><strong>To review: P1.01").count(), 3);

    app.clock.advance(super::to_next_morning(&app));
    let got = sink.wait_for(1, WAIT).await;
    assert_eq!(got.len(), 1);
    // The three submissions, and the week's overdue reports that the
    // server's reminders brought too.
    let subject = got[0].header("Subject").unwrap();
    assert!(subject.contains("4 new notifications"), "{subject}");
    assert_eq!(got[0].body().matches("To review: P1.01").count(), 3);
    assert!(got[0].body().contains("updates are overdue"));
    // Later the same day, and after one more submission: no second digest.
    submit(&app, &kz).await;
    app.clock.advance(chrono::Duration::hours(2));
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(sink.received().len(), 1);
    // The next day brings the one that came since.
    app.clock.advance(chrono::Duration::hours(24));
    let got = sink.wait_for(2, WAIT).await;
    assert_eq!(got.len(), 2);
    // The one that came since (and, in a new week, that week's overdue).
    assert_eq!(got[1].body().matches("To review: P1.01").count(), 1);
    // The focal point chose no mail: their decisions stay in the tracker.
    assert!(
        got.iter()
            .all(|m| m.to == vec!["rev@example.org".to_owned()])
    );
}

#[tokio::test]
async fn nothing_reaches_a_deactivated_account() {
    let Some((sink, app)) = super::mailing().await else {
        return;
    };
    let admin = app.login_as("admin@example.org").await;
    let id = app.user_id("rev@example.org").await;
    let r = admin
        .post_form(
            &format!("/admin/users/{id}/deactivate"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let kz = app.token_for("kz@example.org").await;
    submit(&app, &kz).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(sink.received().is_empty());
    assert_eq!(app.count("SELECT count(*) FROM notifications").await, 0);
}

#[tokio::test]
async fn a_comment_tells_the_other_side_of_the_conversation_never_a_donor() {
    let Some((sink, app)) = super::mailing().await else {
        return;
    };
    let kz = app.token_for("kz@example.org").await;
    let id = submit(&app, &kz).await;
    sink.wait_for(1, WAIT).await;
    let comment = |token: String, body: &'static str| {
        let url = app.url(&format!("/api/v1/updates/{id}/comments"));
        async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&json!({ "body": body }))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(comment(kz.clone(), "Which figures do you need?").await, 201);
    let got = sink.wait_for(2, WAIT).await;
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[1].to,
        vec!["rev@example.org".to_owned()],
        "the reviewers hear the author"
    );
    assert!(got[1].body().contains("Which figures do you need?"));
    let rev = app.token_for("rev@example.org").await;
    assert_eq!(comment(rev, "The number trained, by region.").await, 201);
    let got = sink.wait_for(3, WAIT).await;
    assert_eq!(
        got[2].to,
        vec!["kz@example.org".to_owned()],
        "the author hears the reviewer"
    );
    let donor = app.token_for("donor@example.org").await;
    assert_eq!(comment(donor, "me too").await, 403);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let all = sink.received();
    assert_eq!(all.len(), 3);
    assert!(
        all.iter()
            .all(|m| m.to != vec!["donor@example.org".to_owned()])
    );
}
