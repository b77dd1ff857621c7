-- Schema version 8: a session keeps the address it was started from, so that
-- its owner can tell their sessions apart on the account page. Sessions
-- started before have none.
ALTER TABLE sessions ADD COLUMN address TEXT;
