-- Schema version 6: a report is for a period that has begun by the time it is
-- submitted. As-of queries rely on it: what was accepted by a day is for
-- that day's year or earlier.
CREATE TRIGGER updates_period_begun BEFORE INSERT ON updates
WHEN NEW.submitted_at IS NOT NULL
 AND CASE WHEN NEW.period GLOB '*-H2' THEN substr(NEW.period, 1, 4) || '-07-01'
          ELSE substr(NEW.period, 1, 4) || '-01-01' END > substr(NEW.submitted_at, 1, 10)
BEGIN
    SELECT RAISE(ABORT, 'a report cannot be for a period that had not begun when it was submitted');
END;
