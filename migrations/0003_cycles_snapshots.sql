-- Reporting cycles and citable snapshots.

-- When reports are due, per outcome document. No row means the default:
-- annual, due 31 days after the period ends (the year's report by 31 January).
CREATE TABLE reporting_cycles (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id),
    cycle       TEXT NOT NULL CHECK (cycle IN ('annual', 'semiannual')),
    due_days    INTEGER NOT NULL CHECK (due_days BETWEEN 0 AND 365),
    -- Optimistic concurrency: a form carries the version it was read at.
    version     INTEGER NOT NULL CHECK (version >= 1),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER REFERENCES users (id)
) STRICT;

-- A frozen set of reports. The rows are stored, not recomputed, so that a
-- later import or correction cannot change what was cited.
CREATE TABLE snapshots (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 120),
    as_of       TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- The filters, as query-string pairs in JSON.
    filters     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id)
) STRICT;

-- Each report's rows (both languages' name columns) as plain CSV.
CREATE TABLE snapshot_reports (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
    report      TEXT NOT NULL CHECK (report IN ('commitments', 'progress', 'status-matrix', 'timeline')),
    rows        INTEGER NOT NULL,
    content     BLOB NOT NULL,
    PRIMARY KEY (snapshot_id, report)
) STRICT, WITHOUT ROWID;

-- The SHA-256 of every file a snapshot offers, taken when it was frozen;
-- a download is checked against it before it is sent.
CREATE TABLE snapshot_files (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
    report      TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('csv', 'csv-semicolon', 'xlsx')),
    lang        TEXT NOT NULL CHECK (lang IN ('en', 'ru')),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    size        INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, report, format, lang),
    FOREIGN KEY (snapshot_id, report) REFERENCES snapshot_reports (snapshot_id, report)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER snapshots_frozen BEFORE UPDATE ON snapshots
BEGIN
    SELECT RAISE(ABORT, 'snapshots are frozen');
END;
CREATE TRIGGER snapshots_kept BEFORE DELETE ON snapshots
BEGIN
    SELECT RAISE(ABORT, 'snapshots are kept');
END;
CREATE TRIGGER snapshot_reports_frozen BEFORE UPDATE ON snapshot_reports
BEGIN
    SELECT RAISE(ABORT, 'snapshots are frozen');
END;
CREATE TRIGGER snapshot_reports_kept BEFORE DELETE ON snapshot_reports
BEGIN
    SELECT RAISE(ABORT, 'snapshots are kept');
END;
CREATE TRIGGER snapshot_files_frozen BEFORE UPDATE ON snapshot_files
BEGIN
    SELECT RAISE(ABORT, 'snapshots are frozen');
END;
CREATE TRIGGER snapshot_files_kept BEFORE DELETE ON snapshot_files
BEGIN
    SELECT RAISE(ABORT, 'snapshots are kept');
END;
