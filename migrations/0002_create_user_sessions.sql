-- Only the SHA-256 (hex) of a session token is stored, so a copy of the
-- database does not hand out live sessions. `id` is the public handle.
-- expires_at NULL means the session never expires.
CREATE TABLE user_sessions (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    expires_at TEXT NULL
);

-- Without it, every user deletion scans the whole table for the cascade.
CREATE INDEX user_sessions_user_id_idx ON user_sessions(user_id);

-- The periodic purge of expired sessions is a range scan on this.
CREATE INDEX user_sessions_expires_at_idx ON user_sessions(expires_at);
