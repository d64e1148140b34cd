-- Which credential a session was opened with. Every password change adds one
-- to users.credential_version; a session is valid only while its own
-- credential_version is its user's (a session opened with the old password is
-- dead the moment the new one is stored, whatever the timing), and a session
-- row is only ever inserted for the version its login verified.
-- Existing users start at 1, and existing sessions belong to that version.
ALTER TABLE users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE user_sessions ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1;
