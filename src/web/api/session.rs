//! Signing in for a token, signing out, and who the token belongs to.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

use super::input::Body;
use super::schema::{ErrorBody, opt_country_schema, opt_lang_schema, role_schema};
use super::{ApiResult, ApiUser};
use crate::db::users::{self, SessionKind};
use crate::domain::PASSWORD_MAX;
use crate::error::AppError;
use crate::services;
use crate::services::sessions::{SignIn, SignedIn};
use crate::web::AppState;
use crate::web::identity::{ClientAddr, bearer, check_password, settle};

/// An account's email and password, and for an account with a second
/// factor a current code of it or an unused recovery code.
#[derive(ToSchema)]
#[schema(examples(json!({"email": "focal.kz@example.org", "password": "correct horse battery staple"})))]
#[allow(dead_code)]
pub struct LoginRequest {
    #[schema(max_length = 254)]
    email: String,
    #[schema(max_length = 128)]
    password: String,
    /// A TOTP code (6 digits) or a recovery code; required for an account
    /// with a second factor.
    #[schema(max_length = 64)]
    otp: Option<String>,
}

/// A token for `Authorization: Bearer TOKEN`, and whose it is.
#[derive(Serialize, ToSchema)]
#[schema(examples(json!({"token": "q2J…", "role": "focal-point", "country": "KZ"})))]
pub struct LoginOut {
    token: String,
    #[schema(schema_with = role_schema)]
    role: String,
    #[schema(schema_with = opt_country_schema, required = true)]
    country: Option<String>,
}

/// A token for the right password and, for an account with a second
/// factor, a code of it; a wrong code counts as a failed sign-in.
#[utoipa::path(post, path = "/api/v1/login", operation_id = "login", tag = "session",
    security(()),
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in: the token and whose it is.", body = LoginOut),
        (status = 401, description = "Wrong email or password (the same answer for both), \
            or a missing or wrong second-factor code (`field` is `otp`).", body = ErrorBody),
        (status = 403, description = "The account must enrol a second factor in the app \
            first (`field` is `otp`).", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins for this address or account; \
            `Retry-After` says when to try again.", body = ErrorBody),
        (status = 503, description = "Too many sign-ins at once; `Retry-After` says when to \
            try again.", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    from: ClientAddr,
    body: Body,
) -> ApiResult<Json<LoginOut>> {
    let (email, password) = (body.text("email")?, body.text("password")?);
    let otp = body.text("otp")?;
    if email.len() > 254 || password.chars().count() > PASSWORD_MAX {
        return Err(AppError::BadCredentials.into());
    }
    let Some((user_id, attempt)) =
        check_password(&state, &from, email, password.to_owned()).await?
    else {
        services::sessions::sign_in_failed(&state.db, email, from.0).await?;
        return Err(AppError::BadCredentials.into());
    };
    let s = SignIn {
        user_id,
        kind: SessionKind::Api,
        from: from.0,
        replaces: None,
        code: Some(otp.to_owned()).filter(|c| !c.trim().is_empty() && c.len() <= 64),
        next: String::new(),
    };
    let (times, mfa) = (state.settings.sessions(), state.settings.mfa);
    let outcome = services::sessions::sign_in(&state.db, s, times, mfa).await?;
    settle(attempt, !matches!(outcome, SignedIn::CodeWrong));
    match outcome {
        SignedIn::Session(token, user) => Ok(Json(LoginOut {
            token,
            role: user.role().as_str().to_owned(),
            country: user.country().map(|c| c.code().to_owned()),
        })),
        SignedIn::MustEnrol => Err(AppError::MustEnrol.into()),
        SignedIn::CodeWrong | SignedIn::CodeNeeded(_) => Err(AppError::CodeRequired.into()),
    }
}

/// Revokes the token the request carries.
#[utoipa::path(post, path = "/api/v1/logout", operation_id = "logout", tag = "session",
    responses(
        (status = 204, description = "The token is revoked."),
    ))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<StatusCode> {
    let token = bearer(&headers)
        .map(str::to_owned)
        .ok_or(AppError::Unauthorized)?;
    let (t, times) = (token.clone(), state.settings.sessions());
    let known = state
        .db
        .read(move |conn| users::session_user(conn, &t, SessionKind::Api, &times))
        .await?;
    if known.is_none() {
        return Err(AppError::BadToken.into());
    }
    services::sessions::sign_out(&state.db, token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who the token belongs to.
#[derive(Serialize, ToSchema)]
#[schema(examples(json!({
    "id": 5, "name": "Aigerim N.", "email": "focal.kz@example.org", "role": "focal-point",
    "country": "KZ", "language": "ru", "second_factor": false, "second_factor_required": false
})))]
pub struct MeOut {
    id: i64,
    name: String,
    email: String,
    #[schema(schema_with = role_schema)]
    role: String,
    #[schema(schema_with = opt_country_schema, required = true)]
    country: Option<String>,
    /// The language of the person's mail and pages, once they chose one.
    #[schema(schema_with = opt_lang_schema, required = true)]
    language: Option<String>,
    /// Whether a second factor is enrolled.
    second_factor: bool,
    /// Whether this server requires one of this account (`JPOA_MFA`).
    second_factor_required: bool,
}

/// The signed-in account: role, country, language and second factor.
#[utoipa::path(get, path = "/api/v1/me", operation_id = "getMe", tag = "session",
    responses((status = 200, description = "The account.", body = MeOut)))]
pub async fn me(State(state): State<AppState>, ApiUser(user): ApiUser) -> Json<MeOut> {
    Json(MeOut {
        id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role().as_str().to_owned(),
        country: user.country().map(|c| c.code().to_owned()),
        language: user.lang.map(|l| l.code().to_owned()),
        second_factor: user.second_factor,
        second_factor_required: state.settings.mfa.covers(user.role()),
    })
}
