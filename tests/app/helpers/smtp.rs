//! A real SMTP server for the mail tests: aiosmtpd (tests/smtp/sink.py, in
//! the virtual environment scripts/test makes), which writes every message
//! it accepts to a file the tests read. It can be stopped and started again
//! on the same port, or made to refuse.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub struct SmtpSink {
    pub port: u16,
    out: PathBuf,
    child: Option<Child>,
    _dir: tempfile::TempDir,
}

fn python() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/.venv/bin/python")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    /// Headers and body as sent, transfer encoding undone for the body.
    pub data: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }

    /// The plain-text body, decoded.
    pub fn body(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let encoding = self.header("Content-Transfer-Encoding").unwrap_or_default();
        if encoding.eq_ignore_ascii_case("base64") {
            let joined: String = body.split_whitespace().collect();
            String::from_utf8(base64_decode(&joined)).unwrap()
        } else if encoding.eq_ignore_ascii_case("quoted-printable") {
            quoted_printable(body)
        } else {
            body.to_owned()
        }
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = A.iter().position(|a| *a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn quoted_printable(s: &str) -> String {
    let joined = s.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

impl SmtpSink {
    /// The server on a free port; `None`, with a note, when aiosmtpd is not
    /// installed, unless JPOA_REQUIRE_SMTP is set (as scripts/test does).
    pub fn start_or_skip() -> Option<SmtpSink> {
        if !python().exists() {
            let msg = "tests/smtp/.venv is missing (scripts/test installs aiosmtpd there)";
            assert!(
                std::env::var_os("JPOA_REQUIRE_SMTP").is_none(),
                "JPOA_REQUIRE_SMTP is set but {msg}"
            );
            eprintln!("note: mail test skipped: {msg}");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let mut sink = SmtpSink {
            port: free_port(),
            out: dir.path().join("received.jsonl"),
            child: None,
            _dir: dir,
        };
        sink.start("accept");
        Some(sink)
    }

    /// `smtp://127.0.0.1:PORT`, for JPOA_SMTP_URL.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts the server again on its port: `accept` or `refuse`.
    pub fn start(&mut self, mode: &str) {
        self.stop();
        let mut child = Command::new(python())
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/sink.py"))
            .arg(self.port.to_string())
            .arg(&self.out)
            .arg(mode)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the SMTP server did not start");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server did not start");
        self.child = Some(child);
    }

    /// The server goes away: nothing listens on its port.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            drop(child.stdin.take());
            if child.wait_timeout_or_kill(Duration::from_secs(5)).is_none() {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }

    /// Every message received so far.
    pub fn received(&self) -> Vec<Received> {
        let Ok(text) = std::fs::read_to_string(&self.out) else {
            return Vec::new();
        };
        text.lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                Received {
                    to: v["to"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| t.as_str().unwrap().to_owned())
                        .collect(),
                    data: v["data"].as_str().unwrap().to_owned(),
                }
            })
            .collect()
    }

    /// Waits until `n` messages have arrived (at most `within`), then gives all.
    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let got = self.received();
            if got.len() >= n || Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

trait WaitTimeout {
    fn wait_timeout_or_kill(&mut self, d: Duration) -> Option<std::process::ExitStatus>;
}

impl WaitTimeout for Child {
    fn wait_timeout_or_kill(&mut self, d: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + d;
        loop {
            if let Ok(Some(status)) = self.try_wait() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}
