//! Accounts, sessions and one-time password links.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::auth::secret;
use crate::db::{OptionalRow, on_unique, parsed, parsed_opt};
use crate::domain::{
    Access, BadField, Country, Email, Invalid, Lang, Msg, PersonName, Role, User, now_utc,
};
use crate::error::{AppError, AppResult};
use crate::settings::SessionTimes;

#[derive(Debug, Clone)]
pub struct Account {
    pub user: User,
    pub active: bool,
    pub is_demo: bool,
    pub created_at: String,
    pub has_password: bool,
    /// Goes up by one at each change, so a form read at an older version is refused.
    pub version: i64,
}

/// The person of a row with the columns `id`, `email`, `name`, `role`,
/// `country`, `lang` and `second_factor` ([`HAS_SECOND_FACTOR`]); a role and country that do not go together are an
/// error, never a guess.
fn user_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: Role = parsed(r, "role")?;
    let country: Option<Country> = parsed_opt(r, "country")?;
    let access = Access::new(role, country).map_err(|e| {
        let at = r.as_ref().column_index("country").unwrap_or(0);
        rusqlite::Error::FromSqlConversionFailure(at, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(User {
        id: r.get("id")?,
        email: r.get("email")?,
        name: r.get("name")?,
        access,
        lang: parsed_opt(r, "lang")?,
        second_factor: r.get("second_factor")?,
    })
}

/// The `second_factor` column of a query on `users u`: a confirmed factor.
const HAS_SECOND_FACTOR: &str = "EXISTS (SELECT 1 FROM second_factors f
     WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL) AS second_factor";

const ACCOUNT_COLUMNS: &str = "id, email, name, role, country, lang, active, is_demo, created_at,
     password_hash <> '' AS has_password, version";

fn account_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        user: user_from_row(r)?,
        active: r.get("active")?,
        is_demo: r.get("is_demo")?,
        created_at: r.get("created_at")?,
        has_password: r.get("has_password")?,
        version: r.get("version")?,
    })
}

pub struct NewUser {
    pub email: Email,
    pub name: PersonName,
    pub access: Access,
    pub is_demo: bool,
}

impl NewUser {
    /// A focal point needs a country and nobody else may have one
    /// ([`Access::new`]).
    pub fn new(
        email: Email,
        name: PersonName,
        role: Role,
        country: Option<Country>,
    ) -> Result<NewUser, BadField> {
        Ok(NewUser {
            email,
            name,
            access: Access::new(role, country).map_err(|e| e.at("country"))?,
            is_demo: false,
        })
    }

    pub fn role(&self) -> Role {
        self.access.role()
    }

    pub fn country(&self) -> Option<Country> {
        self.access.country()
    }
}

/// Creates an account. `password_hash` may be empty: such an account cannot
/// sign in until its owner sets a password through a one-time link.
pub fn create(tx: &Transaction, u: &NewUser, password_hash: &str) -> AppResult<i64> {
    on_unique(
        tx.execute(
            "INSERT INTO users (email, name, role, country, password_hash, is_demo, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                u.email.as_str(),
                u.name.as_str(),
                u.role().as_str(),
                u.country().map(|c| c.code()),
                password_hash,
                u.is_demo,
                now_utc()
            ],
        ),
        "email",
        Msg::new("err-email-taken"),
    )?;
    Ok(tx.last_insert_rowid())
}

/// The stored hash of an active account, for sign-in.
pub fn credentials(conn: &Connection, email: &str) -> AppResult<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, password_hash FROM users WHERE email = ?1 AND active = 1",
            [email.trim().to_lowercase()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The account with this address, active or not.
pub fn id_by_email(conn: &Connection, email: &str) -> AppResult<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM users WHERE email = ?1",
            [email.trim().to_lowercase()],
            |r| r.get(0),
        )
        .optional()?)
}

/// A new password ends every session and token of the account.
pub fn set_password(tx: &Transaction, user_id: i64, hash: &str) -> AppResult<()> {
    tx.execute(
        "UPDATE users SET password_hash = ?2 WHERE id = ?1",
        params![user_id, hash],
    )?;
    end_sessions(tx, user_id).map(drop)
}

pub fn list(conn: &Connection) -> AppResult<Vec<Account>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ACCOUNT_COLUMNS}, {HAS_SECOND_FACTOR} FROM users u ORDER BY active DESC, role, country, name"
    ))?;
    let rows = stmt.query_map([], account_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: i64) -> AppResult<Account> {
    conn.query_row(
        &format!("SELECT {ACCOUNT_COLUMNS}, {HAS_SECOND_FACTOR} FROM users u WHERE id = ?1"),
        [id],
        account_from_row,
    )
    .or_not_found()
}

fn stale() -> AppError {
    AppError::Conflict(Msg::new("err-account-stale"))
}

/// Saves who a person is and what they may do, from a form read at
/// `version`; a stale form gets 409 and changes nothing. Gives the account
/// as it was.
pub fn update(tx: &Transaction, id: i64, version: i64, change: &NewUser) -> AppResult<Account> {
    let before = get(tx, id)?;
    if before.version != version {
        return Err(stale());
    }
    let changed = on_unique(
        tx.execute(
            "UPDATE users SET email = ?3, name = ?4, role = ?5, country = ?6, version = version + 1
             WHERE id = ?1 AND version = ?2",
            params![
                id,
                version,
                change.email.as_str(),
                change.name.as_str(),
                change.role().as_str(),
                change.country().map(|c| c.code())
            ],
        ),
        "email",
        Msg::new("err-email-taken"),
    )?;
    if changed != 1 {
        return Err(stale());
    }
    Ok(before)
}

/// Deactivating an account ends all its sessions and tokens in the same
/// transaction, so it loses access at once. The form was read at `version`.
/// Gives whether it was active before.
pub fn set_active(tx: &Transaction, id: i64, version: i64, active: bool) -> AppResult<bool> {
    let before = get(tx, id)?;
    if before.version != version {
        return Err(stale());
    }
    tx.execute(
        "UPDATE users SET active = ?2, version = version + 1 WHERE id = ?1",
        params![id, active],
    )?;
    if !active {
        end_sessions(tx, id)?;
        tx.execute("DELETE FROM password_tokens WHERE user_id = ?1", [id])?;
    }
    Ok(before.active)
}

/// Remembers the interface language the person chose.
pub fn set_lang(tx: &Transaction, user_id: i64, lang: Lang) -> AppResult<()> {
    tx.execute(
        "UPDATE users SET lang = ?2 WHERE id = ?1",
        params![user_id, lang.code()],
    )?;
    Ok(())
}

/// Ends every session and token of the account; gives how many there were.
pub fn end_sessions(tx: &Transaction, user_id: i64) -> AppResult<usize> {
    Ok(tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])?)
}

pub fn active_admins(conn: &Connection) -> AppResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1 AND password_hash <> ''",
        [],
        |r| r.get(0),
    )?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionKind {
    Cookie,
    Api,
}

impl std::str::FromStr for SessionKind {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        [SessionKind::Cookie, SessionKind::Api]
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Invalid::new(format!("unknown session kind '{s}'")))
    }
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Cookie => "cookie",
            SessionKind::Api => "api",
        }
    }

    /// The absolute lifetime, however busy the session is.
    pub fn lifetime(self, times: &SessionTimes) -> chrono::Duration {
        span(match self {
            SessionKind::Cookie => times.session_lifetime,
            SessionKind::Api => times.token_lifetime,
        })
    }

    /// How long a session lives without a request.
    pub fn idle(self, times: &SessionTimes) -> chrono::Duration {
        span(match self {
            SessionKind::Cookie => times.session_idle,
            SessionKind::Api => times.token_idle,
        })
    }
}

pub(crate) fn span(d: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

pub(crate) fn timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format(crate::domain::TIMESTAMP_FORMAT).to_string()
}

/// How many hex digits of a session's hash name it to its owner.
const SESSION_ID_LEN: usize = 16;

/// A session as its owner names it on the account page: the first
/// [`SESSION_ID_LEN`] hex digits of the stored hash of its secret. Knowing
/// it lets nobody in; ending a session by it is checked against its account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionId(String);

impl SessionId {
    /// The id of the session this secret opens.
    pub fn of_token(token: &str) -> SessionId {
        let mut hash = secret::hash(token);
        hash.truncate(SESSION_ID_LEN);
        SessionId(hash)
    }

    /// An id as written in a path; anything else names no session.
    pub fn parse(s: &str) -> Option<SessionId> {
        let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        (s.len() == SESSION_ID_LEN && s.bytes().all(hex)).then(|| SessionId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Starts a session from the client address `from` and returns its secret;
/// only its hash is stored. Sessions past their time go at the same moment.
pub fn start_session(
    tx: &Transaction,
    user_id: i64,
    kind: SessionKind,
    from: std::net::IpAddr,
    times: &SessionTimes,
) -> AppResult<String> {
    let token = secret::new_token();
    let now = chrono::Utc::now();
    tx.execute(
        "INSERT INTO sessions
             (token_hash, user_id, kind, created_at, expires_at, last_seen_at, address)
         VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?6)",
        params![
            secret::hash(&token),
            user_id,
            kind.as_str(),
            timestamp(now),
            timestamp(now + kind.lifetime(times)),
            from.to_string()
        ],
    )?;
    tx.execute(
        "DELETE FROM sessions
         WHERE expires_at < ?1 OR (kind = 'cookie' AND last_seen_at < ?2)
            OR (kind = 'api' AND last_seen_at < ?3)",
        params![
            timestamp(now),
            timestamp(now - SessionKind::Cookie.idle(times)),
            timestamp(now - SessionKind::Api.idle(times))
        ],
    )?;
    Ok(token)
}

/// A session of an active account as stored, before its times are checked.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    expires_at: String,
    last_seen_at: String,
}

impl Session {
    /// The user, if the session is live at `now` (before its absolute end
    /// and within its idle time), and whether its last-seen time is due to
    /// be written ([`touch_session`]).
    pub fn live(
        &self,
        kind: SessionKind,
        now: chrono::DateTime<chrono::Utc>,
        times: &SessionTimes,
    ) -> Option<(User, bool)> {
        let live = is_live(&self.expires_at, &self.last_seen_at, kind, now, times);
        // The last-seen time is written once per `touch`, not at every request.
        live.then(|| {
            (
                self.user.clone(),
                self.last_seen_at < timestamp(now - span(times.touch)),
            )
        })
    }
}

/// Whether a session with these stored times is before its absolute end
/// and within its idle time at `now`.
fn is_live(
    expires_at: &str,
    last_seen_at: &str,
    kind: SessionKind,
    now: chrono::DateTime<chrono::Utc>,
    times: &SessionTimes,
) -> bool {
    // Stored times are `timestamp`s: text order is time order.
    expires_at > timestamp(now).as_str()
        && last_seen_at > timestamp(now - kind.idle(times)).as_str()
}

/// A live session or API token of an account, as its owner sees it.
#[derive(Debug, Clone)]
pub struct OpenSession {
    pub id: SessionId,
    pub kind: SessionKind,
    pub started_at: String,
    /// Written down once per `session_touch`, so as late as that.
    pub last_seen_at: String,
    /// The client address it was started from; none for sessions started
    /// before addresses were kept.
    pub address: Option<String>,
}

/// The live sessions and tokens of an account, the last used first.
pub fn open_sessions(
    conn: &Connection,
    user_id: i64,
    times: &SessionTimes,
) -> AppResult<Vec<OpenSession>> {
    let now = chrono::Utc::now();
    let mut stmt = conn.prepare(
        "SELECT token_hash, kind, created_at, expires_at, last_seen_at, address
         FROM sessions WHERE user_id = ?1
         ORDER BY last_seen_at DESC, created_at DESC",
    )?;
    let rows = stmt.query_map([user_id], |r| {
        let mut id: String = r.get("token_hash")?;
        id.truncate(SESSION_ID_LEN);
        let session = OpenSession {
            id: SessionId(id),
            kind: parsed(r, "kind")?,
            started_at: r.get("created_at")?,
            last_seen_at: r.get("last_seen_at")?,
            address: r.get("address")?,
        };
        let expires_at: String = r.get("expires_at")?;
        Ok((session, expires_at))
    })?;
    let mut open = Vec::new();
    for row in rows {
        let (s, expires_at) = row?;
        if is_live(&expires_at, &s.last_seen_at, s.kind, now, times) {
            open.push(s);
        }
    }
    Ok(open)
}

/// Ends the session `id` of the account `user_id` only; gives its kind, or
/// `None` when the account has no such session.
pub fn end_session_of(
    tx: &Transaction,
    user_id: i64,
    id: &SessionId,
) -> AppResult<Option<SessionKind>> {
    let mut stmt = tx.prepare(
        "DELETE FROM sessions WHERE user_id = ?1 AND substr(token_hash, 1, length(?2)) = ?2
         RETURNING kind",
    )?;
    let kinds = stmt.query_map(params![user_id, id.as_str()], |r| {
        parsed::<SessionKind>(r, "kind")
    })?;
    let mut ended = None;
    for kind in kinds {
        ended = Some(kind?);
    }
    Ok(ended)
}

/// The stored session of an active account with this secret's hash, if any.
pub fn session(
    conn: &Connection,
    token_hash: &str,
    kind: SessionKind,
) -> AppResult<Option<Session>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT u.id, u.email, u.name, u.role, u.country, u.lang, s.expires_at, s.last_seen_at,
             {HAS_SECOND_FACTOR}
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ?1 AND s.kind = ?2 AND u.active = 1"
    ))?;
    Ok(stmt
        .query_row(params![token_hash, kind.as_str()], |r| {
            Ok(Session {
                user: user_from_row(r)?,
                expires_at: r.get("expires_at")?,
                last_seen_at: r.get("last_seen_at")?,
            })
        })
        .optional()?)
}

/// The active user holding a live session with this secret, if any, and
/// whether its last-seen time is due to be written ([`touch_session`]).
pub fn session_user(
    conn: &Connection,
    token: &str,
    kind: SessionKind,
    times: &SessionTimes,
) -> AppResult<Option<(User, bool)>> {
    Ok(session(conn, &secret::hash(token), kind)?
        .and_then(|s| s.live(kind, chrono::Utc::now(), times)))
}

/// Records that the session was used now, which restarts its idle time.
pub fn touch_session(tx: &Transaction, token: &str) -> AppResult<()> {
    tx.execute(
        "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
        params![secret::hash(token), now_utc()],
    )?;
    Ok(())
}

/// Ends the session this secret opens; gives its account and kind, or
/// `None` when there was no such session.
pub fn end_session(tx: &Transaction, token: &str) -> AppResult<Option<(i64, SessionKind)>> {
    Ok(tx
        .query_row(
            "DELETE FROM sessions WHERE token_hash = ?1 RETURNING user_id, kind",
            [secret::hash(token)],
            |r| Ok((r.get("user_id")?, parsed(r, "kind")?)),
        )
        .optional()?)
}

/// A one-time link secret: `user_id` None creates the first administrator.
pub fn new_password_token(
    tx: &Transaction,
    user_id: Option<i64>,
    valid_for: std::time::Duration,
) -> AppResult<String> {
    if user_id.is_none() {
        // Only the newest setup link works.
        tx.execute("DELETE FROM password_tokens WHERE user_id IS NULL", [])?;
    } else {
        tx.execute("DELETE FROM password_tokens WHERE user_id = ?1", [user_id])?;
    }
    insert_password_token(tx, user_id, valid_for)
}

/// Stores a fresh link's hash; gives the link's secret.
fn insert_password_token(
    tx: &Transaction,
    user_id: Option<i64>,
    valid_for: std::time::Duration,
) -> AppResult<String> {
    let token = secret::new_token();
    tx.execute(
        "INSERT INTO password_tokens (token_hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
        params![
            secret::hash(&token),
            user_id,
            timestamp(chrono::Utc::now() + span(valid_for))
        ],
    )?;
    Ok(token)
}

/// One more one-time link for account `user_id`, beside any it has (an
/// invitation, a link an administrator issued): "Forgot your password?".
pub fn add_password_token(
    tx: &Transaction,
    user_id: i64,
    valid_for: std::time::Duration,
) -> AppResult<String> {
    insert_password_token(tx, Some(user_id), valid_for)
}

/// Looks a link up without using it: `Some(None)` is a setup link,
/// `Some(Some(id))` an invitation for that account.
pub fn password_token(conn: &Connection, token: &str) -> AppResult<Option<Option<i64>>> {
    Ok(conn
        .query_row(
            "SELECT user_id FROM password_tokens WHERE token_hash = ?1 AND expires_at > ?2",
            params![secret::hash(token), now_utc()],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn use_password_token(tx: &Transaction, token: &str) -> AppResult<Option<i64>> {
    let found = tx
        .query_row(
            "DELETE FROM password_tokens WHERE token_hash = ?1 AND expires_at > ?2 RETURNING user_id",
            params![secret::hash(token), now_utc()],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?;
    found.ok_or_else(|| AppError::forbidden(Msg::new("err-link-expired")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(
        expires: chrono::Duration,
        seen: chrono::Duration,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Session {
        Session {
            user: User {
                id: 1,
                email: "a@example.org".into(),
                name: "A".into(),
                access: Access::Donor,
                lang: None,
                second_factor: false,
            },
            expires_at: timestamp(now + expires),
            last_seen_at: timestamp(now - seen),
        }
    }

    #[test]
    fn a_session_id_is_a_short_prefix_of_the_hash_never_the_secret() {
        let token = secret::new_token();
        let id = SessionId::of_token(&token);
        assert!(secret::hash(&token).starts_with(id.as_str()));
        assert!(!token.contains(id.as_str()));
        assert_eq!(SessionId::parse(id.as_str()), Some(id));
        for bad in [
            "",
            "0123456789abcde",
            "0123456789ABCDEF",
            "0123456789abcdefa",
            "g123456789abcdef",
        ] {
            assert_eq!(SessionId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_kept_session_is_checked_against_the_clock_at_each_use() {
        let now = chrono::Utc::now();
        let h = chrono::Duration::hours;
        let m = chrono::Duration::minutes;
        let times = SessionTimes::default();
        let live = |s: Session, kind| s.live(kind, now, &times).map(|(_, stale)| stale);
        assert_eq!(
            live(
                stored(h(5), chrono::Duration::seconds(10), now),
                SessionKind::Cookie
            ),
            Some(false)
        );
        assert_eq!(
            live(stored(h(5), m(2), now), SessionKind::Cookie),
            Some(true),
            "due a touch"
        );
        assert_eq!(
            live(stored(h(5), m(61), now), SessionKind::Cookie),
            None,
            "idle too long"
        );
        assert_eq!(
            live(stored(h(5), m(61), now), SessionKind::Api),
            Some(true),
            "tokens idle longer"
        );
        assert_eq!(
            live(stored(-m(1), m(0), now), SessionKind::Api),
            None,
            "past its end"
        );
    }
}
