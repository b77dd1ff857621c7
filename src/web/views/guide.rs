//! The guides: one page per role, in the page's language, made to be
//! printed, and the list of them.

use maud::{Markup, html};

use super::components::{guide_href, state_badge, status_badge};
use crate::domain::{Role, Status, Tr, TrackStatus, UpdateState, User};
use crate::web::language::Ui;
use crate::web::layout::{self, Nav};

/// What one role's guide holds beyond its own texts
/// (`guide-{role}-title`, `-lead`, `-step-N`, `-when-heading`, `-when`, `-ask`).
pub struct Guide {
    pub role: Role,
    steps: usize,
    /// Explains track statuses and the states of an update.
    statuses: bool,
    states: bool,
    /// Pages to know: address and the message id that says what is there.
    places: &'static [(&'static str, &'static str)],
}

pub const GUIDES: [Guide; 4] = [
    Guide {
        role: Role::FocalPoint,
        steps: 6,
        statuses: true,
        states: true,
        places: &[
            ("/", "guide-place-home-focal"),
            ("/due", "guide-place-due"),
            ("/commitments", "guide-place-commitments"),
            ("/my-updates", "guide-place-my-updates"),
            ("/reports", "guide-place-reports"),
            ("/account", "guide-place-account"),
        ],
    },
    Guide {
        role: Role::Reviewer,
        steps: 6,
        statuses: true,
        states: true,
        places: &[
            ("/review", "guide-place-review"),
            ("/due", "guide-place-due-all"),
            ("/commitments", "guide-place-commitments"),
            ("/reports", "guide-place-reports"),
        ],
    },
    Guide {
        role: Role::Donor,
        steps: 5,
        statuses: true,
        states: false,
        places: &[
            ("/", "guide-place-home-donor"),
            ("/commitments", "guide-place-commitments"),
            ("/reports", "guide-place-reports"),
            ("/snapshots", "guide-place-snapshots"),
        ],
    },
    Guide {
        role: Role::Admin,
        steps: 6,
        statuses: false,
        states: false,
        places: &[
            ("/admin/users", "guide-place-accounts"),
            ("/admin/import", "guide-place-import"),
            ("/admin/reporting", "guide-place-reporting"),
            ("/snapshots", "guide-place-snapshots-admin"),
            ("/admin/audit", "guide-place-audit"),
            ("/review", "guide-place-review"),
        ],
    },
];

/// The list of guides, the reader's own marked.
pub fn list(ui: &Ui, user: Option<&User>) -> Markup {
    let tr = ui.tr;
    let title = tr.t("guide-list-title");
    layout::page(
        ui,
        user,
        Nav::None,
        &title,
        html! {
            h1 { (title) }
            p.lead { (tr.t("guide-list-lead")) }
            ul.guides {
                @for g in &GUIDES {
                    li {
                        a href=(guide_href(g.role)) { (tr.t(&id(g.role, "title"))) }
                        @if user.is_some_and(|u| u.role() == g.role) {
                            " " strong { (tr.t("guide-yours")) }
                        }
                        br;
                        span.hint { (tr.t(&id(g.role, "lead"))) }
                    }
                }
            }
            p.hint.no-print { (tr.t("guide-print-hint")) }
        },
    )
}

fn id(role: Role, part: &str) -> String {
    format!("guide-{}-{part}", role.as_str())
}

/// One role's guide, made to be printed on one page.
pub fn page(ui: &Ui, user: Option<&User>, g: &Guide) -> Markup {
    let tr = ui.tr;
    let title = tr.t(&id(g.role, "title"));
    layout::page(
        ui,
        user,
        Nav::None,
        &title,
        html! {
            article.guide {
                p.no-print { a href="/guide" { (tr.t("guide-list-title")) } }
                h1 { (title) }
                p.lead { (tr.t(&id(g.role, "lead"))) }
                h2 { (tr.t("guide-steps-heading")) }
                ol.steps {
                    @for i in 1..=g.steps {
                        li { (tr.t(&id(g.role, &format!("step-{i}")))) }
                    }
                }
                @if g.statuses { (statuses(tr)) }
                @if g.states { (states(tr)) }
                h2 { (tr.t(&id(g.role, "when-heading"))) }
                p { (tr.t(&id(g.role, "when"))) }
                h2 { (tr.t("guide-places-heading")) }
                ul.places {
                    @for (path, what) in g.places {
                        li { a href=(path) { code { (path) } } " — " (tr.t(what)) }
                    }
                    li { a href=(guide_href(g.role)) { code { (guide_href(g.role)) } } " — " (tr.t("guide-place-this-guide")) }
                }
                h2 { (tr.t("guide-ask-heading")) }
                p { (tr.t(&id(g.role, "ask"))) }
                p.hint.no-print { (tr.t("guide-print-hint")) }
            }
        },
    )
}

fn statuses(tr: Tr) -> Markup {
    let all = std::iter::once(TrackStatus::NoInformation)
        .chain(Status::ALL.into_iter().map(TrackStatus::Reported));
    html! {
        h2 { (tr.t("guide-statuses-heading")) }
        dl.terms {
            @for s in all {
                dt { (status_badge(tr, s)) }
                dd {
                    @match s {
                        TrackStatus::NoInformation => (tr.t("guide-status-no-information")),
                        TrackStatus::Reported(s) => (tr.t(s.help_id())),
                    }
                }
            }
        }
    }
}

fn states(tr: Tr) -> Markup {
    let all = [
        (UpdateState::Submitted, "guide-state-submitted"),
        (UpdateState::Returned, "guide-state-returned"),
        (UpdateState::Accepted, "guide-state-accepted"),
    ];
    html! {
        h2 { (tr.t("guide-states-heading")) }
        dl.terms {
            @for (s, what) in all {
                dt { (state_badge(tr, s)) }
                dd { (tr.t(what)) }
            }
        }
    }
}
