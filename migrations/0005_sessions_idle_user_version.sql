-- Schema version 5: sessions end after a spell of inactivity as well as at
-- their absolute end, and accounts carry a version so that an administrator's
-- stale form cannot undo a change made meanwhile.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
UPDATE sessions SET last_seen_at = created_at;
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
