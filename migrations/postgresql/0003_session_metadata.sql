-- The PostgreSQL twin of ../0003_session_metadata.sql: who is logged in from
-- where, and since when. Existing sessions are kept, last seen when last
-- written, client unknown (NULL).
ALTER TABLE user_sessions ADD COLUMN last_seen_at TIMESTAMP(0) NULL;
ALTER TABLE user_sessions ADD COLUMN ip TEXT NULL;
ALTER TABLE user_sessions ADD COLUMN user_agent TEXT NULL;
UPDATE user_sessions SET last_seen_at = updated_at;

CREATE INDEX user_sessions_last_seen_at_idx ON user_sessions(last_seen_at);
