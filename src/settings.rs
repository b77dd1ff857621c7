//! Every tunable of the server in one place, read from flags and the
//! environment; the README's "Settings" table lists them. Defaults suit
//! one small server. Two may be secrets, the mail server's URL and the
//! metrics token: neither is ever printed or logged.

use std::time::Duration;

use crate::domain::Role;

/// Longer than any of these needs to be, and short enough that adding it
/// to a date never overflows.
const LONGEST: Duration = Duration::from_secs(10 * 366 * 86_400);

fn duration(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s.trim()).map_err(|e| e.to_string())?;
    if d.is_zero() {
        return Err("must be longer than zero".into());
    }
    if d > LONGEST {
        return Err("must be at most ten years".into());
    }
    Ok(d)
}

/// Who must have a second factor before using the tracker (`JPOA_MFA`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mfa {
    /// Administrators and reviewers: who creates accounts and accepts what
    /// donors cite.
    Staff,
    All,
    /// Nobody: for a closed test network only; the server warns at start.
    Off,
}

impl Mfa {
    /// Must an account of this role enrol before anything else?
    pub fn covers(self, role: Role) -> bool {
        match self {
            Mfa::Staff => matches!(role, Role::Admin | Role::Reviewer),
            Mfa::All => true,
            Mfa::Off => false,
        }
    }
}

/// Where mail goes: `smtp://HOST:PORT` (plain, a local relay),
/// `smtp+starttls://USER:PASS@HOST:587` or `smtps://USER:PASS@HOST:465`.
/// It may hold a password, so it never prints.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl(String);

impl SmtpUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The server's host and port, without any user or password.
    pub fn host(&self) -> String {
        let rest = self.0.split_once("://").map_or("", |(_, r)| r);
        let rest = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
        rest.split(['/', '?']).next().unwrap_or_default().to_owned()
    }
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SmtpUrl({})", self.host())
    }
}

impl SmtpUrl {
    /// Whether the URL can be used, in words that never repeat it (it may
    /// hold a password).
    pub fn check(&self) -> Result<(), String> {
        let scheme = self.0.split_once("://").map(|(k, _)| k);
        if !matches!(scheme, Some("smtp" | "smtp+starttls" | "smtps")) {
            return Err(
                "JPOA_SMTP_URL must start with smtp://, smtp+starttls:// or smtps://".into(),
            );
        }
        if self.host().is_empty() {
            return Err("JPOA_SMTP_URL names no host".into());
        }
        Ok(())
    }
}

/// The bearer token that opens `/metrics` to a client that is not on
/// loopback (`JPOA_METRICS_TOKEN`). A secret: it never prints.
#[derive(Clone, PartialEq, Eq)]
pub struct MetricsToken(String);

impl MetricsToken {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it can be used, in words that never repeat it: long enough
    /// not to be guessed, and plain visible ASCII, as a header carries it.
    pub fn check(&self) -> Result<(), String> {
        if self.0.len() < 16 || !self.0.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(
                "JPOA_METRICS_TOKEN must be at least 16 visible ASCII characters \
                 (e.g. from `openssl rand -hex 32`)"
                    .into(),
            );
        }
        Ok(())
    }
}

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken(…)")
    }
}

/// Taken as it is and checked by [`MetricsToken::check`] at start, so
/// that clap never repeats it in an error.
fn metrics_token(s: &str) -> Result<MetricsToken, String> {
    Ok(MetricsToken(s.trim().to_owned()))
}

/// How the server writes its log lines (`JPOA_LOG_FORMAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One line of text each, for a person at a console.
    Text,
    /// One JSON object per line, for a log collector: its fields at the
    /// top level, the request (`id`, `method`, `path`) in `spans`.
    Json,
}

/// Taken as it is and checked by [`SmtpUrl::check`] where it is used:
/// clap would repeat a refused value, password and all, in its error.
fn smtp_url(s: &str) -> Result<SmtpUrl, String> {
    Ok(SmtpUrl(s.trim().to_owned()))
}

#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct Settings {
    /// Where mail goes (see README); unset, mail waits in the outbox and
    /// shows in the app.
    #[arg(long, env = "JPOA_SMTP_URL", value_parser = smtp_url, hide_env_values = true)]
    pub smtp_url: Option<SmtpUrl>,
    /// The sender of every mail.
    #[arg(
        long,
        env = "JPOA_MAIL_FROM",
        default_value = "JPoA Tracker <tracker@localhost>"
    )]
    pub mail_from: String,
    /// How long after a failed delivery the first retry comes; each next
    /// one waits twice as long, up to an hour.
    #[arg(long, env = "JPOA_MAIL_RETRY", default_value = "30s", value_parser = duration)]
    pub mail_retry: Duration,
    /// How long a mail is retried before it is marked failed.
    #[arg(long, env = "JPOA_MAIL_GIVE_UP", default_value = "3d", value_parser = duration)]
    pub mail_give_up: Duration,
    /// How often the server looks for work of its own: mail due, digests.
    #[arg(long, env = "JPOA_JOBS_EVERY", default_value = "30s", value_parser = duration)]
    pub jobs_every: Duration,
    /// How long one delivery may take (connect, talk, send).
    #[arg(long, env = "JPOA_MAIL_TIMEOUT", default_value = "30s", value_parser = duration)]
    pub mail_timeout: Duration,
    /// Who must have a second factor (TOTP) before using any page but
    /// enrolment, the guides and sign-out.
    #[arg(long, env = "JPOA_MFA", value_enum, default_value_t = Mfa::Staff)]
    pub mfa: Mfa,
    /// Opens the public portal at /public (`JPOA_PUBLIC=1`): the dashboard,
    /// the commitments and their public accepted updates, without signing
    /// in. Off (`0` or unset): every /public address is not found.
    #[arg(long, env = "JPOA_PUBLIC", value_parser = clap::builder::BoolishValueParser::new())]
    pub public: bool,
    /// Database reader connections (the one writer comes on top).
    #[arg(long, env = "JPOA_READERS", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(1..=64))]
    pub readers: u32,
    /// Concurrent writes committed together, at most.
    #[arg(long, env = "JPOA_WRITE_GROUP", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub write_group: u32,
    /// How long a request may take to be read and answered once its headers
    /// are in (a streamed report's body may take longer); past it the client
    /// gets 408.
    #[arg(long, env = "JPOA_REQUEST_TIMEOUT", default_value = "60s", value_parser = duration)]
    pub request_timeout: Duration,
    /// How long a client may take to send a request's line and headers,
    /// from their first byte; past it the connection is closed.
    #[arg(long, env = "JPOA_HEADER_TIMEOUT", default_value = "10s", value_parser = duration)]
    pub header_timeout: Duration,
    /// How long an open connection may wait for the first byte of a request
    /// (a new connection, or a kept-alive one between requests); past it
    /// the connection is closed. Above the 60 s that nginx keeps idle
    /// connections to a server, so that the proxy closes them first.
    #[arg(long, env = "JPOA_IDLE_TIMEOUT", default_value = "75s", value_parser = duration)]
    pub idle_timeout: Duration,
    /// Largest form or JSON body, in bytes (a Cyrillic character is six
    /// bytes in a form); past it 413.
    #[arg(long, env = "JPOA_BODY_LIMIT", default_value_t = 256 * 1024,
          value_parser = clap::value_parser!(u64).range(16 * 1024..=64 * 1024 * 1024))]
    pub body_limit: u64,
    /// Largest CSV file an administrator uploads at /admin/import, in bytes.
    #[arg(long, env = "JPOA_UPLOAD_LIMIT", default_value_t = 2 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(64 * 1024..=512 * 1024 * 1024))]
    pub upload_limit: u64,
    /// A browser session ends this long after sign-in…
    #[arg(long, env = "JPOA_SESSION_LIFETIME", default_value = "12h", value_parser = duration)]
    pub session_lifetime: Duration,
    /// …or after this long without a request.
    #[arg(long, env = "JPOA_SESSION_IDLE", default_value = "1h", value_parser = duration)]
    pub session_idle: Duration,
    /// An API token ends this long after it was issued…
    #[arg(long, env = "JPOA_TOKEN_LIFETIME", default_value = "30d", value_parser = duration)]
    pub token_lifetime: Duration,
    /// …or after this long unused.
    #[arg(long, env = "JPOA_TOKEN_IDLE", default_value = "7d", value_parser = duration)]
    pub token_idle: Duration,
    /// How often a session's last use is written down (each write is a commit).
    #[arg(long, env = "JPOA_SESSION_TOUCH", default_value = "1m", value_parser = duration)]
    pub session_touch: Duration,
    /// How long an invitation or a new-password link stays valid.
    #[arg(long, env = "JPOA_INVITE_LIFETIME", default_value = "7d", value_parser = duration)]
    pub invite_lifetime: Duration,
    /// How long the first administrator's setup link stays valid.
    #[arg(long, env = "JPOA_SETUP_LIFETIME", default_value = "24h", value_parser = duration)]
    pub setup_lifetime: Duration,
    /// Failed sign-ins one account may have at once before it is slowed…
    #[arg(long, env = "JPOA_ACCOUNT_BURST", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub account_burst: u32,
    /// …and then one more each this long.
    #[arg(long, env = "JPOA_ACCOUNT_EVERY", default_value = "30s", value_parser = duration)]
    pub account_every: Duration,
    /// Failed sign-ins one client address may have at once…
    #[arg(long, env = "JPOA_ADDRESS_BURST", default_value_t = 50,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub address_burst: u32,
    /// …and then one more each this long.
    #[arg(long, env = "JPOA_ADDRESS_EVERY", default_value = "2s", value_parser = duration)]
    pub address_every: Duration,
    /// Accounts and addresses the sign-in throttle remembers at once.
    #[arg(long, env = "JPOA_THROTTLE_KEYS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u32).range(100..=10_000_000))]
    pub throttle_keys: u32,
    /// Dashboard figures kept until the record changes (per day and filter).
    #[arg(long, env = "JPOA_KEPT_DASHBOARDS", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub kept_dashboards: u32,
    /// Filtered commitment lists kept.
    #[arg(long, env = "JPOA_KEPT_LISTS", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub kept_lists: u32,
    /// Commitment pages kept (per viewer).
    #[arg(long, env = "JPOA_KEPT_PAGES", default_value_t = 256,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub kept_pages: u32,
    /// Sessions and people's counts kept.
    #[arg(long, env = "JPOA_KEPT_PEOPLE", default_value_t = 4096,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub kept_people: u32,
    /// Passwords checked or hashed at once (argon2id, 19 MiB each); more
    /// wait for a turn.
    #[arg(long, env = "JPOA_PASSWORD_CHECKS", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..=256))]
    pub password_checks: u32,
    /// How long a sign-in or password change waits for a turn; past it 503.
    #[arg(long, env = "JPOA_PASSWORD_WAIT", default_value = "5s", value_parser = duration)]
    pub password_wait: Duration,
    /// XLSX files (and snapshot files) built at once; one more gets 503 at once.
    #[arg(long, env = "JPOA_XLSX_BUILDS", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..=64))]
    pub xlsx_builds: u32,
    /// A download whose client reads nothing for this long is cut, and its
    /// database read ends.
    #[arg(long, env = "JPOA_DOWNLOAD_STALL", default_value = "30s", value_parser = duration)]
    pub download_stall: Duration,
    /// Bearer token that opens /metrics to clients not on loopback; unset,
    /// /metrics answers loopback clients only.
    #[arg(long, env = "JPOA_METRICS_TOKEN", value_parser = metrics_token, hide_env_values = true)]
    pub metrics_token: Option<MetricsToken>,
    /// How log lines are written: text, or json (one object per line).
    #[arg(long, env = "JPOA_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How long sessions and API tokens live, from [`Settings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionTimes {
    pub session_lifetime: Duration,
    pub session_idle: Duration,
    pub token_lifetime: Duration,
    pub token_idle: Duration,
    pub touch: Duration,
}

impl Default for SessionTimes {
    fn default() -> SessionTimes {
        Settings::defaults().sessions()
    }
}

/// Reads the settings alone, for `Default` and tests.
#[derive(clap::Parser)]
struct Only {
    #[command(flatten)]
    settings: Settings,
}

impl Settings {
    /// The settings from these flags, with the environment and defaults
    /// behind them.
    pub fn from_args<I, T>(args: I) -> Result<Settings, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::Parser;
        Only::try_parse_from(
            std::iter::once("settings".into()).chain(args.into_iter().map(Into::into)),
        )
        .map(|o| o.settings)
    }

    pub fn sessions(&self) -> SessionTimes {
        SessionTimes {
            session_lifetime: self.session_lifetime,
            session_idle: self.session_idle,
            token_lifetime: self.token_lifetime,
            token_idle: self.token_idle,
            touch: self.session_touch,
        }
    }

    /// The defaults of the table, whatever the environment says: what tests
    /// and tools that build an app of their own start from.
    pub fn defaults() -> Settings {
        Settings {
            smtp_url: None,
            mail_from: "JPoA Tracker <tracker@localhost>".into(),
            mail_retry: Duration::from_secs(30),
            mail_give_up: Duration::from_secs(3 * 86_400),
            mail_timeout: Duration::from_secs(30),
            jobs_every: Duration::from_secs(30),
            mfa: Mfa::Staff,
            public: false,
            readers: 4,
            write_group: 64,
            request_timeout: Duration::from_secs(60),
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(75),
            body_limit: 256 * 1024,
            upload_limit: 2 * 1024 * 1024,
            session_lifetime: Duration::from_secs(12 * 3600),
            session_idle: Duration::from_secs(3600),
            token_lifetime: Duration::from_secs(30 * 86_400),
            token_idle: Duration::from_secs(7 * 86_400),
            session_touch: Duration::from_secs(60),
            invite_lifetime: Duration::from_secs(7 * 86_400),
            setup_lifetime: Duration::from_secs(86_400),
            account_burst: 10,
            account_every: Duration::from_secs(30),
            address_burst: 50,
            address_every: Duration::from_secs(2),
            throttle_keys: 10_000,
            kept_dashboards: 16,
            kept_lists: 64,
            kept_pages: 256,
            kept_people: 4096,
            password_checks: 2,
            password_wait: Duration::from_secs(5),
            xlsx_builds: 2,
            download_stall: Duration::from_secs(30),
            metrics_token: None,
            log_format: LogFormat::Text,
        }
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings::defaults()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flags_defaults_are_the_documented_defaults() {
        // Run without any JPOA_ setting in the environment, as CI does (its
        // JPOA_REQUIRE_ variables are not settings).
        if std::env::vars().any(|(k, _)| k.starts_with("JPOA_") && !k.starts_with("JPOA_REQUIRE_"))
        {
            return;
        }
        assert_eq!(
            Settings::from_args(Vec::<String>::new()).unwrap(),
            Settings::defaults()
        );
    }

    #[test]
    fn flags_are_checked() {
        let s = Settings::from_args(["--readers", "8", "--session-idle", "90m"]).unwrap();
        assert_eq!((s.readers, s.session_idle), (8, Duration::from_secs(5400)));
        assert!(Settings::from_args(["--readers", "0"]).is_err());
        assert!(Settings::from_args(["--session-idle", "0s"]).is_err());
        assert!(Settings::from_args(["--session-idle", "soon"]).is_err());
        assert!(Settings::from_args(["--session-lifetime", "1000000years"]).is_err());
        assert_eq!(Settings::from_args(["--mfa", "all"]).unwrap().mfa, Mfa::All);
        assert!(Settings::from_args(["--mfa", "none"]).is_err());
        let s =
            Settings::from_args(["--smtp-url", "smtps://u:secret@mail.example.org:465"]).unwrap();
        let url = s.smtp_url.unwrap();
        assert_eq!(url.host(), "mail.example.org:465");
        assert!(!format!("{url:?}").contains("secret"));
        let bad = Settings::from_args(["--smtp-url", "http://u:secret@mail.example.org"]).unwrap();
        let refused = bad.smtp_url.unwrap().check().unwrap_err();
        assert!(!refused.contains("secret"), "{refused}");
        assert!(url.check().is_ok());
        let s = Settings::from_args(["--password-checks", "2", "--download-stall", "5s"]).unwrap();
        assert_eq!(
            (s.password_checks, s.download_stall),
            (2, Duration::from_secs(5))
        );
        assert!(Settings::from_args(["--password-checks", "0"]).is_err());
        assert!(Settings::from_args(["--xlsx-builds", "0"]).is_err());
        assert!(Settings::from_args(["--password-wait", "0s"]).is_err());
        assert!(Settings::from_args(["--public"]).unwrap().public);
        let s = Settings::from_args([
            "--metrics-token",
            "s3cret-s3cret-s3cret",
            "--log-format",
            "json",
        ])
        .unwrap();
        assert_eq!(s.log_format, LogFormat::Json);
        let token = s.metrics_token.unwrap();
        assert!(token.check().is_ok());
        assert!(!format!("{token:?}").contains("s3cret"));
        let short = Settings::from_args(["--metrics-token", "s3cret"]).unwrap();
        let refused = short.metrics_token.unwrap().check().unwrap_err();
        assert!(!refused.contains("s3cret"), "{refused}");
        assert!(Settings::from_args(["--log-format", "xml"]).is_err());
    }
}
