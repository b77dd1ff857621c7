//! Serving the app's connections: HTTP/1.1 through hyper, with the client's
//! address handed to the app, a connection closed when it waits too long
//! for a request or trickles a request's headers in, and a stop that lets
//! requests in flight finish.
//!
//! The request timeout (`tower-http`, in `web::app`) starts only once the
//! headers are in, so a slow client is bounded here: hyper's header read
//! timeout, driven by the timer below, closes the connection.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::serve::Listener;
use hyper::rt::{Sleep, Timer};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tower::Service;

use crate::web::{AppState, app};

/// Serves the app of `state` on `listener` until `shutdown` completes, then
/// stops taking connections and waits for the requests in flight. Each
/// connection may wait `idle_timeout` for a request and then take
/// `header_timeout` from its first byte to the end of its headers.
pub async fn serve_on(
    mut listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()>,
) {
    let state = match listener.local_addr() {
        Ok(addr) => state.listening_at(addr),
        Err(_) => state,
    };
    let limits = Limits {
        idle: state.settings.idle_timeout,
        header: state.settings.header_timeout,
    };
    let stall = state.settings.download_stall;
    let background = super::background::start(&state);
    let mut connect = app(state).into_make_service_with_connect_info::<SocketAddr>();
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // Accept errors (out of file descriptors…) are logged and retried.
        let (stream, remote) = tokio::select! {
            accepted = Listener::accept(&mut listener) => accepted,
            () = &mut shutdown => break,
        };
        let Ok(service) = connect.call(remote).await;
        let arrivals = Arc::new(Arrivals::new());
        let io = TokioIo::new(Watched {
            stream,
            arrivals: Arc::clone(&arrivals),
            stall,
            stalled: None,
        });
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(WaitTimer { arrivals, limits })
            .header_read_timeout(limits.header)
            // Above the app's own limit, so that a request with too many
            // headers gets the app's 431, with its headers and request id.
            .max_headers(4 * crate::web::MAX_HEADERS)
            .serve_connection(io, TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(client = %remote, "connection closed: {e}");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    drop(background);
}

#[derive(Debug, Clone, Copy)]
struct Limits {
    idle: Duration,
    header: Duration,
}

/// When the first byte came since the connection began to wait for a
/// request, in nanoseconds after `origin`, plus one; 0 while none has.
struct Arrivals {
    origin: Instant,
    first: AtomicU64,
}

impl Arrivals {
    fn new() -> Arrivals {
        Arrivals {
            origin: Instant::now(),
            first: AtomicU64::new(0),
        }
    }

    fn begin_wait(&self) {
        self.first.store(0, Ordering::Relaxed);
    }

    fn bytes_came(&self) {
        let at = u64::try_from(self.origin.elapsed().as_nanos()).unwrap_or(u64::MAX - 1) + 1;
        // Only the first arrival of a wait counts.
        let _ = self
            .first
            .compare_exchange(0, at, Ordering::Relaxed, Ordering::Relaxed);
    }

    fn first_byte(&self) -> Option<Instant> {
        match self.first.load(Ordering::Relaxed) {
            0 => None,
            n => Some(self.origin + Duration::from_nanos(n - 1)),
        }
    }
}

/// The client's stream, noting when bytes arrive, and closing when the
/// client takes none of what is sent for `stall` (a download it stopped
/// reading), so that it holds no connection of the server's either.
struct Watched {
    stream: TcpStream,
    arrivals: Arc<Arrivals>,
    stall: Duration,
    /// Since when writes have been waiting for the client.
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Watched {
    fn watch_write<T>(
        &mut self,
        cx: &mut Context<'_>,
        wrote: Poll<std::io::Result<T>>,
    ) -> Poll<std::io::Result<T>> {
        if wrote.is_ready() {
            self.stalled = None;
            return wrote;
        }
        let stall = self.stall;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(stall)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let read = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.arrivals.bytes_came();
        }
        read
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let wrote = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.watch_write(cx, wrote)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let wrote = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.watch_write(cx, wrote)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// The timer of one connection. hyper's HTTP/1 server asks for a sleep only
/// for its header read timeout, armed each time it begins to wait for a
/// request (on a new connection, and after each response on a kept-alive
/// one): that sleep ends `idle` after the wait began while no byte has
/// come, and `header` after the first byte once one has.
struct WaitTimer {
    arrivals: Arc<Arrivals>,
    limits: Limits,
}

impl Timer for WaitTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Sleep>> {
        TokioTimer::new().sleep(duration)
    }

    fn sleep_until(&self, _hypers_deadline: Instant) -> Pin<Box<dyn Sleep>> {
        self.arrivals.begin_wait();
        let began = Instant::now();
        Box::pin(WaitSleep {
            arrivals: Arc::clone(&self.arrivals),
            limits: self.limits,
            began,
            sleep: Box::pin(tokio::time::sleep_until((began + self.limits.idle).into())),
        })
    }
}

struct WaitSleep {
    arrivals: Arc<Arrivals>,
    limits: Limits,
    began: Instant,
    sleep: Pin<Box<tokio::time::Sleep>>,
}

impl Future for WaitSleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // hyper polls this again whenever bytes came and the headers are
        // still incomplete, so the deadline moves as soon as the first does.
        let deadline = match self.arrivals.first_byte() {
            None => self.began + self.limits.idle,
            Some(first) => first + self.limits.header,
        };
        let deadline = tokio::time::Instant::from_std(deadline);
        if self.sleep.deadline() != deadline {
            self.sleep.as_mut().reset(deadline);
        }
        self.sleep.as_mut().poll(cx)
    }
}

impl Sleep for WaitSleep {}
