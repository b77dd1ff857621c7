//! The restore drill: the real binary serving under the real Litestream,
//! replicating through `deploy/litestream.yml` to a real S3 API (moto's
//! server on loopback), while focal points submit updates over the API.
//! The machine is then lost: the whole process group is killed (SIGKILL)
//! and the database folder deleted. The database is restored from the
//! replica, the server starts on it, and every write acknowledged more than
//! 2 s before the loss is there, once, in a file that passes SQLite's
//! integrity check.
//!
//! It prints how far back acknowledged writes were lost (the recovery
//! point, for the README). `JPOA_DRILL_RUNS=N` runs it N times and prints
//! the median.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Value, json};

use super::litestream::{Group, S3, Tools, config, environment, free_port, restore, tools};
use crate::database::writers::{Server, kz_tracks, prepare};

/// A submission the server answered `201`, and when the answer arrived.
struct Ack {
    id: i64,
    narrative: String,
    at: Instant,
}

/// How long before the loss a write must have been acknowledged to be
/// promised back.
const PROMISED: Duration = Duration::from_secs(2);

/// Each client's pause between submissions: eight clients then write a few
/// hundred updates a second, far more than the tracker ever gets, without
/// the drill measuring how fast moto's S3 server takes large uploads.
const PACE: Duration = Duration::from_millis(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_lost_machine_is_restored_from_the_s3_replica_with_every_write_acknowledged_2_s_before() {
    let Some(tools) = tools("the restore drill") else {
        return;
    };
    let runs: usize = std::env::var("JPOA_DRILL_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let mut windows = Vec::new();
    for run in 1..=runs {
        windows.push(drill(&tools, run).await);
    }
    windows.sort_unstable();
    let median = windows[windows.len() / 2];
    eprintln!(
        "restore drill: {runs} run(s); acknowledged writes lost reached back {} ms at the median (each run: {:?} ms)",
        median.as_millis(),
        windows.iter().map(Duration::as_millis).collect::<Vec<_>>()
    );
}

/// One drill; how far before the loss the oldest lost write was
/// acknowledged (zero when none was lost).
async fn drill(tools: &Tools, run: usize) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = prepare(&data).await;
    let tracks = kz_tracks(&db).await;
    let s3 = S3::start(tools, &dir.path().join("moto.log")).await;
    let replica_url = s3.replica_url("jpoa");
    let log = dir.path().join("litestream.log");

    // The server under Litestream, as deploy/jpoa-tracker.service runs it.
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let exec = format!(
        "'{}' serve --db '{}' --addr 127.0.0.1:{port} --mfa off",
        env!("CARGO_BIN_EXE_jpoa-tracker"),
        db.display()
    );
    let out = std::fs::File::create(&log).unwrap();
    let mut machine = Group::spawn(
        environment(&mut Command::new(&tools.litestream), &db, &replica_url)
            .arg("replicate")
            .arg("-config")
            .arg(config())
            .args(["-exec", &exec])
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out),
    );
    wait_for(&base, &mut machine, &log).await;
    let token = login(&base, "kz@example.org").await;

    // Eight focal points' clients submit without pause; the loss comes
    // after five to six seconds, at a moment that differs from run to run.
    let acks = Arc::new(Mutex::new(Vec::new()));
    let writers = submitters(&base, &token, &tracks, &acks);
    let jitter = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .subsec_millis();
    tokio::time::sleep(Duration::from_millis(5000 + u64::from(jitter))).await;
    let lost_at = Instant::now();
    machine.kill();
    for w in writers {
        w.await.unwrap();
    }
    let acks = Arc::into_inner(acks).unwrap().into_inner().unwrap();
    assert!(acks.len() >= 50, "only {} writes acknowledged", acks.len());

    // The disk is gone: the database, its log, and Litestream's own folder.
    std::fs::remove_dir_all(&data).unwrap();
    std::fs::create_dir(&data).unwrap();
    let began = Instant::now();
    let (ok, said) = restore(tools, &db, &replica_url, &[]);
    assert!(ok, "litestream restore: {said}");
    let restore_took = began.elapsed();
    let check: String = crate::helpers::query_value(&db, "PRAGMA integrity_check");
    assert_eq!(check, "ok");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut find = conn
        .prepare("SELECT count(*) FROM updates WHERE id = ?1 AND narrative_en = ?2")
        .unwrap();
    let mut lost = Vec::new();
    for a in &acks {
        let n: i64 = find.query_row((a.id, &a.narrative), |r| r.get(0)).unwrap();
        match n {
            1 => {}
            0 => lost.push(a),
            n => panic!("{} is there {n} times", a.narrative),
        }
    }
    let broken: Vec<String> = lost
        .iter()
        .filter(|a| lost_at - a.at > PROMISED)
        .map(|a| {
            format!(
                "{} ({} ms before)",
                a.narrative,
                (lost_at - a.at).as_millis()
            )
        })
        .collect();
    assert!(
        broken.is_empty(),
        "acknowledged more than 2 s before the loss, and lost: {broken:?}"
    );
    drop(find);
    drop(conn);

    // The server starts on the restored file and serves what was written,
    // to the session it had given before the loss.
    let server = Server::start(&db).await;
    let newest = acks
        .iter()
        .filter(|a| lost_at - a.at > PROMISED)
        .max_by_key(|a| a.at)
        .expect("writes acknowledged before the promise");
    let r = reqwest::Client::new()
        .get(format!("{}/api/v1/updates/{}", server.base, newest.id))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        status, 200,
        "update {} after the restore: {body}",
        newest.id
    );
    assert_eq!(body["narrative_en"], newest.narrative.as_str());
    drop(server);

    let window = lost
        .iter()
        .map(|a| lost_at - a.at)
        .max()
        .unwrap_or_default();
    let lost_ids: std::collections::HashSet<i64> = lost.iter().map(|a| a.id).collect();
    let newest_kept = acks
        .iter()
        .filter(|a| !lost_ids.contains(&a.id))
        .map(|a| lost_at - a.at)
        .min()
        .unwrap_or_default();
    eprintln!(
        "restore drill {run}: {} writes acknowledged, {} lost (acknowledged up to {} ms before the loss); \
         the newest kept was acknowledged {} ms before it; restore took {} ms",
        acks.len(),
        lost.len(),
        window.as_millis(),
        newest_kept.as_millis(),
        restore_took.as_millis()
    );
    window
}

async fn wait_for(base: &str, machine: &mut Group, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = reqwest::get(format!("{base}/healthz")).await
            && r.status() == 200
        {
            return;
        }
        if machine.exited().is_some() || Instant::now() > deadline {
            panic!(
                "the server under litestream did not start:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn login(base: &str, email: &str) -> String {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/login"))
        .json(&json!({"email": email, "password": crate::helpers::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Eight clients submitting updates until the server is gone; an answer
/// counts once its body has arrived whole.
fn submitters(
    base: &str,
    token: &str,
    tracks: &[i64],
    acks: &Arc<Mutex<Vec<Ack>>>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    (0..8)
        .map(|w| {
            let (http, base, token) = (http.clone(), base.to_owned(), token.to_owned());
            let (acks, track) = (acks.clone(), tracks[w % tracks.len()]);
            tokio::spawn(async move {
                for n in 0.. {
                    let narrative = format!("drill {w}-{n}");
                    let sent = http
                        .post(format!("{base}/api/v1/tracks/{track}/updates"))
                        .bearer_auth(&token)
                        .json(&json!({"period": "2025", "status": "limited", "narrative_en": narrative}))
                        .send()
                        .await;
                    let Ok(r) = sent else { break };
                    let status = r.status().as_u16();
                    let Ok(v) = r.json::<Value>().await else {
                        break;
                    };
                    assert_eq!(status, 201, "{v}");
                    let id = v["id"].as_i64().unwrap();
                    acks.lock().unwrap().push(Ack {
                        id,
                        narrative,
                        at: Instant::now(),
                    });
                    tokio::time::sleep(PACE).await;
                }
            })
        })
        .collect()
}
