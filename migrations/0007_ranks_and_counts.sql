-- Schema version 7, for speed at a million updates.
--
-- The ranks a period can have (2022-H1 … 2031, see Period::rank), so that a
-- track's status is found with one index seek per period, newest first,
-- instead of a walk over every later acceptance.
CREATE TABLE period_ranks (rank INTEGER PRIMARY KEY) STRICT;
INSERT INTO period_ranks (rank)
WITH RECURSIVE y(n) AS (SELECT 2022 UNION ALL SELECT n + 1 FROM y WHERE n < 2031)
SELECT n * 10 + h FROM y, (SELECT 1 AS h UNION ALL SELECT 2);

-- How many updates are in each state, kept by triggers in the same
-- transaction as the change, so that home pages need not count them.
CREATE TABLE update_counts (
    state TEXT PRIMARY KEY CHECK (state IN ('draft', 'submitted', 'returned', 'accepted')),
    n     INTEGER NOT NULL CHECK (n >= 0)
) STRICT, WITHOUT ROWID;
INSERT INTO update_counts (state, n)
SELECT s.state, (SELECT count(*) FROM updates u WHERE u.state = s.state)
FROM (SELECT 'draft' AS state UNION ALL SELECT 'submitted' UNION ALL SELECT 'returned'
      UNION ALL SELECT 'accepted') s;

CREATE TRIGGER update_counts_insert AFTER INSERT ON updates
BEGIN
    UPDATE update_counts SET n = n + 1 WHERE state = NEW.state;
END;

CREATE TRIGGER update_counts_state AFTER UPDATE OF state ON updates
WHEN OLD.state <> NEW.state
BEGIN
    UPDATE update_counts SET n = n - 1 WHERE state = OLD.state;
    UPDATE update_counts SET n = n + 1 WHERE state = NEW.state;
END;

CREATE TRIGGER update_counts_delete AFTER DELETE ON updates
BEGIN
    UPDATE update_counts SET n = n - 1 WHERE state = OLD.state;
END;
