-- Who is logged in from where, and since when. Existing sessions are kept:
-- their last request is unknown, so it counts as the last time the row was
-- written; their client is unknown (NULL).
ALTER TABLE user_sessions ADD COLUMN last_seen_at TEXT NULL;
ALTER TABLE user_sessions ADD COLUMN ip TEXT NULL;
ALTER TABLE user_sessions ADD COLUMN user_agent TEXT NULL;
UPDATE user_sessions SET last_seen_at = updated_at;

-- The purge of idle sessions is a range scan on this.
CREATE INDEX user_sessions_last_seen_at_idx ON user_sessions(last_seen_at);
