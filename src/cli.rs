//! The command line of CONTRACT.md. Every command exits 0 on success and
//! otherwise prints one line saying why on standard error.

mod check;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};

use crate::db::audit::Actor;
use crate::db::{self, Db, users};
use crate::domain::{Country, Email, Password, PersonName, Role};
use crate::error::AppError;
use crate::reports::{Report, ReportQuery};

#[derive(Parser)]
#[command(
    name = "jpoa-tracker",
    version,
    about = "Tracks the Central Asia Joint Plan of Action: commitments, progress, reports"
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// With no command: serve, with these options.
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Args, Clone)]
struct DbArg {
    /// The SQLite database file.
    #[arg(long, env = "JPOA_DB", default_value = "data/jpoa.db")]
    db: PathBuf,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArg,
    /// Address to listen on.
    #[arg(long, env = "JPOA_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// Also load example accounts (one per role) and example progress, marked as demo.
    #[arg(long)]
    demo: bool,
    /// The address people use to reach the tracker behind a proxy, e.g.
    /// https://tracker.example.org: used in the links it hands out, and an
    /// https address marks the session cookie Secure.
    #[arg(long, env = "JPOA_BASE_URL")]
    base_url: Option<String>,
    #[command(flatten)]
    settings: crate::settings::Settings,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default).
    Serve(ServeArgs),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Load data from files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write a report as CSV: commitments, progress, status-matrix or timeline.
    Export(ExportArgs),
    /// Add synthetic progress updates (and commitments) for load and scale tests.
    DemoData(DemoDataArgs),
    /// Make a consistent copy of the database, also while the server runs.
    Backup(BackupArgs),
    /// Print the reports that are overdue or due, by country, for mailing out.
    Due(DueArgs),
    /// Check the mail settings.
    #[command(subcommand)]
    Mail(MailCommand),
    /// Check the database (integrity, schema version) and the settings of a
    /// deployment, without changing anything; exit 0 only when all is well.
    Check(check::CheckArgs),
}

#[derive(Subcommand)]
enum MailCommand {
    /// Send one mail straight through JPOA_SMTP_URL (not the outbox) and
    /// say what the mail server answered.
    Test(MailTestArgs),
}

#[derive(Args)]
struct MailTestArgs {
    /// Where the test mail goes.
    #[arg(long)]
    to: String,
    #[command(flatten)]
    settings: crate::settings::Settings,
}

#[derive(Args)]
struct DueArgs {
    #[command(flatten)]
    db: DbArg,
    /// One state (ISO2) or REG; all by default.
    #[arg(long)]
    country: Option<String>,
    /// One pillar (1-4); all by default.
    #[arg(long)]
    pillar: Option<String>,
    /// The day to look from (YYYY-MM-DD); today by default.
    #[arg(long, alias = "as_of")]
    as_of: Option<String>,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from standard input (one line).
    Add(UserAddArgs),
    /// Create an account with no password and mail its owner a one-time
    /// link to choose one (through the outbox, sent by the running server).
    Invite(UserInviteArgs),
    /// Give an account a TOTP second factor and print its otpauth:// URI,
    /// once, to pass to its owner; with --reset, remove it (a lost phone).
    Mfa(UserMfaArgs),
}

#[derive(Args)]
struct UserInviteArgs {
    #[command(flatten)]
    who: UserAddArgs,
    /// The address people reach the tracker at, for the link in the mail.
    #[arg(long, env = "JPOA_BASE_URL", default_value = "http://127.0.0.1:8080")]
    base_url: String,
    /// How long the link works.
    #[arg(long, env = "JPOA_INVITE_LIFETIME", default_value = "7d", value_parser = humantime::parse_duration)]
    invite_lifetime: std::time::Duration,
}

#[derive(Args)]
struct UserMfaArgs {
    #[command(flatten)]
    db: DbArg,
    #[arg(long)]
    email: String,
    /// Remove the account's second factor and end its sessions; its owner
    /// enrols again at the next sign-in.
    #[arg(long)]
    reset: bool,
}

#[derive(Args)]
struct UserAddArgs {
    #[command(flatten)]
    db: DbArg,
    #[arg(long)]
    email: String,
    #[arg(long)]
    name: String,
    /// admin, reviewer, focal-point or donor.
    #[arg(long)]
    role: String,
    /// ISO 3166-1 alpha-2 code of the focal point's state.
    #[arg(long)]
    country: Option<String>,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Load or update commitments and their tracks from CSV (all or nothing).
    Commitments {
        file: PathBuf,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Args)]
struct ExportArgs {
    /// commitments, progress, status-matrix or timeline.
    report: String,
    #[command(flatten)]
    db: DbArg,
    /// Output file; by default a dated file under exports/.
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long)]
    pillar: Option<String>,
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    theme: Option<String>,
    #[arg(long)]
    status: Option<String>,
    /// First period counted (YYYY, YYYY-H1 or YYYY-H2).
    #[arg(long)]
    from: Option<String>,
    /// Last period counted.
    #[arg(long)]
    to: Option<String>,
    /// The record as it stood at the end of this day (YYYY-MM-DD).
    #[arg(long, alias = "as_of")]
    as_of: Option<String>,
    /// csv or xlsx; by default taken from --out's extension, else csv.
    #[arg(long)]
    format: Option<String>,
    /// Field separator of CSV: comma (default) or semicolon.
    #[arg(long)]
    sep: Option<String>,
    /// Language of the name columns: en (default) or ru.
    #[arg(long)]
    lang: Option<String>,
}

#[derive(Args)]
struct DemoDataArgs {
    #[command(flatten)]
    db: DbArg,
    /// Synthetic progress updates to add, over all tracks and 2022–2031.
    #[arg(long)]
    updates: u64,
    /// Synthetic commitments to add first, each tracked by the five states
    /// (and one in four regionally), so that large runs look like many plans.
    #[arg(long, default_value_t = 0)]
    commitments: u64,
    /// The same seed on the same database gives the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(Args)]
struct BackupArgs {
    #[command(flatten)]
    db: DbArg,
    #[arg(long)]
    to: PathBuf,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            // One line, as for every other failure; `--help` has the rest.
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("invalid arguments");
            eprintln!("jpoa-tracker: {}", first.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init_logs(log_format(&cli));
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let msg = format!("{e:#}").replace('\n', " ");
            crate::telemetry::failed(&msg);
            match e.downcast_ref::<check::Problems>() {
                Some(problems) => ExitCode::from(problems.exit_code()),
                None => ExitCode::FAILURE,
            }
        }
    }
}

/// `--log-format` of the command that has it, else `JPOA_LOG_FORMAT` as
/// the bare command's settings read it.
fn log_format(cli: &Cli) -> crate::settings::LogFormat {
    match &cli.command {
        Some(Command::Serve(a)) => a.settings.log_format,
        Some(Command::Mail(MailCommand::Test(a))) => a.settings.log_format,
        Some(Command::Check(a)) => a.settings().log_format,
        _ => cli.serve.settings.log_format,
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve(cli.serve));
    match command {
        Command::Serve(a) => {
            runtime()?.block_on(crate::server::serve(crate::server::ServeOptions {
                db: &a.db.db,
                addr: &a.addr,
                demo: a.demo,
                base_url: a.base_url.as_deref(),
                settings: a.settings.clone(),
            }))
        }
        Command::User(UserCommand::Add(a)) => user_add(a),
        Command::User(UserCommand::Mfa(a)) => user_mfa(a),
        Command::User(UserCommand::Invite(a)) => user_invite(a),
        Command::Mail(MailCommand::Test(a)) => {
            let host = runtime()?.block_on(crate::mailer::send_test(&a.settings, &a.to))?;
            println!("sent a test mail to {} through {host}", a.to.trim());
            Ok(())
        }
        Command::Import(ImportCommand::Commitments { file, db }) => import(&file, &db.db),
        Command::Export(a) => export(a),
        Command::DemoData(a) => {
            let added = crate::synthetic::demo_data(
                &a.db.db,
                crate::synthetic::Spec {
                    updates: a.updates,
                    commitments: a.commitments,
                    seed: a.seed,
                },
            )?;
            if added.commitments > 0 {
                println!(
                    "added {} synthetic commitments ({} tracks) to {}",
                    added.commitments,
                    added.tracks,
                    a.db.db.display()
                );
            }
            println!(
                "added {} synthetic updates to {}",
                added.updates,
                a.db.db.display()
            );
            Ok(())
        }
        Command::Backup(a) => backup(&a.db.db, &a.to),
        Command::Due(a) => due(a),
        Command::Check(a) => check::run(&a),
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// The account of `user add` and `user invite`, checked.
fn new_account(a: &UserAddArgs) -> anyhow::Result<users::NewUser> {
    let email = Email::parse(&a.email).map_err(|e| anyhow::anyhow!(e))?;
    let name = PersonName::parse(a.name.trim()).map_err(|e| anyhow::anyhow!(e))?;
    let role: Role = a
        .role
        .parse()
        .map_err(|e: crate::domain::Invalid| anyhow::anyhow!(e))?;
    let country = a
        .country
        .as_deref()
        .map(str::parse::<Country>)
        .transpose()
        .map_err(|e| anyhow::anyhow!(e))?;
    users::NewUser::new(email, name, role, country).map_err(|e| anyhow::anyhow!("{e}"))
}

fn user_add(a: UserAddArgs) -> anyhow::Result<()> {
    let new = new_account(&a)?;
    let role = new.role();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let line = line.strip_suffix('\n').unwrap_or(&line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let password = Password::parse_new(line, &[new.email.as_str(), new.name.as_str()])
        .map_err(|e| anyhow::anyhow!(e))?;
    let hash =
        crate::auth::password::hash_blocking(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let _ = Db::open(&a.db.db)?;
    let mut conn = db::open_connection(&a.db.db)?;
    let id = db::write_tx(&mut conn, |tx| {
        crate::services::accounts::create(tx, Actor::System("command line"), &new, &hash)
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "created {} account {} (id {id})",
        role.as_str(),
        new.email.as_str()
    );
    Ok(())
}

fn user_invite(a: UserInviteArgs) -> anyhow::Result<()> {
    let new = new_account(&a.who)?;
    let base = a.base_url.trim_end_matches('/').to_owned();
    let _ = Db::open(&a.who.db.db)?;
    let mut conn = db::open_connection(&a.who.db.db)?;
    let token = db::write_tx(&mut conn, |tx| {
        crate::services::accounts::invite_tx(
            tx,
            Actor::System("command line"),
            &new,
            a.invite_lifetime,
            &base,
        )
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "invited {} ({}); the mail with the link waits in the outbox and goes when the server sends mail",
        new.email.as_str(),
        new.role().as_str()
    );
    println!("  the link, should the mail not arrive: {base}/setup/{token}");
    Ok(())
}

fn user_mfa(a: UserMfaArgs) -> anyhow::Result<()> {
    let email = Email::parse(&a.email).map_err(|e| anyhow::anyhow!(e))?;
    let _ = Db::open(&a.db.db)?;
    let mut conn = db::open_connection(&a.db.db)?;
    let no_account = || anyhow::anyhow!("no account with the address {}", email.as_str());
    if a.reset {
        let removed = db::write_tx(&mut conn, |tx| {
            crate::services::second_factor::uninstall(tx, &email)
        })
        .map_err(|e| match e {
            AppError::NotFound => no_account(),
            e => anyhow::anyhow!("{e}"),
        })?;
        if removed {
            println!(
                "removed the second factor of {}; its sessions ended",
                email.as_str()
            );
        } else {
            println!("{} had no second factor", email.as_str());
        }
        return Ok(());
    }
    let uri = db::write_tx(&mut conn, |tx| {
        crate::services::second_factor::install(tx, &email)
    })
    .map_err(|e| match e {
        AppError::NotFound => no_account(),
        AppError::Conflict(_) => anyhow::anyhow!(
            "{} has a second factor already; remove it first with --reset",
            email.as_str()
        ),
        e => anyhow::anyhow!("{e}"),
    })?;
    // Shown this once: whoever runs the server passes it on (a QR code of
    // it, or the secret in it), and the account's owner makes recovery
    // codes on their account page.
    println!("{uri}");
    eprintln!(
        "jpoa-tracker: second factor enrolled for {}; the URI above is shown once",
        email.as_str()
    );
    Ok(())
}

fn import(file: &Path, db_path: &Path) -> anyhow::Result<()> {
    let f = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let _ = Db::open(db_path)?;
    let mut conn = db::open_connection(db_path)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let summary = crate::services::records::import_commitments(
        &tx,
        Actor::System("command line"),
        &file.display().to_string(),
        std::io::BufReader::new(f),
        &mut |n| {
            if n % 1000 == 0 {
                eprint!("\rimport: {n} rows");
            }
        },
    )
    .map_err(|e| anyhow::anyhow!("{}: nothing was imported: {e}", file.display()))?;
    tx.commit()?;
    println!(
        "imported {} rows from {}: {} commitments created, {} updated, {} tracks added, {} removed{}",
        summary.rows,
        file.display(),
        summary.created,
        summary.updated,
        summary.tracks_added,
        summary.tracks_removed,
        if summary.themes_created.is_empty() {
            String::new()
        } else {
            format!(
                "; new themes (name them in English and Russian later): {}",
                summary.themes_created.join(", ")
            )
        }
    );
    Ok(())
}

/// Counts bytes on their way to the file and shows progress on long exports.
struct Progress<W: Write> {
    inner: W,
    bytes: u64,
    next_report: u64,
}

impl<W: Write> Write for Progress<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        if self.bytes >= self.next_report {
            eprint!("\rexport: {} MB written", self.bytes >> 20);
            self.next_report += 16 << 20;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn export(a: ExportArgs) -> anyhow::Result<()> {
    let report: Report = a
        .report
        .parse()
        .map_err(|e: crate::domain::Invalid| anyhow::anyhow!(e))?;
    let q = ReportQuery {
        pillar: a.pillar,
        country: a.country,
        theme: a.theme,
        status: a.status,
        from: a.from,
        to: a.to,
        as_of: a.as_of,
        q: None,
        lang: a.lang,
        sep: a.sep,
    };
    let extension = match (&a.format, &a.out) {
        (Some(f), _) => f.clone(),
        (None, Some(out)) if out.extension().is_some_and(|e| e == "xlsx") => "xlsx".to_owned(),
        (None, _) => "csv".to_owned(),
    };
    let filter = q.to_filter().map_err(|e| anyhow::anyhow!("{e}"))?;
    let output = q.output(&extension).map_err(|e| anyhow::anyhow!("{e}"))?;
    if !a.db.db.exists() {
        bail!("database {} does not exist", a.db.db.display());
    }
    let out = a
        .out
        .unwrap_or_else(|| Path::new("exports").join(report.file_name(&filter, &output)));
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let conn = db::open_connection(&a.db.db)?;
    // Written beside the target and renamed at the end, so a failed export
    // never leaves a file that looks complete.
    let partial = out.with_extension(format!("{extension}.partial"));
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    let writer = Progress {
        inner: std::io::BufWriter::new(file),
        bytes: 0,
        next_report: 16 << 20,
    };
    let result = report
        .write(&conn, &filter, &output, writer)
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .and_then(|mut w| {
            w.flush()?;
            w.inner
                .into_inner()
                .map_err(|e| e.into_error())?
                .sync_all()?;
            Ok(w.bytes)
        });
    match result {
        Ok(bytes) => {
            std::fs::rename(&partial, &out)?;
            eprintln!();
            println!("wrote {} ({} bytes)", out.display(), bytes);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

fn due(a: DueArgs) -> anyhow::Result<()> {
    use crate::db::due::{self, Owed};
    let q = ReportQuery {
        country: a.country,
        pillar: a.pillar,
        as_of: a.as_of,
        ..ReportQuery::default()
    };
    let filter = q.to_filter().map_err(|e| anyhow::anyhow!("{e}"))?;
    if !a.db.db.exists() {
        bail!("database {} does not exist", a.db.db.display());
    }
    let conn = db::open_connection(&a.db.db)?;
    let items = due::digest(&conn, &filter).map_err(|e| anyhow::anyhow!("{e:#}"))?;
    let day = filter.day();
    let mut out = std::io::stdout().lock();
    writeln!(out, "Updates overdue and due as of {day}")?;
    for c in crate::domain::Country::ALL {
        let mine: Vec<_> = items.iter().filter(|i| i.track.country == c).collect();
        if mine.is_empty() {
            continue;
        }
        let overdue = mine.iter().filter(|i| i.owed == Owed::Overdue).count();
        writeln!(
            out,
            "\n{} ({}): {overdue} overdue, {} due",
            c.name_en(),
            c.code(),
            mine.len() - overdue
        )?;
        for i in mine {
            let days = (i.due_date - day).num_days();
            let when = match i.owed {
                Owed::Overdue => format!("OVERDUE  {} days late", -days),
                Owed::Due => format!("due      in {days} days"),
            };
            let flag = if due::past_target_year(&i.track, day) {
                format!("  [past target year {}]", i.track.target_year)
            } else {
                String::new()
            };
            writeln!(
                out,
                "  {when:<22} {:<8} {:<8} due {}  {}{flag}",
                i.track.code, i.period, i.due_date, i.track.title_en
            )?;
        }
    }
    let overdue = items.iter().filter(|i| i.owed == Owed::Overdue).count();
    writeln!(
        out,
        "\nIn all: {overdue} overdue, {} due.",
        items.len() - overdue
    )?;
    Ok(())
}

fn backup(db_path: &Path, to: &Path) -> anyhow::Result<()> {
    if !db_path.exists() {
        bail!("database {} does not exist", db_path.display());
    }
    if to.exists() {
        bail!("{} exists already; choose a new file name", to.display());
    }
    let conn = db::open_connection(db_path)?;
    let target = to.to_str().context("the backup path is not valid UTF-8")?;
    // VACUUM INTO reads one consistent snapshot, so writes may go on meanwhile.
    conn.execute("VACUUM INTO ?1", [target])
        .with_context(|| format!("cannot write backup {}", to.display()))?;
    let copy = rusqlite::Connection::open(to)?;
    let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        bail!(
            "the backup {} failed its integrity check: {check}",
            to.display()
        );
    }
    println!(
        "backed up {} to {} (integrity check ok)",
        db_path.display(),
        to.display()
    );
    Ok(())
}
