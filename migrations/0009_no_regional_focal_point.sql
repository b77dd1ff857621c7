-- Schema version 9: a focal point works for one of the five states, never
-- for the regional track. The application refuses it (domain::Access);
-- the database now does too, so that no row can hold what no page can show.
CREATE TRIGGER users_focal_point_not_regional_insert
BEFORE INSERT ON users
WHEN NEW.role = 'focal-point' AND NEW.country = 'REG'
BEGIN
    SELECT RAISE(ABORT, 'a focal point works for a state, not the regional track');
END;

CREATE TRIGGER users_focal_point_not_regional_update
BEFORE UPDATE OF role, country ON users
WHEN NEW.role = 'focal-point' AND NEW.country = 'REG'
BEGIN
    SELECT RAISE(ABORT, 'a focal point works for a state, not the regional track');
END;
