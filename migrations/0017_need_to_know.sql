-- Schema version 17: need to know. Each update has a sensitivity: who may
-- read what it says (its status counts for everyone). The author proposes
-- it; the reviewer may change it with the decision, in the same write that
-- decides; after that, a change is a row of its own, appended, so that the
-- record keeps what held on each day.
ALTER TABLE updates ADD COLUMN sensitivity TEXT NOT NULL DEFAULT 'partners'
    CHECK (sensitivity IN ('public', 'partners', 'restricted'));

-- A submitted update's sensitivity changes only with its decision.
CREATE TRIGGER updates_sensitivity_with_decision BEFORE UPDATE OF sensitivity ON updates
WHEN NEW.sensitivity IS NOT OLD.sensitivity
    AND NOT (OLD.state = 'draft' OR (OLD.state = 'submitted' AND NEW.state IN ('accepted', 'returned')))
BEGIN
    SELECT RAISE(ABORT, 'a submitted update''s sensitivity changes only with its decision');
END;

CREATE TABLE update_sensitivity (
    id          INTEGER PRIMARY KEY,
    update_id   INTEGER NOT NULL REFERENCES updates (id),
    sensitivity TEXT NOT NULL CHECK (sensitivity IN ('public', 'partners', 'restricted')),
    set_at      TEXT NOT NULL,
    set_by      INTEGER NOT NULL REFERENCES users (id)
) STRICT;

CREATE INDEX update_sensitivity_update ON update_sensitivity (update_id, set_at DESC, id DESC);

CREATE TRIGGER update_sensitivity_accepted_only BEFORE INSERT ON update_sensitivity
WHEN (SELECT state FROM updates WHERE id = NEW.update_id) IS NOT 'accepted'
BEGIN
    SELECT RAISE(ABORT, 'only an accepted update''s sensitivity is changed after its decision');
END;

CREATE TRIGGER update_sensitivity_no_update BEFORE UPDATE ON update_sensitivity
BEGIN
    SELECT RAISE(ABORT, 'sensitivity changes are append-only');
END;

CREATE TRIGGER update_sensitivity_no_delete BEFORE DELETE ON update_sensitivity
BEGIN
    SELECT RAISE(ABORT, 'sensitivity changes are append-only');
END;

CREATE TRIGGER record_version_update_sensitivity_insert AFTER INSERT ON update_sensitivity
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_update_sensitivity_update AFTER UPDATE ON update_sensitivity
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_update_sensitivity_delete AFTER DELETE ON update_sensitivity
BEGIN UPDATE record_version SET v = random(); END;
