//! The first administrator's way in, in a real browser, with the second
//! factor at its default: the setup link, enrolment (the key read off the
//! page into an authenticator), the recovery codes, then a sign-in that
//! asks for a code.

use super::{Driver, ENGLISH, click, type_into, wait_for_css, wait_for_path, wait_for_text};
use crate::helpers::{PASSWORD, Settings, TestApp};
use crate::second_factor::Authenticator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_administrator_enrols_then_signs_in_with_a_code_in_a_browser() {
    let Some(mut driver) = Driver::start_or_skip().await else {
        return;
    };
    let app = TestApp::spawn_configured(Settings::defaults(), None).await;
    let token = app.password_link(None, chrono::Duration::hours(1)).await;
    let c = driver.browser().await;
    c.goto(&app.url(&format!("/setup/{token}"))).await.unwrap();
    wait_for_text(&c, "Create the first administrator").await;
    type_into(&c, "name", "Aigerim Admin").await;
    type_into(&c, "email", "first-admin@example.org").await;
    type_into(&c, "password", PASSWORD).await;
    type_into(&c, "password2", PASSWORD).await;
    click(&c, "main form button[type=submit]").await;

    // Nothing but enrolment until the factor is on.
    wait_for_path(&c, "/account/second-factor").await;
    wait_for_text(&c, "needs a second factor before you can use the tracker").await;
    c.goto(&app.url("/admin/users")).await.unwrap();
    wait_for_path(&c, "/account/second-factor").await;
    let secret = wait_for_css(&c, "#totp-secret").await.text().await.unwrap();
    let qr = wait_for_css(&c, ".qr img").await;
    let shown = c
        .execute(
            "return arguments[0].naturalWidth;",
            vec![serde_json::to_value(&qr).unwrap()],
        )
        .await
        .unwrap();
    assert!(
        shown.as_i64().unwrap_or(0) >= 100,
        "the QR code is drawn: {shown}"
    );
    let mut phone = Authenticator::new(secret.trim());
    type_into(&c, "code", &phone.code().await).await;
    click(&c, "main form button[type=submit]").await;
    wait_for_text(&c, "Your second factor is on").await;
    let codes = c
        .find_all(fantoccini::Locator::Css("#recovery-codes li"))
        .await
        .unwrap();
    assert_eq!(codes.len(), 10);
    click(&c, r#"main a[href="/"]"#).await;
    wait_for_text(&c, ENGLISH.dashboard).await;

    // Signing out and in again asks for a code.
    click(&c, r#"form[action="/logout"] button"#).await;
    wait_for_path(&c, "/login").await;
    type_into(&c, "email", "first-admin@example.org").await;
    type_into(&c, "password", PASSWORD).await;
    click(&c, "main form button[type=submit]").await;
    wait_for_path(&c, "/login/code").await;
    type_into(&c, "code", "000000").await;
    click(&c, "main form button[type=submit]").await;
    wait_for_text(&c, "missing, wrong or used").await;
    type_into(&c, "code", &phone.code().await).await;
    click(&c, "main form button[type=submit]").await;
    wait_for_text(&c, ENGLISH.dashboard).await;
    c.goto(&app.url("/admin/users")).await.unwrap();
    let page = wait_for_text(&c, "second factor on").await;
    assert!(page.contains("first-admin@example.org"));
    c.close().await.unwrap();
}
