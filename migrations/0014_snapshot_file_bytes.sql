-- Schema version 14: a snapshot keeps each file's bytes as they were
-- frozen (gzip), so that a download stays the same file after the words,
-- the names or the spreadsheet layout change. Files frozen before this
-- version have none and are written again from their rows, as before.
ALTER TABLE snapshot_files ADD COLUMN content BLOB;
