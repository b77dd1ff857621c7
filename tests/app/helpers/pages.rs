//! Every page each role can reach, and the test data they show: the one
//! table that the accessibility test (in a browser) and the markup test
//! (over HTTP) both walk, so a page added here is checked by both. Both
//! run the app with the public portal open ([`portal_open`]).

use super::{
    Country, Role, Settings, TestApp, accepted, id_after, location, without_second_factor,
};

/// The settings of the apps that walk the table: the tests' own, with the
/// public portal open.
pub fn portal_open() -> Settings {
    Settings {
        public: true,
        ..without_second_factor()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    FocalPoint,
    Reviewer,
    Admin,
    Donor,
}

impl Who {
    pub const ALL: [Who; 5] = [
        Who::Anonymous,
        Who::FocalPoint,
        Who::Reviewer,
        Who::Admin,
        Who::Donor,
    ];

    pub fn email(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::FocalPoint => Some("kz@example.org"),
            Who::Reviewer => Some("rev@example.org"),
            Who::Admin => Some("admin@example.org"),
            Who::Donor => Some("donor@example.org"),
        }
    }
}

/// How a page is reached: an address, or a form sent from one.
#[derive(Debug, Clone)]
pub enum Visit {
    Get(String),
    /// The log-progress form at this address, sent with a status and no
    /// narrative: the page that comes back shows the errors.
    InvalidUpdate(String),
    /// The import form at this address, sent with a file of wrong columns:
    /// the page that comes back lists the problems.
    BadImport(String),
    /// The sign-in form at this address, sent for an unknown address: the
    /// page that comes back says the sign-in failed.
    FailedSignIn(String),
}

/// One row of the page table: who looks, how they get there, and the HTTP
/// status the page must come with.
pub struct Check {
    pub who: Who,
    pub visit: Visit,
    pub status: u16,
}

/// The ids a page table needs from the test data.
pub struct Fixture {
    commitment: i64,
    track: i64,
    submitted: i64,
    returned: i64,
    draft: i64,
    accepted: i64,
    snapshot: i64,
    invite: String,
    invited: i64,
}

/// Every page each role can reach: the one table of the checks.
pub fn pages(f: &Fixture) -> Vec<Check> {
    use Visit::{BadImport, FailedSignIn, Get, InvalidUpdate};
    use Who::{Admin, Anonymous, Donor, FocalPoint, Reviewer};
    let get = |who, path: String| Check {
        who,
        visit: Get(path),
        status: 200,
    };
    let failing = |who, path: &str, status| Check {
        who,
        visit: Get(path.to_owned()),
        status,
    };
    let (c, t) = (f.commitment, f.track);
    vec![
        get(Anonymous, "/login".into()),
        Check {
            who: Anonymous,
            visit: FailedSignIn("/login".into()),
            status: 401,
        },
        get(Anonymous, "/password/forgot".into()),
        get(Anonymous, format!("/setup/{}", f.invite)),
        failing(Anonymous, "/no-such-page", 404),
        get(Anonymous, "/guide".into()),
        get(Anonymous, "/guide/focal-point".into()),
        // The public portal (the tests that walk this table open it).
        get(Anonymous, "/public".into()),
        get(Anonymous, "/public?as_of=2024-12-31".into()),
        get(Anonymous, "/public/commitments".into()),
        get(Anonymous, "/public/commitments?pillar=1&country=KZ".into()),
        get(Anonymous, format!("/public/commitments/{c}")),
        get(
            Anonymous,
            format!("/public/commitments/{c}?as_of=2024-06-30"),
        ),
        failing(Anonymous, "/public/commitments/999999", 404),
        get(Donor, "/".into()),
        get(Donor, "/?as_of=2024-12-31".into()),
        get(Donor, "/commitments".into()),
        get(
            Donor,
            "/commitments?pillar=1&country=KZ&status=limited".into(),
        ),
        get(Donor, format!("/commitments/{c}")),
        get(Donor, format!("/commitments/{c}?all={t}&as_of=2025-06-30")),
        get(Donor, format!("/updates/{}", f.accepted)),
        get(Donor, "/reports".into()),
        get(Donor, "/snapshots".into()),
        get(Donor, format!("/snapshots/{}", f.snapshot)),
        get(Donor, "/account".into()),
        get(Donor, "/notifications".into()),
        get(Donor, "/guide/donor".into()),
        failing(Donor, "/review", 403),
        failing(Donor, "/no-such-page", 404),
        get(FocalPoint, "/".into()),
        get(FocalPoint, "/due".into()),
        get(FocalPoint, "/my-updates".into()),
        get(FocalPoint, format!("/tracks/{t}/updates/new")),
        Check {
            who: FocalPoint,
            visit: InvalidUpdate(format!("/tracks/{t}/updates/new")),
            status: 422,
        },
        get(FocalPoint, format!("/updates/{}", f.returned)),
        get(FocalPoint, format!("/updates/{}/revise", f.returned)),
        get(FocalPoint, format!("/updates/{}/edit", f.draft)),
        get(FocalPoint, format!("/commitments/{c}")),
        get(
            FocalPoint,
            format!("/updates/{}?done=submitted", f.submitted),
        ),
        get(FocalPoint, "/notifications".into()),
        get(FocalPoint, "/account".into()),
        get(FocalPoint, "/guide".into()),
        get(Reviewer, "/review".into()),
        get(Reviewer, "/review?country=KZ".into()),
        get(Reviewer, format!("/updates/{}", f.submitted)),
        get(Reviewer, "/due?country=KZ&pillar=1".into()),
        get(Reviewer, "/my-updates".into()),
        get(Reviewer, "/guide/reviewer".into()),
        get(Reviewer, "/account/second-factor".into()),
        get(Reviewer, "/notifications".into()),
        get(Admin, "/admin/users".into()),
        get(Admin, "/admin/users/1".into()),
        get(Admin, format!("/admin/users/{}", f.invited)),
        get(Admin, "/admin/outbox".into()),
        get(Admin, "/admin/audit".into()),
        get(Admin, "/admin/reporting".into()),
        get(Admin, "/snapshots".into()),
        get(Admin, "/due".into()),
        get(Admin, "/admin/import".into()),
        Check {
            who: Admin,
            visit: BadImport("/admin/import".into()),
            status: 422,
        },
        get(Admin, "/guide/admin".into()),
        failing(Admin, "/review?page=0", 422),
    ]
}

/// The test data: an update of each state, a snapshot, an invitation.
pub async fn fixture(app: &TestApp) -> Fixture {
    app.add_standard_users().await;
    let commitment = app.commitment("P1.01").await;
    let track = app.track("P1.01", "KZ").await;
    let accepted = accepted(
        app,
        track,
        "2024",
        "limited",
        "2025-01-15T10:00:00.000Z",
        "Trained 45 border officers.",
    );

    let kz = app.login_as("kz@example.org").await;
    let rev = app.login_as("rev@example.org").await;
    // Published since: the portal shows it.
    let r = rev
        .post_form(
            &format!("/updates/{accepted}/sensitivity"),
            &[("sensitivity", "public")],
        )
        .await;
    assert_eq!(r.status(), 303, "the update was not made public");
    let submit = |narrative: &'static str| {
        let kz = &kz;
        async move {
            let r = kz
                .post_form(
                    &format!("/tracks/{track}/updates"),
                    &[
                        ("period", "2025-H1"),
                        ("status", "substantial"),
                        ("narrative_en", narrative),
                        ("narrative_ru", "Проведено обучение."),
                    ],
                )
                .await;
            assert_eq!(r.status(), 303);
            id_after("/updates/", &location(&r))
        }
    };
    let returned = submit("A first draft.").await;
    let r = rev
        .post_form(
            &format!("/updates/{returned}/review"),
            &[
                ("decision", "return"),
                ("comment", "Please add the evidence."),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let submitted = submit("Awaiting a decision.").await;
    // A conversation on it, and a draft of the focal point's.
    let r = rev
        .post_form(
            &format!("/updates/{submitted}/comments"),
            &[("body", "Which programme is this?")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = kz
        .post_form(
            &format!("/tracks/{track}/updates"),
            &[
                ("period", "2025"),
                ("status", "limited"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let draft = id_after("/updates/", &location(&r).replace("/edit", ""));

    let admin = app.login_as("admin@example.org").await;
    let r = admin
        .post_form(
            "/snapshots",
            &[("name", "Year-end 2024"), ("as_of", "2024-12-31")],
        )
        .await;
    assert_eq!(r.status(), 303, "the snapshot was not frozen");
    let snapshot = id_after("/snapshots/", &location(&r));

    // The donor is also signed in elsewhere and holds an API token: their
    // account page lists three sessions.
    app.login_as("donor@example.org").await;
    app.token_for("donor@example.org").await;

    let invited = app
        .add_user("new@example.org", Role::FocalPoint, Some(Country::UZ))
        .await;
    let invite = app
        .password_link(Some(invited), chrono::Duration::days(1))
        .await;
    Fixture {
        commitment,
        track,
        submitted,
        returned,
        draft,
        accepted,
        snapshot,
        invite,
        invited,
    }
}
