-- Schema version 2: the interface language a person chose (NULL: not chosen,
-- the browser's language applies).
ALTER TABLE users ADD COLUMN lang TEXT CHECK (lang IN ('en', 'ru'));
