use super::{Invalid, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Reviewer,
    FocalPoint,
    Donor,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Reviewer, Role::FocalPoint, Role::Donor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Reviewer => "reviewer",
            Role::FocalPoint => "focal-point",
            Role::Donor => "donor",
        }
    }

    /// The message id of the role's name.
    pub fn label_id(self) -> &'static str {
        match self {
            Role::Admin => "role-admin",
            Role::Reviewer => "role-reviewer",
            Role::FocalPoint => "role-focal-point",
            Role::Donor => "role-donor",
        }
    }

    pub fn can_review(self) -> bool {
        matches!(self, Role::Admin | Role::Reviewer)
    }
}

impl std::str::FromStr for Role {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| Msg::new("invalid-role").into())
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
