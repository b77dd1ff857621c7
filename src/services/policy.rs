//! Who may do what, per row. A focal point's country always comes from the
//! account, never from what a form or body says. What a person may *see*
//! of the progress log is [`crate::domain::Viewer`].

use crate::domain::{Country, Msg, MsgArg, Role, User};
use crate::error::{AppError, AppResult};

/// May this user log progress on a track of `country`?
pub fn can_write_track(user: &User, country: Country) -> bool {
    user.access.works_on(country)
}

pub fn ensure_can_write_track(user: &User, country: Country) -> AppResult<()> {
    ensure_can_submit(user)?;
    if can_write_track(user, country) {
        return Ok(());
    }
    Err(AppError::forbidden(
        Msg::new("err-own-country-only").arg(
            "country",
            user.country()
                .map_or(MsgArg::Id("your-own-country"), MsgArg::Country),
        ),
    ))
}

/// Any role except donors may write something; donors get 403 before any lookup.
pub fn ensure_can_submit(user: &User) -> AppResult<()> {
    if user.role() == Role::Donor {
        return Err(AppError::forbidden(Msg::new("err-donor-read-only")));
    }
    Ok(())
}

pub fn ensure_reviewer(user: &User) -> AppResult<()> {
    if user.role().can_review() {
        Ok(())
    } else {
        Err(AppError::forbidden(Msg::new("err-reviewers-only")))
    }
}

pub fn ensure_admin(user: &User) -> AppResult<()> {
    if user.role() == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden(Msg::new("err-admins-only")))
    }
}

/// Who is asked for reports, and who chases them, see what is due;
/// donors read the record itself.
pub fn ensure_sees_due(user: &User) -> AppResult<()> {
    if user.role() == Role::Donor {
        Err(AppError::forbidden(Msg::new("err-due-not-for-donors")))
    } else {
        Ok(())
    }
}
