-- Schema version 11: the conversation on each update, drafts submitted
-- later, forms answered once however often they are sent, and the text of a
-- form whose session had ended, kept until its author signs in again.

-- The form an update was sent from (a random id written into the form when
-- it was shown): sent again, it is answered with the update it made.
ALTER TABLE updates ADD COLUMN form_id TEXT
    CHECK (form_id IS NULL OR length(form_id) BETWEEN 1 AND 64);
CREATE UNIQUE INDEX updates_form ON updates (author_id, form_id) WHERE form_id IS NOT NULL;

CREATE TRIGGER updates_form_frozen BEFORE UPDATE OF form_id ON updates
WHEN NEW.form_id IS NOT OLD.form_id
BEGIN
    SELECT RAISE(ABORT, 'the form an update came from never changes');
END;

-- A draft submitted later is for a period that had begun by then, as one
-- submitted at once is (version 6).
CREATE TRIGGER updates_period_begun_at_submission BEFORE UPDATE OF submitted_at ON updates
WHEN NEW.submitted_at IS NOT NULL
 AND CASE WHEN NEW.period GLOB '*-H2' THEN substr(NEW.period, 1, 4) || '-07-01'
          ELSE substr(NEW.period, 1, 4) || '-01-01' END > substr(NEW.submitted_at, 1, 10)
BEGIN
    SELECT RAISE(ABORT, 'a report cannot be for a period that had not begun when it was submitted');
END;

-- The conversation on an update between its author, the focal points of its
-- track's country, reviewers and administrators. Append-only; never in a
-- report.
CREATE TABLE update_comments (
    id         INTEGER PRIMARY KEY,
    update_id  INTEGER NOT NULL REFERENCES updates (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL CHECK (length(trim(body)) > 0 AND length(body) <= 5000),
    created_at TEXT NOT NULL,
    form_id    TEXT CHECK (form_id IS NULL OR length(form_id) BETWEEN 1 AND 64)
) STRICT;

CREATE INDEX update_comments_update ON update_comments (update_id, id);
CREATE UNIQUE INDEX update_comments_form ON update_comments (author_id, form_id)
    WHERE form_id IS NOT NULL;

CREATE TRIGGER update_comments_no_update BEFORE UPDATE ON update_comments
BEGIN
    SELECT RAISE(ABORT, 'comments are append-only');
END;

CREATE TRIGGER update_comments_no_delete BEFORE DELETE ON update_comments
BEGIN
    SELECT RAISE(ABORT, 'comments are append-only');
END;

-- A draft is its author's alone: it has no conversation until it is submitted.
CREATE TRIGGER update_comments_not_on_drafts BEFORE INSERT ON update_comments
WHEN (SELECT state FROM updates WHERE id = NEW.update_id) = 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a draft has no conversation');
END;

-- What a form held when it arrived after its session had ended, for a day:
-- shown again, filled in, on the form's page once its author is signed in.
-- Only a hash of the browser's key is kept.
CREATE TABLE kept_forms (
    id         INTEGER PRIMARY KEY,
    key_hash   TEXT NOT NULL UNIQUE CHECK (length(key_hash) = 64),
    -- The page of the form, e.g. /tracks/12/updates/new.
    page       TEXT NOT NULL CHECK (length(page) BETWEEN 1 AND 200),
    -- Whose session had ended, when the server still knew it: only they get
    -- the text back. NULL: whoever signs in in that browser.
    user_id    INTEGER REFERENCES users (id),
    fields     TEXT NOT NULL CHECK (json_valid(fields)),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX kept_forms_expiry ON kept_forms (expires_at);
