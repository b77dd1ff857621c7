//! Who sees which progress updates: one value, from which both the check on
//! one update (Rust) and the filter over many (SQL) are built, so the two
//! cannot drift apart. A unit test in `db::updates` runs both over every case.

use super::{Access, Country, Invalid, Msg, UpdateState, User};

/// Who may read what an update says (its narratives, evidence link,
/// comments, and who wrote and reviewed it). Its status counts for
/// everyone whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Sensitivity {
    /// Also on the public portal.
    Public,
    /// Every signed-in role.
    #[default]
    Partners,
    /// Reviewers, administrators and the focal points of the track's country.
    Restricted,
}

impl Sensitivity {
    pub const ALL: [Sensitivity; 3] = [
        Sensitivity::Public,
        Sensitivity::Partners,
        Sensitivity::Restricted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::Public => "public",
            Sensitivity::Partners => "partners",
            Sensitivity::Restricted => "restricted",
        }
    }

    /// A form's or body's value: empty is none given.
    pub fn optional(s: &str) -> Result<Option<Sensitivity>, Invalid> {
        match s.trim() {
            "" => Ok(None),
            s => s.parse().map(Some),
        }
    }

    /// The message id of its label, e.g. `sensitivity-restricted`.
    pub fn label_id(self) -> &'static str {
        match self {
            Sensitivity::Public => "sensitivity-public",
            Sensitivity::Partners => "sensitivity-partners",
            Sensitivity::Restricted => "sensitivity-restricted",
        }
    }
}

impl std::str::FromStr for Sensitivity {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Sensitivity::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| Msg::new("invalid-sensitivity").into())
    }
}

impl std::fmt::Display for Sensitivity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The person reading the progress log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Viewer {
    id: i64,
    access: Access,
    /// Nobody signed in: the public portal.
    anonymous: bool,
}

/// The values [`Viewer::SQL`] and [`Viewer::SQL_AS_OF`] bind.
#[derive(Debug, Clone, Copy)]
pub struct ViewerArgs {
    /// `:me`
    pub me: i64,
    /// `:see_all`: sees what is in review in every country.
    pub see_all: bool,
    /// `:own`: the one country whose updates in review this viewer sees.
    pub own: Option<&'static str>,
}

impl Viewer {
    pub fn of(user: &User) -> Viewer {
        Viewer {
            id: user.id,
            access: user.access,
            anonymous: false,
        }
    }

    /// Any signed-in partner who works on no country (a donor): what the
    /// files everyone may download show, such as a snapshot's.
    pub fn partners() -> Viewer {
        Viewer {
            id: 0,
            access: Access::Donor,
            anonymous: false,
        }
    }

    /// Nobody signed in: the public portal.
    pub fn public() -> Viewer {
        Viewer {
            anonymous: true,
            ..Viewer::partners()
        }
    }

    /// Sees the updates of `country` that are not (yet) accepted: reviewers
    /// and admins everywhere, a focal point in their own country. Donors
    /// see the accepted record only.
    pub fn sees_pending(&self, country: Country) -> bool {
        self.access.works_on(country)
    }

    /// Sees one update: what was accepted, one's own, and what is in review
    /// on the tracks one works on. A draft is its author's alone.
    pub fn sees(&self, author_id: i64, state: UpdateState, country: Country) -> bool {
        author_id == self.id
            || state == UpdateState::Accepted
            || (state != UpdateState::Draft && self.sees_pending(country))
    }

    /// Takes part in the conversation on an update: sees it, and is its
    /// author or works on its track's country (reviewers, admins, that
    /// country's focal points). Never a donor, not even one who wrote the
    /// update in an earlier role; a draft has no conversation.
    pub fn in_conversation(&self, author_id: i64, state: UpdateState, country: Country) -> bool {
        self.access != Access::Donor
            && state != UpdateState::Draft
            && self.sees(author_id, state, country)
            && (author_id == self.id || self.sees_pending(country))
    }

    /// [`Viewer::sees`] over `updates u JOIN tracks t`; binds [`ViewerArgs`].
    pub const SQL: &'static str = "(u.state = 'accepted' OR u.author_id = :me
     OR (u.state <> 'draft' AND (:see_all OR t.country = :own)))";

    /// As of a cut-off (`:cutoff`, NULL for now): submitted by then, and
    /// decided by then unless this viewer sees what is in review on the
    /// track's country ([`Viewer::sees_as_of`]).
    pub const SQL_AS_OF: &'static str = "(:cutoff IS NULL OR (u.submitted_at <= :cutoff
     AND (:see_all OR t.country = :own OR u.reviewed_at <= :cutoff)))";

    /// [`Viewer::sees`] as of a cut-off (timestamps in the database's text
    /// form, which orders as time does); [`Viewer::SQL_AS_OF`] in Rust.
    pub fn sees_as_of(
        &self,
        (author_id, state, country): (i64, UpdateState, Country),
        submitted_at: &str,
        reviewed_at: Option<&str>,
        cutoff: &str,
    ) -> bool {
        self.sees(author_id, state, country)
            && submitted_at <= cutoff
            && (self.sees_pending(country) || reviewed_at.is_some_and(|r| r <= cutoff))
    }

    /// May read what an update of `country` says at this sensitivity.
    pub fn reads(&self, s: Sensitivity, country: Country) -> bool {
        match s {
            Sensitivity::Public => true,
            Sensitivity::Partners => !self.anonymous,
            Sensitivity::Restricted => !self.anonymous && self.access.works_on(country),
        }
    }

    /// May read what it says, given the sensitivity on the day looked at
    /// and the one now: need to know wins, so a later restriction also
    /// covers the past.
    pub fn reads_at(&self, then: Sensitivity, now: Sensitivity, country: Country) -> bool {
        self.reads(then, country) && self.reads(now, country)
    }

    /// Is given the update at all, in a list or a report: a signed-in
    /// reader always (its status counts; its words are left out where they
    /// may not read them), the public only what it may read.
    pub fn given(&self, then: Sensitivity, now: Sensitivity, country: Country) -> bool {
        !self.anonymous || self.reads_at(then, now, country)
    }

    /// May read who wrote and reviewed an update, and what the reviewer
    /// told its author: whoever may read what it says, but never the
    /// public, whatever its sensitivity.
    pub fn reads_people(&self, then: Sensitivity, now: Sensitivity, country: Country) -> bool {
        !self.anonymous && self.reads_at(then, now, country)
    }

    /// [`Viewer::reads_at`] of [`Viewer::public`] over `updates u`: public
    /// on the day looked at (`:cutoff`, NULL for now) and now. It narrows
    /// what the public portal reads; what it reads still goes through
    /// [`Viewer::reads_at`]. A unit test in `db::updates` runs both.
    pub const SQL_PUBLIC: &'static str = "(COALESCE((SELECT s.sensitivity FROM update_sensitivity s
         WHERE s.update_id = u.id AND (:cutoff IS NULL OR s.set_at <= :cutoff)
         ORDER BY s.set_at DESC, s.id DESC LIMIT 1), u.sensitivity) = 'public'
     AND COALESCE((SELECT s.sensitivity FROM update_sensitivity s WHERE s.update_id = u.id
         ORDER BY s.set_at DESC, s.id DESC LIMIT 1), u.sensitivity) = 'public')";

    pub fn args(&self) -> ViewerArgs {
        ViewerArgs {
            me: self.id,
            see_all: matches!(self.access, Access::Admin | Access::Reviewer),
            own: self.access.country().map(Country::code),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    #[test]
    fn restricted_words_are_read_by_reviewers_admins_and_the_countrys_focal_points_only() {
        let kz = Access::new(Role::FocalPoint, Some(Country::KZ)).unwrap();
        let uz = Access::new(Role::FocalPoint, Some(Country::UZ)).unwrap();
        let reads = |a: Access, then, now| viewer(9, a).reads_at(then, now, Country::KZ);
        use Sensitivity::*;
        for a in [kz, uz, Access::Reviewer, Access::Admin, Access::Donor] {
            assert!(reads(a, Public, Public));
            assert!(reads(a, Partners, Partners));
        }
        for a in [kz, Access::Reviewer, Access::Admin] {
            assert!(reads(a, Restricted, Restricted));
        }
        for a in [uz, Access::Donor] {
            assert!(!reads(a, Restricted, Restricted), "{a:?}");
            assert!(!reads(a, Partners, Restricted), "restricted later: {a:?}");
            assert!(!reads(a, Restricted, Partners), "restricted then: {a:?}");
        }
        let public = Viewer::public();
        assert!(public.reads(Public, Country::KZ));
        assert!(!public.reads(Partners, Country::KZ));
        assert!(!public.reads(Restricted, Country::KZ));
        assert!(Viewer::partners().reads(Partners, Country::KZ));
        assert!(!Viewer::partners().reads(Restricted, Country::KZ));
        // The public is given what it may read only, and never names.
        for (then, now) in [(Public, Partners), (Partners, Public), (Restricted, Public)] {
            assert!(
                !public.given(then, now, Country::KZ),
                "{then:?} then, {now:?} now"
            );
        }
        assert!(public.given(Public, Public, Country::KZ));
        assert!(!public.reads_people(Public, Public, Country::KZ));
        assert!(Viewer::partners().given(Restricted, Restricted, Country::KZ));
        assert!(Viewer::partners().reads_people(Public, Public, Country::KZ));
        assert!(!Viewer::partners().reads_people(Restricted, Restricted, Country::KZ));
        for s in Sensitivity::ALL {
            assert_eq!(s.as_str().parse::<Sensitivity>().unwrap(), s);
        }
        assert!("secret".parse::<Sensitivity>().is_err());
    }

    fn viewer(id: i64, access: Access) -> Viewer {
        Viewer {
            id,
            access,
            anonymous: false,
        }
    }

    #[test]
    fn the_conversation_is_the_authors_the_countrys_and_the_reviewers_never_a_donors() {
        let kz = Access::new(Role::FocalPoint, Some(Country::KZ)).unwrap();
        let uz = Access::new(Role::FocalPoint, Some(Country::UZ)).unwrap();
        let (author, other) = (1, 2);
        for state in [
            UpdateState::Submitted,
            UpdateState::Returned,
            UpdateState::Accepted,
        ] {
            let on_kz = |v: Viewer| v.in_conversation(author, state, Country::KZ);
            assert!(on_kz(viewer(author, kz)), "{state:?}");
            assert!(on_kz(viewer(other, kz)), "{state:?}");
            assert!(on_kz(viewer(other, Access::Reviewer)));
            assert!(on_kz(viewer(other, Access::Admin)));
            assert!(!on_kz(viewer(other, uz)), "another country, {state:?}");
            assert!(!on_kz(viewer(other, Access::Donor)), "{state:?}");
            // A focal point made a donor keeps no part in it.
            assert!(!on_kz(viewer(author, Access::Donor)), "{state:?}");
        }
        for access in [kz, Access::Reviewer, Access::Admin] {
            assert!(!viewer(author, access).in_conversation(
                author,
                UpdateState::Draft,
                Country::KZ
            ));
        }
    }
}
