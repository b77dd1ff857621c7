//! Every page of every role, in Russian and in English, frame and content.

use crate::helpers::{Client, TestApp, location};

const ROLES: [&str; 4] = ["kz", "rev", "admin", "donor"];

/// Words of the Russian frame that every signed-in page shows.
const RUSSIAN_FRAME: [&str; 4] = ["Обзор", "Обязательства", "Сводки", "Выйти"];

/// The English frame's words, as links or buttons: never on a Russian page.
const ENGLISH_FRAME: [&str; 5] = [
    ">Dashboard<",
    ">Commitments<",
    ">Reports<",
    ">Sign out<",
    "Skip to content",
];

struct Ids {
    kz: i64,
    uz: i64,
    commitment: i64,
    accepted: i64,
    pending_uz: i64,
    returned: i64,
}

/// An accepted KZ update (English only), a pending UZ one by the admin and a
/// returned KZ one; P1.02 has lost its Russian title.
async fn record(app: &TestApp, kz: &Client, rev: &Client, admin: &Client) -> Ids {
    let track_kz = app.track("P1.02", "KZ").await;
    let track_uz = app.track("P1.02", "UZ").await;
    let form = [
        ("period", "2024"),
        ("status", "limited"),
        ("narrative_en", "Only in English"),
    ];
    let r = kz
        .post_form(&format!("/tracks/{track_kz}/updates"), &form)
        .await;
    assert_eq!(r.status(), 303);
    let accepted = app.count("SELECT max(id) FROM updates").await;
    let r = rev
        .post_form(
            &format!("/updates/{accepted}/review"),
            &[("decision", "accept")],
        )
        .await;
    assert_eq!(r.status(), 303);
    admin
        .post_form(
            &format!("/tracks/{track_uz}/updates"),
            &[
                ("period", "2024"),
                ("status", "complete"),
                ("narrative_ru", "Только по-русски"),
            ],
        )
        .await;
    let pending_uz = app.count("SELECT max(id) FROM updates").await;
    kz.post_form(&format!("/tracks/{track_kz}/updates"), &form)
        .await;
    let returned = app.count("SELECT max(id) FROM updates").await;
    let r = rev
        .post_form(
            &format!("/updates/{returned}/review"),
            &[("decision", "return"), ("comment", "more")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = admin
        .post_form(
            "/snapshots",
            &[("name", "Исходный уровень 2024"), ("as_of", "2024-12-31")],
        )
        .await;
    assert_eq!(r.status(), 303);
    app.conn()
        .execute(
            "UPDATE commitments SET title_ru = '' WHERE code = 'P1.02'",
            [],
        )
        .unwrap();
    Ids {
        kz: track_kz,
        uz: track_uz,
        commitment: app.commitment("P1.02").await,
        accepted,
        pending_uz,
        returned,
    }
}

/// The pages each role may see (200 in the authorization matrix), in ROLES order.
fn pages(ids: &Ids) -> Vec<(String, [bool; 4])> {
    let Ids {
        kz,
        uz,
        commitment,
        accepted,
        pending_uz,
        returned,
    } = ids;
    vec![
        ("/login".into(), [true; 4]),
        ("/".into(), [true; 4]),
        ("/commitments".into(), [true; 4]),
        ("/commitments?pillar=2&country=TJ".into(), [true; 4]),
        (
            "/commitments?q=%D0%B7%D0%B0%D0%BA%D0%BE%D0%BD".into(),
            [true; 4],
        ),
        (format!("/commitments/{commitment}"), [true; 4]),
        (
            format!("/tracks/{kz}/updates/new"),
            [true, true, true, false],
        ),
        (
            format!("/tracks/{uz}/updates/new"),
            [false, true, true, false],
        ),
        (format!("/updates/{accepted}"), [true; 4]),
        (format!("/updates/{accepted}?done=submitted"), [true; 4]),
        (format!("/updates/{pending_uz}"), [false, true, true, false]),
        (format!("/updates/{returned}"), [true, true, true, false]),
        (
            format!("/updates/{returned}/revise"),
            [true, false, false, false],
        ),
        ("/review".into(), [false, true, true, false]),
        ("/review?done=accepted".into(), [false, true, true, false]),
        ("/my-updates".into(), [true, true, true, false]),
        ("/reports".into(), [true; 4]),
        ("/admin/users".into(), [false, false, true, false]),
        (
            "/admin/users?done=setup".into(),
            [false, false, true, false],
        ),
        ("/admin/audit".into(), [false, false, true, false]),
        ("/?as_of=2024-12-31".into(), [true; 4]),
        (
            format!("/commitments/{commitment}?as_of=2024-06-30"),
            [true; 4],
        ),
        ("/due".into(), [true, true, true, false]),
        ("/due?as_of=2031-06-01".into(), [true, true, true, false]),
        ("/snapshots".into(), [true; 4]),
        ("/snapshots/1".into(), [true; 4]),
        ("/admin/reporting".into(), [false, false, true, false]),
        ("/account".into(), [true; 4]),
        ("/admin/import".into(), [false, false, true, false]),
        ("/guide".into(), [true; 4]),
        ("/guide/focal-point".into(), [true; 4]),
        ("/guide/reviewer".into(), [true; 4]),
        ("/guide/donor".into(), [true; 4]),
        ("/guide/admin".into(), [true; 4]),
    ]
}

fn assert_russian(path: &str, who: &str, body: &str) {
    assert!(body.contains("<html lang=\"ru\">"), "{who} {path}: not ru");
    assert!(!body.contains('⟦'), "{who} {path}: a message is missing");
    for w in RUSSIAN_FRAME {
        assert!(body.contains(w), "{who} {path}: no {w:?}");
    }
    for w in ENGLISH_FRAME {
        assert!(!body.contains(w), "{who} {path}: English {w:?}");
    }
}

fn assert_english(path: &str, who: &str, body: &str) {
    assert!(body.contains("<html lang=\"en\">"), "{who} {path}: not en");
    assert!(!body.contains('⟦'), "{who} {path}: a message is missing");
    for w in ENGLISH_FRAME {
        assert!(body.contains(w), "{who} {path}: no {w:?}");
    }
    assert!(!body.contains("Выйти"), "{who} {path}: Russian in English");
}

#[tokio::test]
async fn every_page_of_every_role_speaks_russian_and_english() {
    let app = TestApp::with_standard_users().await;
    let ru_header: Vec<Client> = signed_in_clients(&app, Some("ru-RU,ru;q=0.9,en;q=0.8")).await;
    let ids = record(&app, &ru_header[0], &ru_header[1], &ru_header[2]).await;
    let english: Vec<Client> = signed_in_clients(&app, Some("en-GB,en;q=0.9")).await;
    let check_russian = |path: &str, who: &str, body: &str| {
        if path == "/login" {
            assert!(body.contains("<html lang=\"ru\">") && body.contains("Вход"));
            assert!(!body.contains('⟦'), "{who} {path}");
        } else {
            assert_russian(path, who, body);
        }
    };
    for (path, allowed) in pages(&ids) {
        for (i, who) in ROLES.iter().enumerate() {
            if !allowed[i] {
                continue;
            }
            let (status, body) = ru_header[i].get_text(&path).await;
            assert_eq!(status, 200, "{who} (ru) {path}");
            check_russian(&path, who, &body);
            let (status, body) = english[i].get_text(&path).await;
            assert_eq!(status, 200, "{who} (en) {path}");
            if path != "/login" {
                assert_english(&path, who, &body);
            }
        }
    }

    // The same people in a browser that asks for nothing, switched with the form.
    let switched: Vec<Client> = signed_in_clients(&app, None).await;
    for c in &switched {
        let r = c
            .post_form("/language", &[("lang", "ru"), ("next", "/commitments")])
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/commitments");
    }
    for (path, allowed) in pages(&ids) {
        for (i, who) in ROLES.iter().enumerate() {
            if allowed[i] {
                let (status, body) = switched[i].get_text(&path).await;
                assert_eq!(status, 200, "{who} (switched) {path}");
                check_russian(&path, who, &body);
            }
        }
    }

    // Bilingual content: the missing title and narratives are marked, not hidden.
    let kz = &ru_header[0];
    let (_, page) = kz
        .get_text(&format!("/commitments/{}", ids.commitment))
        .await;
    assert!(
        page.contains("(перевод отсутствует)"),
        "English title marked"
    );
    assert!(page.contains("Текст на русском не предоставлен"));
    assert!(page.contains("Only in English"));
    assert!(
        page.contains("I. Меры по устранению условий"),
        "the pillar's Russian name from the seeds"
    );
    assert!(page.contains("Казахстан"));
    assert!(page.contains("Принято"), "state label");
    let (_, page) = ru_header[1]
        .get_text(&format!("/updates/{}", ids.pending_uz))
        .await;
    assert!(
        page.contains("Только по-русски") && page.contains("Текст на английском не предоставлен")
    );
    // Every account chose Russian above; the admin goes back to English.
    english[2]
        .post_form("/language", &[("lang", "en"), ("next", "/")])
        .await;
    let (_, page) = english[2]
        .get_text(&format!("/updates/{}", ids.pending_uz))
        .await;
    assert!(page.contains("Только по-русски") && page.contains("No English text provided"));
    let (_, page) = english[2]
        .get_text(&format!("/commitments/{}", ids.commitment))
        .await;
    assert!(!page.contains("(no English text)") && page.contains("No Russian text provided"));
    let (_, page) = kz.get_text("/").await;
    assert!(page.contains("Внести отчёт: Казахстан"));
    assert!(page.contains("aria-label=\"Компонент II, Казахстан: "));

    // Error pages and form errors in Russian.
    let (status, page) = kz.get_text("/commitments/999999").await;
    assert_eq!(status, 404);
    assert!(page.contains("<html lang=\"ru\">") && page.contains("Страница не найдена"));
    assert!(page.contains("По этому адресу ничего нет."));
    let (status, page) = ru_header[3].get_text("/review").await;
    assert_eq!(status, 403);
    assert!(page.contains("рецензенты и администраторы"), "{page}");
    let r = kz
        .post_form(
            &format!("/tracks/{}/updates", ids.kz),
            &[
                ("period", "2021"),
                ("status", "limited"),
                ("narrative_en", "x"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("Период: укажите ГГГГ, ГГГГ-H1 или ГГГГ-H2, год с 2022 по 2031"));
    assert!(page.contains("Исправьте, пожалуйста:"));
    let r = kz
        .post_form(
            &format!("/tracks/{}/updates", ids.kz),
            &[
                ("period", "2024"),
                ("status", "limited"),
                ("narrative_en", "a\u{0}b"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Поле «Описание» содержит управляющий символ")
    );
    let anon = Client::speaking(&app, "ru");
    let (status, page) = anon.get_text("/setup/not-a-token").await;
    assert_eq!(status, 403);
    assert!(page.contains("Срок действия ссылки истёк"));
    let r = anon.sign_in("kz@example.org", "wrong password!").await;
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("Неверный адрес"));
}

async fn signed_in_clients(app: &TestApp, accept_language: Option<&str>) -> Vec<Client> {
    let mut out = Vec::new();
    for who in ROLES {
        let email = format!("{who}@example.org");
        out.push(match accept_language {
            Some(al) => app.login_speaking(al, &email).await,
            None => app.login_as(&email).await,
        });
    }
    out
}
