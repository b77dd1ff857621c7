-- Schema version 12: mail goes through an outbox, written in the same
-- transaction as the event that causes it and delivered afterwards with
-- retries; every notification also lands in the person's inbox in the app;
-- each person chooses how notifications reach them by mail.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    created_at      TEXT NOT NULL,
    -- NULL for a mail to an address with no account (`mail test`).
    recipient_id    INTEGER REFERENCES users (id),
    to_address      TEXT NOT NULL,
    to_name         TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    -- Emptied once sent when it holds a one-time link (`secret` = 1).
    body            TEXT NOT NULL,
    secret          INTEGER NOT NULL DEFAULT 0 CHECK (secret IN (0, 1)),
    -- A mail whose link has expired is not sent any more.
    expires_at      TEXT,
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    sent_at         TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    -- A path on this site the notification is about.
    link       TEXT,
    read_at    TEXT,
    -- Set once a daily digest carried it.
    digested_at TEXT
) STRICT;
CREATE INDEX notifications_user ON notifications (user_id, read_at);

-- How notifications reach a person by mail: each at once, one digest a
-- day, or not at all (the inbox only). Security mails always go.
ALTER TABLE users ADD COLUMN mail_pref TEXT NOT NULL DEFAULT 'instant'
    CHECK (mail_pref IN ('instant', 'digest', 'off'));

-- Jobs the server runs by itself, once a day at most: the day each last ran.
CREATE TABLE scheduled_runs (
    job      TEXT PRIMARY KEY,
    last_day TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Reminders of reports falling due (30 and 7 days before the deadline) and
-- overdue, each sent once per track, period and kind.
CREATE TABLE reminders_sent (
    track_id INTEGER NOT NULL REFERENCES tracks (id),
    period   TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('due30', 'due7', 'overdue')),
    sent_on  TEXT NOT NULL,
    PRIMARY KEY (track_id, period, kind)
) STRICT, WITHOUT ROWID;
