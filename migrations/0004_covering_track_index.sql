-- Queries that walk one track's updates by period (its history as of a day,
-- what is due) test submission and review times on every row: with them in
-- the index, rows that do not count are skipped without reading the table.
DROP INDEX updates_track;
CREATE INDEX updates_track ON updates (track_id, period_rank DESC, id DESC, submitted_at, reviewed_at, state);
