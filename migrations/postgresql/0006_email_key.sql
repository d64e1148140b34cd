-- The PostgreSQL twin of ../0006_email_key.sql: `email_key` is the domain's
-- email_key() of `email`, unique, what lookups by email compare. The step
-- fills it for existing rows, or refuses (naming them) when two addresses now
-- have the same key; the default is dropped afterwards, so a row written
-- without its key is an error rather than a duplicate.
ALTER TABLE users ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
-- @step fill_email_keys
ALTER TABLE users ALTER COLUMN email_key DROP DEFAULT;
CREATE UNIQUE INDEX users_by_email_key ON users(email_key);
