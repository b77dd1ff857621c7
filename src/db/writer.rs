//! The write connection, owned by one thread that commits in groups.
//!
//! With `synchronous=FULL` every commit waits for the disk, and that wait,
//! not the SQL, bounds how many writes a second the tracker takes. Writes
//! that arrive while a commit is under way are run together in the next
//! transaction, each inside its own savepoint: one that fails is rolled back
//! alone, and no caller hears "done" before the commit that holds its write.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{AppError, AppResult};
use crate::telemetry;

/// Tells the caller how its write ended, once the group's commit is known
/// (`Some` holds why the commit failed).
type Completion = Box<dyn FnOnce(Option<&str>) + Send>;

/// A write to run inside the group's transaction.
type Job = Box<dyn FnOnce(&Transaction) -> Completion + Send>;

enum Message {
    Write(Job),
    /// Fold the write-ahead log into the file, close, and stop.
    Close(mpsc::Sender<anyhow::Result<()>>),
}

/// The sending side; cheap to clone, one per `Db` clone.
#[derive(Clone)]
pub struct Writer {
    to_thread: mpsc::Sender<Message>,
}

impl Writer {
    /// `max_group`: how many writes one transaction takes at most.
    pub fn start(conn: Connection, max_group: usize) -> anyhow::Result<Writer> {
        let (to_thread, inbox) = mpsc::channel();
        std::thread::Builder::new()
            .name("db-writer".into())
            .spawn(move || run(conn, &inbox, max_group.max(1)))
            .context("cannot start the database writer")?;
        Ok(Writer { to_thread })
    }

    /// Runs `f` in a savepoint of the next group's transaction and answers
    /// once that transaction is committed (or has failed).
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> AppResult<T> + Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |tx: &Transaction| {
            let result = in_savepoint(tx, f);
            Box::new(move |commit_failed: Option<&str>| {
                let result = match (result, commit_failed) {
                    (Ok(_), Some(why)) => {
                        Err(AppError::Internal(anyhow::anyhow!("commit failed: {why}")))
                    }
                    (result, _) => result,
                };
                let _ = answer.send(result);
            })
        });
        self.to_thread
            .send(Message::Write(job))
            .map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }

    /// Folds the write-ahead log into the file and closes the connection.
    pub fn close(&self) -> anyhow::Result<()> {
        let (reply, replied) = mpsc::channel();
        self.to_thread
            .send(Message::Close(reply))
            .map_err(|_| anyhow::anyhow!("the database writer had stopped"))?;
        replied
            .recv()
            .map_err(|_| anyhow::anyhow!("the database writer stopped while closing"))?
    }
}

fn stopped() -> AppError {
    AppError::Internal(anyhow::anyhow!("the database writer has stopped"))
}

/// `f` inside a savepoint: kept if it returns `Ok`, undone otherwise (a
/// panic included), leaving the rest of the group's work as it was.
fn in_savepoint<T>(tx: &Transaction, f: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
    tx.execute_batch("SAVEPOINT one_write")?;
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| f(tx))).unwrap_or_else(|_| {
        Err(AppError::Internal(anyhow::anyhow!(
            "a database write panicked"
        )))
    });
    let end = if result.is_ok() {
        "RELEASE one_write"
    } else {
        "ROLLBACK TO one_write; RELEASE one_write"
    };
    tx.execute_batch(end)?;
    result
}

fn run(mut conn: Connection, inbox: &mpsc::Receiver<Message>, max_group: usize) {
    while let Ok(first) = inbox.recv() {
        let mut group = Vec::new();
        let mut close = None;
        match first {
            Message::Write(job) => group.push(job),
            Message::Close(reply) => close = Some(reply),
        }
        while close.is_none() && group.len() < max_group {
            match inbox.try_recv() {
                Ok(Message::Write(job)) => group.push(job),
                Ok(Message::Close(reply)) => close = Some(reply),
                Err(_) => break,
            }
        }
        if !group.is_empty() {
            commit_group(&mut conn, group);
        }
        if let Some(reply) = close {
            let _ = reply.send(close_connection(conn));
            return;
        }
    }
}

/// Dropping a job unanswered tells its caller the writer failed; nothing of
/// it was written.
fn commit_group(conn: &mut Connection, group: Vec<Job>) {
    let began = Instant::now();
    let tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => {
            tracing::error!(error = %e, "cannot begin a write transaction");
            return;
        }
    };
    let done: Vec<Completion> = group.into_iter().map(|job| job(&tx)).collect();
    let committing = Instant::now();
    let failed = tx.commit().err().map(|e| e.to_string());
    telemetry::write_group(
        done.len(),
        began.elapsed(),
        committing.elapsed(),
        failed.is_some(),
    );
    if let Some(why) = &failed {
        tracing::error!(error = %why, writes = done.len(), "commit failed");
    }
    for complete in done {
        complete(failed.as_deref());
    }
}

/// Folds the write-ahead log into the file, if nothing else is reading it,
/// and closes the connection.
///
/// Under Litestream (see README, "Running it for UNOCT") another process
/// holds a read transaction on the file at all times, so that the log
/// restarts only when Litestream has copied it: a TRUNCATE checkpoint
/// cannot finish then, and waiting the busy timeout for it only delayed
/// the stop and made it fail (Litestream then skipped its last upload).
/// So the checkpoint waits for no one, and when another reader is there
/// the log stays beside the file for Litestream to fold in: nothing is
/// lost, the log being part of the database.
fn close_connection(conn: Connection) -> anyhow::Result<()> {
    conn.busy_timeout(std::time::Duration::ZERO)?;
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        tracing::info!(
            "another process (Litestream?) is reading the database: its write-ahead log stays beside it"
        );
    }
    conn.close().map_err(|(_, e)| e)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn writes_share_commits_and_a_failed_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
             CREATE TABLE t (n INTEGER PRIMARY KEY) STRICT;",
        )
        .unwrap();
        let writer = Writer::start(conn, 64).unwrap();
        let mut handles = Vec::new();
        for n in 0..200i64 {
            let w = writer.clone();
            handles.push(tokio::spawn(async move {
                w.write(move |tx| {
                    tx.execute("INSERT INTO t (n) VALUES (?1)", [n])?;
                    match n % 3 {
                        0 => Err(AppError::NotFound),
                        1 if n % 9 == 1 => panic!("a write that panics"),
                        _ => Ok(n),
                    }
                })
                .await
            }));
        }
        let mut kept = Vec::new();
        for h in handles {
            if let Ok(n) = h.await.unwrap() {
                kept.push(n);
            }
        }
        writer.close().unwrap();
        let conn = Connection::open(&path).unwrap();
        let mut stmt = conn.prepare("SELECT n FROM t ORDER BY n").unwrap();
        let stored: Vec<i64> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        kept.sort_unstable();
        let expected: Vec<i64> = (0..200)
            .filter(|n| n % 3 != 0 && !(n % 3 == 1 && n % 9 == 1))
            .collect();
        assert_eq!(kept, expected, "the answers");
        assert_eq!(stored, expected, "what is on disk");
    }
}
