//! Invisible formatting characters (a right-to-left override that makes a
//! name read backwards, isolates, marks, zero-width spaces) are refused in
//! every free-text field, as control characters are; the joiners emoji and
//! scripts need are kept.

use serde_json::json;

use crate::helpers::TestApp;

const HIDDEN: [char; 9] = [
    '\u{202E}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{200E}', '\u{061C}', '\u{200B}', '\u{2060}',
    '\u{FEFF}',
];

#[tokio::test]
async fn invisible_formatting_characters_are_refused_in_every_free_text_field() {
    let app = TestApp::with_standard_users().await;
    let track = app.track("P2.05", "KZ").await;
    let fp = app.login_as("kz@example.org").await;
    let admin = app.login_as("admin@example.org").await;
    let token = app.token_for("kz@example.org").await;
    let rows = "SELECT (SELECT count(*) FROM updates) + (SELECT count(*) FROM users)
                + (SELECT count(*) FROM snapshots)";
    let before = app.count(rows).await;
    for c in HIDDEN {
        let text = format!("Law adopted{c} on time");
        let r = fp
            .post_form(
                &format!("/tracks/{track}/updates"),
                &[
                    ("period", "2024"),
                    ("status", "limited"),
                    ("narrative_en", &text),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "narrative with U+{:04X}", u32::from(c));
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("invisible formatting character")
        );
        let r = reqwest::Client::new()
            .post(app.url(&format!("/api/v1/tracks/{track}/updates")))
            .bearer_auth(&token)
            .json(&json!({"period": "2024", "status": "limited", "narrative_ru": text}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["field"], "narrative_ru", "U+{:04X}", u32::from(c));
        let name = format!("Ann{c} Smith");
        let r = admin
            .post_form(
                "/admin/users",
                &[
                    ("name", &name),
                    ("email", "ann@example.org"),
                    ("role", "donor"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "name with U+{:04X}", u32::from(c));
        let snapshot = format!("Review{c} 2024");
        let r = admin
            .post_form(
                "/snapshots",
                &[("name", &snapshot), ("as_of", "2024-12-31")],
            )
            .await;
        assert_eq!(r.status(), 422, "snapshot name with U+{:04X}", u32::from(c));
    }
    assert_eq!(app.count(rows).await, before, "nothing was written");

    // A reviewer's comment too.
    let r = fp
        .post_form(
            &format!("/tracks/{track}/updates"),
            &[
                ("period", "2024"),
                ("status", "limited"),
                ("narrative_en", "Done"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let id = app.count("SELECT max(id) FROM updates").await;
    let rev = app.login_as("rev@example.org").await;
    let r = rev
        .post_form(
            &format!("/updates/{id}/review"),
            &[("decision", "return"), ("comment", "Name\u{202E}the law")],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        app.count("SELECT count(*) FROM updates WHERE state = 'submitted'")
            .await,
        1
    );

    // Emoji sequences and scripts that need joiners are kept as typed.
    let kept = "Команда 👩\u{200D}🔬 и می\u{200C}خواهم";
    let r = fp
        .post_form(
            &format!("/tracks/{track}/updates"),
            &[
                ("period", "2024"),
                ("status", "limited"),
                ("narrative_en", kept),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
}
