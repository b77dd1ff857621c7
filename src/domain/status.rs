use super::Invalid;

/// A completion level, as an update reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    NotStarted,
    Limited,
    Substantial,
    Complete,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::Limited,
        Status::Substantial,
        Status::Complete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::Limited => "limited",
            Status::Substantial => "substantial",
            Status::Complete => "complete",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::Limited => "Limited progress",
            Status::Substantial => "Substantial progress",
            Status::Complete => "Complete",
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            Status::NotStarted => "No action has begun yet in this period.",
            Status::Limited => "Some first steps taken; most of the work remains.",
            Status::Substantial => "Most of the work is done or well under way.",
            Status::Complete => "The commitment is fully implemented for this track.",
        }
    }
}

impl std::str::FromStr for Status {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Status::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| {
                Invalid::new("status must be not_started, limited, substantial or complete")
            })
    }
}

/// A track's status: that of its latest accepted update, or no information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrackStatus {
    NoInformation,
    Reported(Status),
}

impl TrackStatus {
    pub const ALL: [TrackStatus; 5] = [
        TrackStatus::NoInformation,
        TrackStatus::Reported(Status::NotStarted),
        TrackStatus::Reported(Status::Limited),
        TrackStatus::Reported(Status::Substantial),
        TrackStatus::Reported(Status::Complete),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TrackStatus::NoInformation => "no_information",
            TrackStatus::Reported(s) => s.as_str(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TrackStatus::NoInformation => "No information",
            TrackStatus::Reported(s) => s.label(),
        }
    }

    pub fn is_complete(self) -> bool {
        self == TrackStatus::Reported(Status::Complete)
    }

    pub fn index(self) -> usize {
        TrackStatus::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or(0)
    }

    pub fn from_db(s: Option<&str>) -> TrackStatus {
        s.and_then(|s| s.parse().ok())
            .map_or(TrackStatus::NoInformation, TrackStatus::Reported)
    }
}

impl std::str::FromStr for TrackStatus {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        if s.trim() == "no_information" {
            return Ok(TrackStatus::NoInformation);
        }
        s.parse().map(TrackStatus::Reported).map_err(|_| {
            Invalid::new(
                "status must be no_information, not_started, limited, substantial or complete",
            )
        })
    }
}

/// Where an update stands in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UpdateState {
    Draft,
    Submitted,
    Returned,
    Accepted,
}

impl UpdateState {
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateState::Draft => "draft",
            UpdateState::Submitted => "submitted",
            UpdateState::Returned => "returned",
            UpdateState::Accepted => "accepted",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            UpdateState::Draft => "Draft",
            UpdateState::Submitted => "Awaiting review",
            UpdateState::Returned => "Returned",
            UpdateState::Accepted => "Accepted",
        }
    }
}

impl std::str::FromStr for UpdateState {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "draft" => Ok(UpdateState::Draft),
            "submitted" => Ok(UpdateState::Submitted),
            "returned" => Ok(UpdateState::Returned),
            "accepted" => Ok(UpdateState::Accepted),
            _ => Err(Invalid::new("unknown update state")),
        }
    }
}
