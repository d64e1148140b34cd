-- A session lookup that reads one page of the file: the session's row carries
-- a copy of its user's columns, so the hot path (migrations/0008's key, then
-- nothing else) never reads the users table. With a million users and
-- sessions no page cache of a few MiB holds either table, and every page read
-- is a system call, a 4 KiB copy and a parse.
--
-- The copy is the schema's business, not the application's: the triggers at
-- the end keep it equal to the user's row for every writer of the file
-- (auth-api, the command line, another instance, or sqlite3 by hand).
--   * A session inserted, or moved to another user, takes the user's columns.
--     With no such user (written by hand with foreign keys off) they stay
--     NULL, and the lookup finds nothing.
--   * A user updated pushes the change into their sessions, in the same
--     transaction; so a password change (credential_version) voids them at
--     once, as before.
--   * A user deleted ends their sessions even with foreign keys off, where
--     the cascade does not run.
-- The password hash is not copied: nothing that holds a session reads it.
--
-- user_seq (0008) stays, filled as before, though nothing here reads it any
-- more: an instance of the previous release still running on the file (two
-- instances over one file, upgraded one at a time) keeps finding sessions
-- with it until it is restarted.
--
-- SQLite cannot add columns in the middle of a row, or fill them without
-- rewriting it: the table is rebuilt in key order, the way SQLite documents
-- it (foreign keys off for the step, checked before it commits).
-- @foreign_keys off
CREATE TABLE user_sessions_rebuilt (
    key INTEGER PRIMARY KEY,
    seq INTEGER NULL UNIQUE,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_seq INTEGER NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    expires_at TEXT NULL,
    last_seen_at TEXT NULL,
    ip TEXT NULL,
    user_agent TEXT NULL,
    credential_version INTEGER NOT NULL DEFAULT 1,
    user_email TEXT NULL,
    user_first_name TEXT NULL,
    user_last_name TEXT NULL,
    user_created_at TEXT NULL,
    user_updated_at TEXT NULL,
    user_is_admin INTEGER NULL,
    user_credential_version INTEGER NULL
);
INSERT INTO user_sessions_rebuilt (key, seq, id, user_id, user_seq, token_hash, created_at,
                                   updated_at,
                                   expires_at, last_seen_at, ip, user_agent, credential_version,
                                   user_email, user_first_name, user_last_name, user_created_at,
                                   user_updated_at, user_is_admin, user_credential_version)
    SELECT s.key, s.seq, s.id, s.user_id, u.seq, s.token_hash, s.created_at, s.updated_at, s.expires_at,
           s.last_seen_at, s.ip, s.user_agent, s.credential_version,
           u.email, u.first_name, u.last_name, u.created_at, u.updated_at, u.is_admin,
           u.credential_version
    FROM user_sessions s JOIN users u ON u.id = s.user_id
    ORDER BY s.key;
DROP TABLE user_sessions;
ALTER TABLE user_sessions_rebuilt RENAME TO user_sessions;
CREATE INDEX user_sessions_user_id_idx ON user_sessions(user_id);
CREATE INDEX user_sessions_expires_at_idx ON user_sessions(expires_at);
CREATE INDEX user_sessions_last_seen_at_idx ON user_sessions(last_seen_at);

-- seq (creation order, 0008), user_seq and the user's columns are NULL-able
-- only so that these two can fill them: inserts leave them out.
CREATE TRIGGER user_sessions_fill AFTER INSERT ON user_sessions
BEGIN
    UPDATE user_sessions
    SET seq = coalesce(NEW.seq, (SELECT coalesce(max(seq), 0) + 1 FROM user_sessions)),
        (user_seq, user_email, user_first_name, user_last_name, user_created_at,
         user_updated_at, user_is_admin, user_credential_version) =
        (SELECT seq, email, first_name, last_name, created_at, updated_at, is_admin,
                credential_version
         FROM users WHERE id = NEW.user_id)
    WHERE key = NEW.key;
END;
CREATE TRIGGER user_sessions_refill AFTER UPDATE OF user_id ON user_sessions
WHEN OLD.user_id IS NOT NEW.user_id
BEGIN
    UPDATE user_sessions
    SET (user_seq, user_email, user_first_name, user_last_name, user_created_at,
         user_updated_at, user_is_admin, user_credential_version) =
        (SELECT seq, email, first_name, last_name, created_at, updated_at, is_admin,
                credential_version
         FROM users WHERE id = NEW.user_id)
    WHERE key = NEW.key;
END;
-- A changed id (by hand: auth-api never changes one) takes the sessions
-- along, as the user they were logged in as.
CREATE TRIGGER users_copy_to_sessions
AFTER UPDATE OF id, seq, email, first_name, last_name, created_at, updated_at, is_admin,
                credential_version ON users
BEGIN
    UPDATE user_sessions
    SET user_id = NEW.id,
        (user_seq, user_email, user_first_name, user_last_name, user_created_at,
         user_updated_at, user_is_admin, user_credential_version) =
        (NEW.seq, NEW.email, NEW.first_name, NEW.last_name, NEW.created_at, NEW.updated_at,
         NEW.is_admin, NEW.credential_version)
    WHERE user_id = OLD.id;
END;
CREATE TRIGGER users_end_sessions AFTER DELETE ON users
BEGIN
    DELETE FROM user_sessions WHERE user_id = OLD.id;
END;
