-- Schema version 15: the record's own version.
--
-- What the server keeps between requests (the dashboard's figures, lists,
-- commitment pages) is computed from the record alone, so it is kept until
-- the record changes, not until anything at all is committed: a session's
-- last-seen time, a sign-in, a notification, a mail in the outbox or an
-- audit row leave it in place. Every change to a table of the record, by
-- the server or by any other process on the file, draws a new value here in
-- the same transaction. A random value rather than a count, so that a file
-- put back from a copy never shows a version already seen for other content.
CREATE TABLE record_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    v  INTEGER NOT NULL
) STRICT;
INSERT INTO record_version (id, v) VALUES (1, random());

-- pillars
CREATE TRIGGER record_version_pillars_insert AFTER INSERT ON pillars
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_pillars_update AFTER UPDATE ON pillars
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_pillars_delete AFTER DELETE ON pillars
BEGIN UPDATE record_version SET v = random(); END;

-- countries
CREATE TRIGGER record_version_countries_insert AFTER INSERT ON countries
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_countries_update AFTER UPDATE ON countries
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_countries_delete AFTER DELETE ON countries
BEGIN UPDATE record_version SET v = random(); END;

-- documents
CREATE TRIGGER record_version_documents_insert AFTER INSERT ON documents
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_documents_update AFTER UPDATE ON documents
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_documents_delete AFTER DELETE ON documents
BEGIN UPDATE record_version SET v = random(); END;

-- themes
CREATE TRIGGER record_version_themes_insert AFTER INSERT ON themes
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_themes_update AFTER UPDATE ON themes
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_themes_delete AFTER DELETE ON themes
BEGIN UPDATE record_version SET v = random(); END;

-- commitments
CREATE TRIGGER record_version_commitments_insert AFTER INSERT ON commitments
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_commitments_update AFTER UPDATE ON commitments
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_commitments_delete AFTER DELETE ON commitments
BEGIN UPDATE record_version SET v = random(); END;

-- tracks
CREATE TRIGGER record_version_tracks_insert AFTER INSERT ON tracks
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_tracks_update AFTER UPDATE ON tracks
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_tracks_delete AFTER DELETE ON tracks
BEGIN UPDATE record_version SET v = random(); END;

-- updates
CREATE TRIGGER record_version_updates_insert AFTER INSERT ON updates
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_updates_update AFTER UPDATE ON updates
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_updates_delete AFTER DELETE ON updates
BEGIN UPDATE record_version SET v = random(); END;

-- reporting_cycles
CREATE TRIGGER record_version_reporting_cycles_insert AFTER INSERT ON reporting_cycles
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_reporting_cycles_update AFTER UPDATE ON reporting_cycles
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_reporting_cycles_delete AFTER DELETE ON reporting_cycles
BEGIN UPDATE record_version SET v = random(); END;

-- period_ranks
CREATE TRIGGER record_version_period_ranks_insert AFTER INSERT ON period_ranks
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_period_ranks_update AFTER UPDATE ON period_ranks
BEGIN UPDATE record_version SET v = random(); END;
CREATE TRIGGER record_version_period_ranks_delete AFTER DELETE ON period_ranks
BEGIN UPDATE record_version SET v = random(); END;

-- People's names show in the histories; their sign-ins, languages and
-- passwords are not the record.
CREATE TRIGGER record_version_users_name AFTER UPDATE OF name ON users
WHEN OLD.name IS NOT NEW.name
BEGIN UPDATE record_version SET v = random(); END;
