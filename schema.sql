-- jpoa-tracker schema, version 1.
-- Applied by src/db/migrate.rs; later versions are appended there as new
-- migrations so that an existing database file is upgraded in place.
-- Timestamps are UTC, ISO 8601 with seconds ("2024-03-01T09:30:00Z"), so that
-- text order is time order.

CREATE TABLE pillars (
    number  INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 4),
    name_en TEXT NOT NULL CHECK (length(name_en) > 0),
    name_ru TEXT NOT NULL CHECK (length(name_ru) > 0)
) STRICT;

CREATE TABLE countries (
    code    TEXT PRIMARY KEY CHECK (code IN ('KZ', 'KG', 'TJ', 'TM', 'UZ', 'REG')),
    iso3    TEXT,
    numeric TEXT,
    name_en TEXT NOT NULL CHECK (length(name_en) > 0),
    name_ru TEXT NOT NULL CHECK (length(name_ru) > 0),
    kind    TEXT NOT NULL CHECK (kind IN ('state', 'region')),
    sort    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
    title_en      TEXT NOT NULL CHECK (length(title_en) > 0),
    title_ru      TEXT NOT NULL DEFAULT '',
    symbol        TEXT NOT NULL DEFAULT '',
    place         TEXT NOT NULL DEFAULT '',
    adopted_on    TEXT NOT NULL CHECK (adopted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    horizon_start INTEGER NOT NULL CHECK (horizon_start BETWEEN 2022 AND 2031),
    horizon_end   INTEGER NOT NULL CHECK (horizon_end BETWEEN 2022 AND 2031),
    CHECK (horizon_start <= horizon_end)
) STRICT;

CREATE TABLE themes (
    code    TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 40 AND code NOT GLOB '*[^a-z0-9-]*'),
    name_en TEXT NOT NULL CHECK (length(name_en) > 0),
    name_ru TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE commitments (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
    pillar       INTEGER NOT NULL REFERENCES pillars (number),
    theme        TEXT NOT NULL REFERENCES themes (code),
    target_year  INTEGER NOT NULL CHECK (target_year BETWEEN 2022 AND 2031),
    title_en     TEXT NOT NULL CHECK (length(title_en) BETWEEN 1 AND 2000),
    title_ru     TEXT NOT NULL DEFAULT '' CHECK (length(title_ru) <= 2000),
    -- 1 for the seeded paraphrases; official text loaded by import is 0.
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (document_id, code)
) STRICT;

CREATE INDEX commitments_pillar ON commitments (pillar, code);

CREATE TABLE tracks (
    id            INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id),
    country       TEXT NOT NULL REFERENCES countries (code),
    UNIQUE (commitment_id, country)
) STRICT;

CREATE INDEX tracks_country ON tracks (country, commitment_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'focal-point', 'donor')),
    country       TEXT REFERENCES countries (code),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    is_demo       INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    created_at    TEXT NOT NULL,
    -- A focal point is bound to exactly one country; nobody else has one.
    CHECK ((role = 'focal-point') = (country IS NOT NULL))
) STRICT;

-- Browser sessions and API tokens alike; only a SHA-256 of the secret is kept,
-- so a copy of the database does not let anyone in.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL CHECK (kind IN ('cookie', 'api')),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX sessions_user ON sessions (user_id);

-- One-time links to set a password: with no user, the link that creates the
-- first administrator; with a user, an invitation to choose their password.
CREATE TABLE password_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER REFERENCES users (id),
    expires_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE updates (
    id             INTEGER PRIMARY KEY,
    track_id       INTEGER NOT NULL REFERENCES tracks (id),
    period         TEXT NOT NULL CHECK (
        period GLOB '20[23][0-9]' OR period GLOB '20[23][0-9]-H[12]'),
    -- year * 10 + 1 for H1, + 2 for H2 and for a whole year: both end on 31 December.
    period_rank    INTEGER NOT NULL CHECK (period_rank BETWEEN 20221 AND 20312),
    status         TEXT NOT NULL CHECK (status IN ('not_started', 'limited', 'substantial', 'complete')),
    narrative_en   TEXT NOT NULL DEFAULT '' CHECK (length(narrative_en) <= 10000),
    narrative_ru   TEXT NOT NULL DEFAULT '' CHECK (length(narrative_ru) <= 10000),
    evidence_url   TEXT NOT NULL DEFAULT '' CHECK (length(evidence_url) <= 2000),
    state          TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'accepted')),
    author_id      INTEGER NOT NULL REFERENCES users (id),
    created_at     TEXT NOT NULL,
    submitted_at   TEXT,
    reviewer_id    INTEGER REFERENCES users (id),
    reviewed_at    TEXT,
    review_comment TEXT NOT NULL DEFAULT '' CHECK (length(review_comment) <= 5000),
    -- A resubmission after a return is a new row pointing at the returned one,
    -- so what was first said and why it came back stay on the record.
    revises_id     INTEGER REFERENCES updates (id),
    is_demo        INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    CHECK (state = 'draft' OR submitted_at IS NOT NULL),
    CHECK ((state IN ('accepted', 'returned')) = (reviewer_id IS NOT NULL AND reviewed_at IS NOT NULL)),
    CHECK (reviewer_id IS NULL OR reviewer_id <> author_id)
) STRICT;

-- The status of a track at a time: its accepted updates, latest period first.
CREATE INDEX updates_track_accepted ON updates (track_id, period_rank DESC, reviewed_at DESC, id DESC)
    WHERE state = 'accepted';
-- A track's history on its page, newest period first.
CREATE INDEX updates_track ON updates (track_id, period_rank DESC, id DESC);
-- The review queue and its counts, without reading the rows themselves.
CREATE INDEX updates_state ON updates (state, submitted_at, track_id);
CREATE INDEX updates_author ON updates (author_id, state);
CREATE INDEX updates_reviewed ON updates (reviewed_at) WHERE state = 'accepted';
CREATE UNIQUE INDEX updates_one_revision ON updates (revises_id) WHERE revises_id IS NOT NULL;

-- The record is append-only. What an update says never changes once submitted;
-- its state only moves forward; nothing but a draft is ever deleted.
CREATE TRIGGER updates_no_delete BEFORE DELETE ON updates
WHEN OLD.state <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'updates are append-only');
END;

CREATE TRIGGER updates_frozen_content BEFORE UPDATE ON updates
WHEN OLD.state <> 'draft' AND (
    NEW.track_id IS NOT OLD.track_id OR NEW.period IS NOT OLD.period
    OR NEW.period_rank IS NOT OLD.period_rank OR NEW.status IS NOT OLD.status
    OR NEW.narrative_en IS NOT OLD.narrative_en OR NEW.narrative_ru IS NOT OLD.narrative_ru
    OR NEW.evidence_url IS NOT OLD.evidence_url OR NEW.author_id IS NOT OLD.author_id
    OR NEW.created_at IS NOT OLD.created_at OR NEW.submitted_at IS NOT OLD.submitted_at
    OR NEW.revises_id IS NOT OLD.revises_id OR NEW.is_demo IS NOT OLD.is_demo)
BEGIN
    SELECT RAISE(ABORT, 'a submitted update cannot be edited');
END;

CREATE TRIGGER updates_state_forward BEFORE UPDATE OF state ON updates
WHEN NOT (
    OLD.state = NEW.state AND OLD.state = 'draft'
    OR OLD.state = 'draft' AND NEW.state = 'submitted'
    OR OLD.state = 'submitted' AND NEW.state IN ('accepted', 'returned'))
BEGIN
    SELECT RAISE(ABORT, 'invalid update state change');
END;

CREATE TRIGGER updates_decided_final BEFORE UPDATE ON updates
WHEN OLD.state IN ('accepted', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'a reviewed update is final');
END;

-- Every change, appended in the same transaction as the change itself: who,
-- what, when (UTC), and the record before and after as JSON.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    -- NULL when nobody was signed in (a failed sign-in, the command line).
    actor_id   INTEGER REFERENCES users (id),
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 40),
    subject    TEXT NOT NULL DEFAULT '',
    before     TEXT CHECK (before IS NULL OR json_valid(before)),
    after      TEXT CHECK (after IS NULL OR json_valid(after))
) STRICT;

CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
