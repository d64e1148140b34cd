-- The PostgreSQL twin of ../0004_credential_version.sql: every password change
-- adds one to users.credential_version, and a session is valid only while its
-- own credential_version is its user's.
ALTER TABLE users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE user_sessions ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1;
