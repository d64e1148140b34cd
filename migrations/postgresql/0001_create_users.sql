-- The PostgreSQL twin of ../0001_create_users.sql: same columns, same meaning.
-- `seq` gives the creation order that SQLite's rowid gives there (the API's
-- user listing relies on it); it never leaves the database.
-- Timestamps are UTC without a zone, whole seconds, like the SQLite text.
CREATE TABLE users (
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    id TEXT NOT NULL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    first_name TEXT NULL,
    last_name TEXT NULL,
    created_at TIMESTAMP(0) NOT NULL,
    updated_at TIMESTAMP(0) NOT NULL
);
