-- The PostgreSQL twin of ../0002_create_user_sessions.sql.
-- Only the SHA-256 (hex) of a session token is stored. expires_at NULL means
-- the session never expires. `seq` is insertion order (SQLite's rowid there),
-- the tie-break of listings.
CREATE TABLE user_sessions (
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP(0) NOT NULL,
    updated_at TIMESTAMP(0) NOT NULL,
    expires_at TIMESTAMP(0) NULL
);

CREATE INDEX user_sessions_user_id_idx ON user_sessions(user_id);
CREATE INDEX user_sessions_expires_at_idx ON user_sessions(expires_at);
