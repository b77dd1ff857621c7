//! Connections are not held open by a client that trickles its headers in
//! or sends nothing: each is closed within the settings' bounds, on the
//! real server over loopback.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{AppState, Db, Settings, serve};

const HEADER: Duration = Duration::from_secs(1);
const IDLE: Duration = Duration::from_secs(3);
/// Far past either bound: a connection still open then was never cut.
const NEVER: Duration = Duration::from_secs(12);

/// An app that closes a connection `IDLE` after it began to wait for a
/// request, or `HEADER` after a request's first byte if its headers are
/// not in by then.
async fn app_with_short_bounds() -> (SocketAddr, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("t.db")).unwrap();
    let settings = Settings {
        header_timeout: HEADER,
        idle_timeout: IDLE,
        ..Settings::defaults()
    };
    (serve(AppState::with_settings(db, settings)).await, dir)
}

/// Waits for the server to close the connection (end of stream or reset),
/// reading and dropping anything it sends; how long that took.
async fn closed_after(stream: &mut tokio::net::tcp::OwnedReadHalf, since: Instant) -> Duration {
    let mut buf = [0; 256];
    let closed = tokio::time::timeout(NEVER, async {
        while matches!(stream.read(&mut buf).await, Ok(1..)) {}
    })
    .await;
    assert!(
        closed.is_ok(),
        "the connection was still open after {NEVER:?}"
    );
    since.elapsed()
}

/// Sends `GET /healthz` and reads the answer, which must be 200 "ok".
async fn healthz(stream: &mut TcpStream) {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let mut buf = [0; 1024];
    while !answer.ends_with(b"\r\n\r\nok") {
        let n = tokio::time::timeout(NEVER, stream.read(&mut buf))
            .await
            .expect("an answer")
            .unwrap();
        assert!(n > 0, "closed before answering");
        answer.extend_from_slice(&buf[..n]);
    }
    assert!(answer.starts_with(b"HTTP/1.1 200"));
}

#[tokio::test]
async fn headers_that_trickle_in_are_cut_off_at_the_header_timeout() {
    let (addr, _dir) = app_with_short_bounds().await;
    let (mut read, mut write) = TcpStream::connect(addr).await.unwrap().into_split();
    let start = Instant::now();
    write
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // A header line every 100 ms, never the blank line that ends them.
    let trickle = tokio::spawn(async move {
        for _ in 0..(NEVER.as_millis() / 100) {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if write.write_all(b"X-Slow: 1\r\n").await.is_err() {
                break;
            }
        }
    });
    let took = closed_after(&mut read, start).await;
    trickle.abort();
    eprintln!("trickling headers cut after {took:?} (bound {HEADER:?})");
    assert!(
        took >= HEADER - Duration::from_millis(50) && took < IDLE,
        "cut after {took:?}: the bound is {HEADER:?} from the first byte"
    );
}

#[tokio::test]
async fn an_idle_connection_is_closed_at_the_idle_timeout_and_is_not_cut_before() {
    let (addr, _dir) = app_with_short_bounds().await;
    let fresh = async {
        let (mut read, _write) = TcpStream::connect(addr).await.unwrap().into_split();
        closed_after(&mut read, Instant::now()).await
    };
    let kept_alive = async {
        let mut s = TcpStream::connect(addr).await.unwrap();
        healthz(&mut s).await;
        // Idle for longer than the header bound, shorter than the idle one:
        // the connection still serves.
        tokio::time::sleep(HEADER + Duration::from_millis(500)).await;
        healthz(&mut s).await;
        let since = Instant::now();
        let (mut read, _write) = s.into_split();
        closed_after(&mut read, since).await
    };
    let (fresh, kept_alive) = tokio::join!(fresh, kept_alive);
    for (which, took) in [("new", fresh), ("kept-alive", kept_alive)] {
        eprintln!("idle {which} connection closed after {took:?} (bound {IDLE:?})");
        assert!(
            took >= IDLE - Duration::from_millis(50) && took < IDLE + Duration::from_secs(5),
            "a {which} connection with nothing to say was closed after {took:?}, \
             not {IDLE:?}"
        );
    }
}
