//! Who is acting: an account's role and, for a focal point, its one country.

use super::{Country, Invalid, Lang, Msg, Role};

/// What an account may do. A focal point always has one country and nobody
/// else has one, so a value of this type cannot say anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    Admin,
    Reviewer,
    FocalPoint(Country),
    Donor,
}

impl Access {
    /// The one check of a role and a country together, for forms, the
    /// command line and rows read back alike. The reason is about the country.
    pub fn new(role: Role, country: Option<Country>) -> Result<Access, Invalid> {
        match (role, country) {
            (Role::FocalPoint, None) => Err(Msg::new("err-focal-point-needs-country").into()),
            (Role::FocalPoint, Some(Country::REG)) => {
                Err(Msg::new("err-focal-point-not-regional").into())
            }
            (Role::FocalPoint, Some(c)) => Ok(Access::FocalPoint(c)),
            (_, Some(_)) => Err(Msg::new("err-only-focal-points-country").into()),
            (Role::Admin, None) => Ok(Access::Admin),
            (Role::Reviewer, None) => Ok(Access::Reviewer),
            (Role::Donor, None) => Ok(Access::Donor),
        }
    }

    pub fn role(self) -> Role {
        match self {
            Access::Admin => Role::Admin,
            Access::Reviewer => Role::Reviewer,
            Access::FocalPoint(_) => Role::FocalPoint,
            Access::Donor => Role::Donor,
        }
    }

    /// The tracks this account works on: reviewers and admins every one, a
    /// focal point their own country's, a donor none. Both who may log
    /// progress on a track and who sees what is in review there follow it.
    pub fn works_on(self, country: Country) -> bool {
        match self {
            Access::Admin | Access::Reviewer => true,
            Access::FocalPoint(own) => own == country,
            Access::Donor => false,
        }
    }

    /// The country a focal point works for.
    pub fn country(self) -> Option<Country> {
        match self {
            Access::FocalPoint(c) => Some(c),
            _ => None,
        }
    }
}

/// A signed-in person, as every use case and page sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub access: Access,
    /// The interface language the person chose, if they did.
    pub lang: Option<Lang>,
    /// Whether the person has a confirmed second factor.
    pub second_factor: bool,
}

impl User {
    pub fn role(&self) -> Role {
        self.access.role()
    }

    /// Set for focal points only: the one country they may write for.
    pub fn country(&self) -> Option<Country> {
        self.access.country()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_focal_point_has_exactly_one_country_and_nobody_else_has_one() {
        for role in Role::ALL {
            for country in std::iter::once(None).chain(Country::ALL.map(Some)) {
                let access = Access::new(role, country);
                let valid = match role {
                    Role::FocalPoint => country.is_some_and(|c| c != Country::REG),
                    _ => country.is_none(),
                };
                assert_eq!(access.is_ok(), valid, "{role} {country:?}");
                if let Ok(a) = access {
                    assert_eq!((a.role(), a.country()), (role, country));
                }
            }
        }
    }
}
