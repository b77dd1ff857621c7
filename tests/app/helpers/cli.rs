//! The command line of CONTRACT.md, run as the real binary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The `jpoa-tracker` binary, ready for arguments.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jpoa-tracker"))
}

/// Runs `jpoa-tracker {args} --db {db}` with `stdin` as its input:
/// (success, stdout, stderr).
pub fn run(args: &[&str], db: &Path, stdin: &str) -> (bool, String, String) {
    let mut child = bin()
        .args(args)
        .arg("--db")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails before reading its input closes the pipe early.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The one value `sql` reads from the database file at `db`: a count, a text.
pub fn query_value<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// `jpoa-tracker check --db DB` with `settings` as its only JPOA_
/// environment: (exit code, stdout, stderr).
pub fn check(db: &Path, settings: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut cmd = bin();
    for (var, _) in std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v))) {
        if var.starts_with("JPOA_") {
            cmd.env_remove(var);
        }
    }
    let out = cmd
        .arg("check")
        .arg("--db")
        .arg(db)
        .args(args)
        .envs(settings.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
