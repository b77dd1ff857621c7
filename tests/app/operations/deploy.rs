//! The files of `deploy/` as the README installs them: the systemd unit
//! passes `systemd-analyze verify` and its offline security review; its
//! command serves under Litestream and stops cleanly on SIGTERM with the
//! last commits uploaded; `restore-drill.sh` restores the replica and checks
//! it; the Caddyfile proxies the base URL's host to the unit's address.
//!
//! systemd-analyze (Debian's systemd) and caddy (unpacked from Debian's
//! package into tests/deploy/.caddy) are put there by scripts/test when
//! missing; without them these tests are skipped with a note unless
//! JPOA_REQUIRE_DEPLOY_TOOLS is set, as scripts/test does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::drill::login;
use super::litestream::{Group, S3, Tools, environment, free_port, repo, restore, tools};
use crate::helpers::{PASSWORD, query_value};

fn deploy(file: &str) -> PathBuf {
    repo().join("deploy").join(file)
}

/// The command (from where scripts/test unpacks it, or the PATH), or
/// `None` (and a note) when it is not there.
fn tool(name: &str, test: &str) -> Option<PathBuf> {
    let unpacked = repo().join("tests/deploy/.caddy/usr/bin").join(name);
    let found = unpacked.is_file().then_some(unpacked).or_else(|| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(name))
                .find(|p| p.is_file())
        })
    });
    if found.is_none() {
        assert!(
            std::env::var_os("JPOA_REQUIRE_DEPLOY_TOOLS").is_none(),
            "JPOA_REQUIRE_DEPLOY_TOOLS is set but {name} is not installed"
        );
        eprintln!("note: {test} skipped: {name} is not installed (scripts/test installs it)");
    }
    found
}

/// The unit's `Key=value` lines (a key given twice keeps both values).
fn unit() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(deploy("jpoa-tracker.service")).unwrap();
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        if let Some((k, v)) = line.split_once('=') {
            keys.entry(k.to_owned()).or_default().push(v.to_owned());
        }
    }
    keys
}

/// The unit with the installed paths of its programs replaced by these.
fn unit_here(tools: &Tools) -> String {
    std::fs::read_to_string(deploy("jpoa-tracker.service"))
        .unwrap()
        .replace(
            "/usr/local/bin/litestream",
            tools.litestream.to_str().unwrap(),
        )
        .replace(
            "/usr/local/bin/jpoa-tracker",
            env!("CARGO_BIN_EXE_jpoa-tracker"),
        )
}

#[test]
fn the_unit_passes_systemd_analyze_verify_and_its_security_review() {
    let test = "the systemd unit's check";
    let (Some(tools), Some(analyze)) = (tools(test), tool("systemd-analyze", test)) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jpoa-tracker.service");
    std::fs::write(&file, unit_here(&tools)).unwrap();
    // Unknown keys and bad values are warnings that verify does not fail
    // on: any output at all fails here.
    let out = Command::new(&analyze)
        .arg("verify")
        .arg(&file)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && said.trim().is_empty(),
        "systemd-analyze verify: {said}"
    );
    // systemd's own review of the sandbox: 1.5 of 10 here ("OK"; 10 is a
    // service with no protection at all). The threshold is in tenths.
    let out = Command::new(&analyze)
        .args(["security", "--offline=true", "--threshold=20"])
        .arg(&file)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let overall = said.lines().find(|l| l.contains("Overall exposure"));
    assert!(out.status.success(), "exposure over 2.0: {overall:?}");
    eprintln!("{}", overall.unwrap_or_default().trim());

    // What the README promises of it, and the drain it leaves time for.
    let keys = unit();
    let one = |k: &str| keys.get(k).and_then(|v| v.last()).map(String::as_str);
    for (key, value) in [
        ("User", "jpoa"),
        ("StateDirectory", "jpoa-tracker"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("NoNewPrivileges", "yes"),
        ("PrivateTmp", "yes"),
        ("CapabilityBoundingSet", ""),
        ("Restart", "on-failure"),
        ("KillSignal", "SIGTERM"),
        ("KillMode", "mixed"),
        ("EnvironmentFile", "/etc/jpoa-tracker/env"),
    ] {
        assert_eq!(one(key), Some(value), "{key}");
    }
    let stop: u64 = one("TimeoutStopSec")
        .and_then(|s| s.strip_suffix('s'))
        .unwrap()
        .parse()
        .unwrap();
    // The longest request (JPOA_REQUEST_TIMEOUT), then Litestream's last
    // upload (30 s at most).
    assert!(stop > 60 + 30, "TimeoutStopSec={stop}s");
    let environment = &keys["Environment"];
    assert!(environment.contains(&"JPOA_DB=/var/lib/jpoa-tracker/jpoa.db".to_owned()));
    assert!(environment.contains(&"JPOA_ADDR=127.0.0.1:8080".to_owned()));
}

/// `ExecStart=` split into words (double quotes keep a word whole).
fn words(line: &str) -> Vec<String> {
    let (mut out, mut word, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The environment file of a deployment, for the S3 replica at `replica`.
fn env_file(dir: &Path, db: &Path, replica: &str) -> PathBuf {
    let file = dir.join("env");
    let text = format!(
        "# as deploy/jpoa-tracker.env, filled in\n\
         JPOA_DB='{}'\n\
         JPOA_BASE_URL='https://tracker.example.org'\n\
         JPOA_REPLICA_URL='{replica}'\n\
         AWS_ACCESS_KEY_ID='drill'\n\
         AWS_SECRET_ACCESS_KEY='drill-secret'\n\
         JPOA_SMTP_URL='smtp+starttls://tracker:secret@mail.example.org:587'\n\
         JPOA_MAIL_FROM='JPoA Tracker <tracker@example.org>'\n",
        db.display()
    );
    std::fs::write(&file, text).unwrap();
    file
}

/// `deploy/restore-drill.sh ENV_FILE` with the tools of this machine:
/// (exit code, what it printed).
fn restore_drill(tools: &Tools, env_file: &Path) -> (i32, String) {
    let mut cmd = Command::new(deploy("restore-drill.sh"));
    for (var, _) in std::env::vars() {
        if var.starts_with("JPOA_") || var.starts_with("AWS_") {
            cmd.env_remove(var);
        }
    }
    let out = cmd
        .arg(env_file)
        .env("LITESTREAM", &tools.litestream)
        .env("JPOA_TRACKER", env!("CARGO_BIN_EXE_jpoa-tracker"))
        .env("JPOA_LITESTREAM_CONFIG", deploy("litestream.yml"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_units_command_serves_stops_on_sigterm_with_the_replica_up_to_date_and_the_drill_script_restores_it()
 {
    let Some(tools) = tools("the unit's command and the restore drill script") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    let s3 = S3::start(&tools, &dir.path().join("moto.log")).await;
    let replica = s3.replica_url("jpoa-tracker");

    // The unit's Environment= and ExecStart=, its state folder here.
    let keys = unit();
    let here = |s: &str| s.replace("/var/lib/jpoa-tracker", state.to_str().unwrap());
    let mut env: BTreeMap<String, String> = keys["Environment"]
        .iter()
        .map(|kv| kv.split_once('=').unwrap())
        .map(|(k, v)| (k.to_owned(), here(v)))
        .collect();
    let port = free_port();
    env.insert("JPOA_ADDR".into(), format!("127.0.0.1:{port}"));
    let db = PathBuf::from(&env["JPOA_DB"]);
    let exec_start = unit_here(&tools)
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart=").map(str::to_owned))
        .unwrap();
    let exec_start = exec_start.replace(
        "/etc/jpoa-tracker/litestream.yml",
        deploy("litestream.yml").to_str().unwrap(),
    );
    let argv = words(&exec_start);
    let log = dir.path().join("service.log");
    let out = std::fs::File::create(&log).unwrap();
    let mut cmd = Command::new(&argv[0]);
    for (var, _) in std::env::vars() {
        if var.starts_with("JPOA_") {
            cmd.env_remove(var);
        }
    }
    environment(&mut cmd, &db, &replica)
        .args(&argv[1..])
        .envs(&env)
        .env("JPOA_BASE_URL", "https://tracker.example.org")
        .current_dir(&state)
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out);
    let mut service = Group::spawn(&mut cmd);
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !reqwest::get(format!("{base}/healthz"))
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(
            service.exited().is_none() && Instant::now() < deadline,
            "the unit's command did not serve:\n{}",
            std::fs::read_to_string(&log).unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Litestream takes up a new database at its next look (it did not
    // exist when Litestream began): the first copy is in the replica.
    while !std::fs::read_to_string(&log)
        .unwrap()
        .contains("snapshot complete")
    {
        assert!(Instant::now() < deadline, "no first snapshot");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The operator adds an account while it runs (a donor's: staff would
    // need a second factor first), whose owner signs in: both are written
    // just before the stop.
    let added = crate::helpers::bin()
        .args(["user", "add", "--email", "donor@example.org"])
        .args(["--name", "Donor", "--role", "donor", "--db"])
        .arg(&db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .unwrap()
                .write_all(format!("{PASSWORD}\n").as_bytes())?;
            c.wait()
        })
        .unwrap();
    assert!(added.success());
    let _ = login(&base, "donor@example.org").await;

    // systemctl stop: SIGTERM to Litestream alone (KillMode=mixed).
    let stopping = Instant::now();
    let pid = service.pid();
    let sent = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = loop {
        if let Some(s) = service.exited() {
            break s;
        }
        assert!(
            stopping.elapsed() < Duration::from_secs(30),
            "no stop within 30 s:\n{}",
            std::fs::read_to_string(&log).unwrap()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(status.success(), "stopped with {status}:\n{said}");
    assert!(
        said.contains("jpoa-tracker stopped") && said.contains("litestream shut down"),
        "{said}"
    );
    eprintln!(
        "the service stopped in {} ms",
        stopping.elapsed().as_millis()
    );

    // The replica has everything, the sign-in of the last moment included.
    let copy = dir.path().join("copy.db");
    let (ok, said) = restore(&tools, &db, &replica, &["-o", copy.to_str().unwrap()]);
    assert!(ok, "{said}");
    let donors: i64 = query_value(&copy, "SELECT count(*) FROM users WHERE role = 'donor'");
    let sessions: i64 = query_value(&copy, "SELECT count(*) FROM sessions");
    assert_eq!((donors, sessions), (1, 1));

    // The quarterly drill, as the README has the operator run it.
    let env = env_file(dir.path(), &db, &replica);
    let (code, said) = restore_drill(&tools, &env);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("ok   database:") && said.contains("integrity check ok"),
        "{said}"
    );
    assert!(said.contains("restore drill passed"), "{said}");
    assert!(!said.contains("secret"), "no password is printed: {said}");
    // A replica with nothing in it fails the drill.
    let empty = env_file(dir.path(), &db, &s3.replica_url("nothing-here"));
    let (code, said) = restore_drill(&tools, &empty);
    assert_ne!(code, 0, "{said}");
    assert!(said.contains("restore drill FAILED"), "{said}");
}

#[test]
fn the_caddyfile_proxies_the_base_urls_host_to_the_units_address() {
    let Some(caddy) = tool("caddy", "the Caddyfile's check") else {
        return;
    };
    let out = Command::new(caddy)
        .args(["adapt", "--adapter", "caddyfile", "--validate", "--config"])
        .arg(deploy("Caddyfile"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "caddy adapt: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let route = &config["apps"]["http"]["servers"]["srv0"]["routes"][0];
    let env = std::fs::read_to_string(deploy("jpoa-tracker.env")).unwrap();
    let base_url = env
        .lines()
        .find_map(|l| l.strip_prefix("JPOA_BASE_URL="))
        .unwrap()
        .trim_matches('\'');
    let host = base_url.strip_prefix("https://").unwrap();
    assert_eq!(
        route["match"][0]["host"][0], host,
        "the site is the base URL's host"
    );
    let proxy = &route["handle"][0]["routes"][0]["handle"][0];
    assert_eq!(proxy["handler"], "reverse_proxy");
    let addr = unit()["Environment"]
        .iter()
        .find_map(|kv| kv.strip_prefix("JPOA_ADDR="))
        .unwrap()
        .to_owned();
    assert_eq!(proxy["upstreams"][0]["dial"], addr.as_str());
    // Caddy closes idle connections to the tracker before the tracker does
    // (JPOA_IDLE_TIMEOUT, 75 s by default).
    let idle = proxy["transport"]["keep_alive"]["idle_timeout"]
        .as_u64()
        .unwrap();
    assert!(idle < 75_000_000_000, "keepalive {idle} ns");
}
