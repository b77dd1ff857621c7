-- Schema version 10: a second factor per account (a TOTP secret, pending
-- until its first code confirms it), its one-time recovery codes (kept
-- hashed), and sign-ins whose password was right and whose code is awaited.
CREATE TABLE second_factors (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id),
    -- base32; a TOTP secret must be read back to compute codes.
    secret       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    -- NULL while enrolment waits for its first code.
    confirmed_at TEXT,
    -- The last time step whose code was accepted: none at or before it is.
    last_step    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE recovery_codes (
    user_id   INTEGER NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    used_at   TEXT,
    PRIMARY KEY (user_id, code_hash)
) STRICT, WITHOUT ROWID;

CREATE TABLE pending_sign_ins (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    -- The page to go on to once the code is right.
    next       TEXT NOT NULL,
    address    TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX pending_sign_ins_user ON pending_sign_ins(user_id);
