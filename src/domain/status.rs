use super::{Invalid, Msg};

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

    /// The message id of the label, e.g. `status-limited`.
    pub fn label_id(self) -> &'static str {
        match self {
            Status::NotStarted => "status-not_started",
            Status::Limited => "status-limited",
            Status::Substantial => "status-substantial",
            Status::Complete => "status-complete",
        }
    }

    /// The message id of what the status means, for the form.
    pub fn help_id(self) -> &'static str {
        match self {
            Status::NotStarted => "status-help-not_started",
            Status::Limited => "status-help-limited",
            Status::Substantial => "status-help-substantial",
            Status::Complete => "status-help-complete",
        }
    }
}

impl std::str::FromStr for Status {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Status::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| Msg::new("invalid-status").into())
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

    pub fn label_id(self) -> &'static str {
        match self {
            TrackStatus::NoInformation => "status-no_information",
            TrackStatus::Reported(s) => s.label_id(),
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
        s.parse()
            .map(TrackStatus::Reported)
            .map_err(|_| Msg::new("invalid-track-status").into())
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
    pub const ALL: [UpdateState; 4] = [
        UpdateState::Draft,
        UpdateState::Submitted,
        UpdateState::Returned,
        UpdateState::Accepted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UpdateState::Draft => "draft",
            UpdateState::Submitted => "submitted",
            UpdateState::Returned => "returned",
            UpdateState::Accepted => "accepted",
        }
    }

    pub fn label_id(self) -> &'static str {
        match self {
            UpdateState::Draft => "state-draft",
            UpdateState::Submitted => "state-submitted",
            UpdateState::Returned => "state-returned",
            UpdateState::Accepted => "state-accepted",
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
            _ => Err(Msg::new("invalid-update-state").into()),
        }
    }
}
