//! Enrolling: the secret as text beside a QR code, the same until it is
//! confirmed, the first code confirming it, ten recovery codes shown once.

use super::{Authenticator, enrol, recovery_codes, signed_in, staff_app, text_of};

#[tokio::test]
async fn enrolment_shows_the_secret_and_its_qr_code_and_the_first_code_confirms_it() {
    let app = staff_app().await;
    let c = signed_in(&app, "rev@example.org").await;
    let (status, page) = c.get_text("/account/second-factor").await;
    assert_eq!(status, 200);
    let secret = text_of(&page, "totp-secret");
    assert_eq!(secret.len(), 32, "160 bits in base32: {secret}");
    assert!(
        secret
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))
    );
    assert!(
        page.contains("src=\"data:image/svg+xml,"),
        "a QR code drawn on the server"
    );
    assert!(page.contains("name=\"code\""));
    // A reload shows the same secret: a phone that scanned it still works.
    let (_, again) = c.get_text("/account/second-factor").await;
    assert_eq!(text_of(&again, "totp-secret"), secret);

    let r = c
        .post_form("/account/second-factor", &[("code", "000000")])
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("That code is not right"));
    assert_eq!(
        app.count("SELECT count(*) FROM second_factors WHERE confirmed_at IS NOT NULL")
            .await,
        0
    );

    let mut phone = Authenticator::new(&secret);
    let code = phone.code().await;
    let r = c
        .post_form("/account/second-factor", &[("code", &code)])
        .await;
    assert_eq!(r.status(), 200);
    let codes = recovery_codes(&r.text().await.unwrap());
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.len() == 29), "{codes:?}");
    let stored: i64 = app
        .count("SELECT count(*) FROM recovery_codes WHERE used_at IS NULL")
        .await;
    assert_eq!(stored, 10);
    let conn = app.conn();
    let hashes: Vec<String> = conn
        .prepare("SELECT code_hash FROM recovery_codes")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for code in &codes {
        assert!(
            !hashes.iter().any(|h| h.contains(code.as_str())),
            "stored hashed"
        );
    }
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'second_factor.enrol'")
            .await,
        1
    );
    // Enrolled: the tracker opens, and the codes are not shown again.
    let (status, _) = c.get_text("/").await;
    assert_eq!(status, 200);
    let (status, page) = c.get_text("/account/second-factor").await;
    assert_eq!(status, 200);
    assert!(!page.contains("id=\"totp-secret\"") && !page.contains("id=\"recovery-codes\""));
    assert!(page.contains("10 unused recovery codes"), "{page}");
}

#[tokio::test]
async fn a_confirmed_factor_cannot_be_enrolled_over() {
    let app = staff_app().await;
    let c = signed_in(&app, "rev@example.org").await;
    let (mut phone, _) = enrol(&c).await;
    let code = phone.code().await;
    let r = c
        .post_form("/account/second-factor", &[("code", &code)])
        .await;
    assert_eq!(r.status(), 409);
    assert_eq!(app.count("SELECT count(*) FROM second_factors").await, 1);
}

#[tokio::test]
async fn a_focal_point_may_enrol_of_their_own_accord() {
    let app = staff_app().await;
    let c = signed_in(&app, "kz@example.org").await;
    let (status, page) = c.get_text("/account").await;
    assert_eq!(status, 200);
    assert!(page.contains("You have no second factor yet."));
    let (status, page) = c.get_text("/account/second-factor").await;
    assert_eq!(status, 200);
    assert!(!page.contains("needs a second factor before you can use"));
    let (_, codes) = enrol(&c).await;
    assert_eq!(codes.len(), 10);
    let (_, page) = c.get_text("/account").await;
    assert!(page.contains("Your second factor is on"));
}

#[tokio::test]
async fn enrolment_speaks_russian() {
    let app = staff_app().await;
    let c = signed_in(&app, "rev@example.org").await;
    let r = c
        .http
        .get(c.url("/account/second-factor"))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap();
    let page = r.text().await.unwrap();
    assert!(page.contains("Настройка второго фактора"), "{page}");
    assert!(page.contains("id=\"totp-secret\""));
}
