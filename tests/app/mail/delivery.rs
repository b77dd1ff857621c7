//! Delivery: the invitation an administrator's new account causes, in the
//! recipient's language; outages and refusals survived, each mail once.

use std::time::{Duration, Instant};

use super::{WAIT, setup_link};
use crate::helpers::Client;

async fn invite(admin: &Client, email: &str, name: &str) -> u16 {
    let r = admin.create_account(name, email, "donor", "").await;
    r.status().as_u16()
}

#[tokio::test]
async fn an_invitation_is_mailed_with_a_working_link_and_kept_no_longer() {
    let Some((sink, app)) = super::mailing().await else {
        return;
    };
    let admin = app.login_as("admin@example.org").await;
    assert_eq!(
        invite(&admin, "new.donor@example.org", "Ann <Donor>, Bcc").await,
        201
    );
    let got = sink.wait_for(1, WAIT).await;
    assert_eq!(got.len(), 1);
    let mail = &got[0];
    assert_eq!(
        mail.to,
        vec!["new.donor@example.org".to_owned()],
        "one recipient only"
    );
    assert!(
        mail.header("Subject")
            .unwrap()
            .contains("Your account on the JPoA Tracker")
    );
    assert!(mail.header("To").unwrap().contains("new.donor@example.org"));
    assert!(mail.header("Bcc").is_none());
    let body = mail.body();
    assert!(body.contains("Hello Ann <Donor>, Bcc"), "{body}");
    let link = setup_link(&body);
    assert!(link.starts_with(&app.url("/setup/")), "{link}");
    let r = reqwest::get(&link).await.unwrap();
    assert_eq!(r.status(), 200);
    // Sent, and the one-time link is not kept in the outbox. The server
    // records the send just after the mail server's "250": wait for it.
    let deadline = Instant::now() + WAIT;
    let outcome = loop {
        let row: (String, String) = app
            .conn()
            .query_row("SELECT state, body FROM outbox", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        if row.0 != "queued" || Instant::now() > deadline {
            break row;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!((outcome.0.as_str(), outcome.1.as_str()), ("sent", ""));
}

#[tokio::test]
async fn a_new_password_link_is_mailed_in_the_persons_language() {
    let Some((sink, app)) = super::mailing().await else {
        return;
    };
    let kz = app.login_as("kz@example.org").await;
    let r = kz
        .post_form("/language", &[("lang", "ru"), ("next", "/")])
        .await;
    assert_eq!(r.status(), 303);
    let admin = app.login_as("admin@example.org").await;
    let id = app.user_id("kz@example.org").await;
    let r = admin
        .post_form(&format!("/admin/users/{id}/invite"), &[])
        .await;
    assert_eq!(r.status(), 200);
    let got = sink.wait_for(1, WAIT).await;
    assert_eq!(got.len(), 1);
    let body = got[0].body();
    assert!(body.contains("Здравствуйте"), "{body}");
    assert!(body.contains("в течение 7 дней"), "{body}");
    assert!(setup_link(&body).contains("/setup/"));
}

#[tokio::test]
async fn a_mail_server_that_is_down_loses_nothing_and_delays_no_request() {
    let Some((mut sink, app)) = super::mailing().await else {
        return;
    };
    let admin = app.login_as("admin@example.org").await;
    let kz = app.token_for("kz@example.org").await;
    let track = app.track("P1.01", "KZ").await;
    sink.stop();
    let started = Instant::now();
    for i in 0..3 {
        assert_eq!(invite(&admin, &format!("p{i}@example.org"), "P").await, 201);
        let r = reqwest::Client::new()
            .post(app.url(&format!("/api/v1/tracks/{track}/updates")))
            .bearer_auth(&kz)
            .json(&serde_json::json!({"period": "2024", "status": "limited", "narrative_en": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "a submission waits on no mail server");
    }
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(3),
        "requests waited on mail: {took:?}"
    );
    // Tried, failed, kept for later.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let retrying = app
        .count("SELECT count(*) FROM outbox WHERE state = 'queued' AND attempts > 0 AND last_error IS NOT NULL")
        .await;
    assert!(retrying >= 1, "the sender tried and recorded why it failed");
    let (_, page) = admin.get_text("/admin/outbox").await;
    assert!(page.contains("6 waiting"), "{page}");

    sink.start("accept");
    let got = sink.wait_for(6, Duration::from_secs(20)).await;
    assert_eq!(got.len(), 6);
    // No mail twice, even after more rounds of the sender.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let got = sink.received();
    let mut to: Vec<String> = got.iter().map(|m| m.to[0].clone()).collect();
    to.sort();
    let rev = "rev@example.org";
    assert_eq!(
        to,
        [
            "p0@example.org",
            "p1@example.org",
            "p2@example.org",
            rev,
            rev,
            rev
        ]
    );
    assert_eq!(
        app.count("SELECT count(*) FROM outbox WHERE state = 'sent'")
            .await,
        6
    );
}

#[tokio::test]
async fn mail_written_while_no_server_was_set_goes_once_one_is() {
    let Some(sink) = crate::helpers::SmtpSink::start_or_skip() else {
        return;
    };
    // First without any mail server: the invitation waits in the outbox.
    let app = crate::helpers::TestApp::with_standard_users().await;
    let admin = app.login_as("admin@example.org").await;
    assert_eq!(invite(&admin, "waits@example.org", "W").await, 201);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        app.count("SELECT count(*) FROM outbox WHERE state = 'queued'")
            .await,
        1
    );
    let (_, page) = admin.get_text("/admin/outbox").await;
    assert!(page.contains("No mail server is set"), "{page}");
    // The server started again on the same file, now with one.
    let again = crate::helpers::AppState::with_settings(app.db.clone(), super::settings_for(&sink));
    // On the tests' clock, so that no reminder of the day comes with it.
    again.clock.advance(app.clock.now() - again.clock.now());
    crate::helpers::serve(again).await;
    let got = sink.wait_for(1, WAIT).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec!["waits@example.org".to_owned()]);
}

#[tokio::test]
async fn a_refusing_server_is_retried_and_a_failed_mail_can_be_sent_again() {
    let Some((mut sink, app)) = super::mailing().await else {
        return;
    };
    let admin = app.login_as("admin@example.org").await;
    sink.start("refuse");
    assert_eq!(invite(&admin, "later@example.org", "L").await, 201);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (attempts, error): (i64, String) = app
        .conn()
        .query_row("SELECT attempts, last_error FROM outbox", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(attempts >= 2, "retried: {attempts}");
    assert!(error.contains("451"), "{error}");
    let (_, page) = admin.get_text("/admin/outbox").await;
    assert!(page.contains("451"), "the outbox shows the server's answer");
    assert!(sink.received().is_empty());

    // A mail given up (here by hand, as after three days) goes again on request.
    app.conn()
        .execute("UPDATE outbox SET state = 'failed'", [])
        .unwrap();
    sink.start("accept");
    let id: i64 = app.count("SELECT id FROM outbox").await;
    let r = admin
        .post_form(&format!("/admin/outbox/{id}/retry"), &[])
        .await;
    assert_eq!(r.status(), 303);
    let got = sink.wait_for(1, WAIT).await;
    assert_eq!(got.len(), 1);
    // The send is recorded just after the mail server's "250".
    let deadline = Instant::now() + WAIT;
    while app
        .count("SELECT count(*) FROM outbox WHERE state = 'sent'")
        .await
        == 0
    {
        assert!(Instant::now() < deadline, "the send was never recorded");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let r = admin
        .post_form(&format!("/admin/outbox/{id}/retry"), &[])
        .await;
    assert_eq!(r.status(), 409, "only a failed mail goes again");
    let (_, home) = admin.get_text("/").await;
    assert!(
        home.contains("Mail: 0 waiting, 0 failed."),
        "the dashboard's figures"
    );
}

#[tokio::test]
async fn the_command_line_invites_through_the_outbox_and_tests_the_settings() {
    let Some((sink, app)) = super::mailing().await else {
        return;
    };
    let (ok, out, err) = app.run(&[
        "user",
        "invite",
        "--email",
        "tj@example.org",
        "--name",
        "Farrukh",
        "--role",
        "focal-point",
        "--country",
        "TJ",
        "--base-url",
        "https://tracker.example.org",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("invited tj@example.org"), "{out}");
    // The running server sends what the command wrote.
    let got = sink.wait_for(1, WAIT).await;
    assert_eq!(got.len(), 1);
    assert!(super::setup_link(&got[0].body()).starts_with("https://tracker.example.org/setup/"));
    let (ok, _, err) = app.run(&[
        "user",
        "invite",
        "--email",
        "tj@example.org",
        "--name",
        "F",
        "--role",
        "donor",
    ]);
    assert!(!ok && err.contains("already exists"), "{err}");

    let mail_test = |args: &[&str]| {
        let out = crate::helpers::bin()
            .args(["mail", "test", "--to", "ops@example.org"])
            .args(args)
            .env_remove("JPOA_SMTP_URL")
            .output()
            .unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (out.status.success(), text(&out.stdout), text(&out.stderr))
    };
    let (ok, out, err) = mail_test(&["--smtp-url", &sink.url()]);
    assert!(ok, "{err}");
    assert!(
        out.contains("sent a test mail to ops@example.org through 127.0.0.1"),
        "{out}"
    );
    let got = sink.wait_for(2, WAIT).await;
    assert_eq!(got[1].to, vec!["ops@example.org".to_owned()]);
    let (ok, _, err) = mail_test(&[]);
    assert!(!ok && err.contains("JPOA_SMTP_URL is not set"), "{err}");
    let (ok, _, err) = mail_test(&["--smtp-url", "smtp://127.0.0.1:9", "--mail-timeout", "3s"]);
    assert!(!ok && err.contains("127.0.0.1:9"), "{err}");
}
