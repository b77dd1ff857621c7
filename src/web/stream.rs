//! A `Write` that hands a download to an HTTP body in chunks, so a large
//! file never sits whole in memory and a slow client slows the writer. A
//! client that reads nothing for the stall limit is given up: the writer
//! fails (ending its database read), and the body ends cut short.

use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use tokio::runtime::Handle;
use tokio::sync::mpsc::{Receiver, Sender};

const CHUNK: usize = 64 * 1024;

/// Chunks in flight between the writer and the body.
const DEPTH: usize = 4;

/// The writing end, on a blocking thread, and the body it feeds.
pub fn channel(stall: Duration) -> (ChannelWriter, Download) {
    let (tx, rx) = tokio::sync::mpsc::channel(DEPTH);
    let whole = Arc::new(AtomicBool::new(false));
    (
        ChannelWriter {
            tx,
            buf: Vec::with_capacity(CHUNK),
            stall,
            runtime: Handle::current(),
            whole: Arc::clone(&whole),
        },
        Download {
            rx,
            whole,
            ended: false,
        },
    )
}

pub struct ChannelWriter {
    tx: Sender<Bytes>,
    buf: Vec<u8>,
    stall: Duration,
    runtime: Handle,
    whole: Arc<AtomicBool>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        let sent = self
            .runtime
            .block_on(tokio::time::timeout(self.stall, self.tx.send(chunk)));
        match sent {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "client went away",
            )),
            Err(_) => Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "client stopped reading",
            )),
        }
    }

    /// The last bytes, and the mark that the body is whole: without it the
    /// body ends in an error, so a cut file is never taken as complete.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.send()?;
        self.whole.store(true, Ordering::Release);
        Ok(())
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// The body of a download: the chunks as they come, then its end, or an
/// error if the writer stopped before [`ChannelWriter::finish`].
pub struct Download {
    rx: Receiver<Bytes>,
    whole: Arc<AtomicBool>,
    ended: bool,
}

impl tokio_stream::Stream for Download {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match self.rx.poll_recv(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(chunk)) => Poll::Ready(Some(Ok(chunk))),
            Poll::Ready(None) => {
                self.ended = true;
                if self.whole.load(Ordering::Acquire) {
                    Poll::Ready(None)
                } else {
                    Poll::Ready(Some(Err(std::io::Error::other("download cut short"))))
                }
            }
        }
    }
}
