-- A rowid table on purpose: ORDER BY rowid is creation order, which the
-- API's user listing relies on.
-- NOT NULL on the primary key because SQLite, for legacy reasons, lets a
-- rowid table's TEXT PRIMARY KEY hold NULL.
-- Timestamps are "YYYY-MM-DD HH:MM:SS" UTC text, so they compare correctly
-- as strings and read the same as SQLite's datetime().
CREATE TABLE users (
    id TEXT NOT NULL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    first_name TEXT NULL,
    last_name TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
