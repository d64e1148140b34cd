-- One account per address, whatever its case or surrounding whitespace:
-- `email_key` is the domain's email_key() of `email` (trimmed, ASCII letters
-- in lower case; domain/email_address.hpp), unique, and what every lookup by
-- email compares. `email` keeps the address as it was typed.
-- SQL does not know that rule, so the step below computes the key of every
-- existing row; when two existing addresses now have the same key it refuses
-- the whole migration, naming the rows, and nothing changes.
-- NOT NULL DEFAULT '': SQLite can add a NOT NULL column only with a default;
-- auth-api always writes the key.
ALTER TABLE users ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
-- @step fill_email_keys
CREATE UNIQUE INDEX users_by_email_key ON users(email_key);
