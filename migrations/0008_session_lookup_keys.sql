-- A session lookup that reads two pages of the file, whatever the number of
-- rows: the session by its rowid, then its user by theirs. Before this step it
-- read four (the token_hash index, the session, the users' id index, the user),
-- which no page cache of a few MiB holds once there are a million of each;
-- the upper levels of a rowid table's B-tree are small enough that it does.
--
-- users gets `seq`, its rowid under a name: unlike a bare rowid, an INTEGER
-- PRIMARY KEY survives VACUUM, so sessions may point at it. Existing users
-- keep their rowid, so the listing's creation order is unchanged.
--
-- user_sessions is keyed by `key`: the first 64 bits of the token hash as a
-- signed integer (storage/session_row_key.hpp), so the lookup finds the row
-- without an index. When two token hashes share those bits, the later row
-- takes a free rowid instead and is found through the token_hash index (the
-- lookup tries the key first, then the index); so is a row written by hand.
-- `seq` is the creation order that the rowid used to give (the tie-break of
-- the listings, and the cursor's position); `user_seq` is the user's `seq`.
-- The trigger at the end fills both on every insert.
--
-- SQLite cannot add a primary key to a table: both tables are rebuilt,
-- following SQLite's documented procedure (foreign keys off for the step,
-- then checked before it commits). Sessions whose user no longer exists
-- (possible only after a user was deleted by hand with foreign keys off) are
-- not carried over: no request could use them.
-- @foreign_keys off
CREATE TABLE users_rebuilt (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    first_name TEXT NULL,
    last_name TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    credential_version INTEGER NOT NULL DEFAULT 1,
    email_key TEXT NOT NULL DEFAULT '',
    is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1))
);
INSERT INTO users_rebuilt (seq, id, email, password_hash, first_name, last_name, created_at,
                           updated_at, credential_version, email_key, is_admin)
    SELECT rowid, id, email, password_hash, first_name, last_name, created_at, updated_at,
           credential_version, email_key, is_admin
    FROM users ORDER BY rowid;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE UNIQUE INDEX users_by_email_key ON users(email_key);

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
    credential_version INTEGER NOT NULL DEFAULT 1
);
-- @step copy_sessions_with_keys
DROP TABLE user_sessions;
ALTER TABLE user_sessions_rebuilt RENAME TO user_sessions;
CREATE INDEX user_sessions_user_id_idx ON user_sessions(user_id);
CREATE INDEX user_sessions_expires_at_idx ON user_sessions(expires_at);
CREATE INDEX user_sessions_last_seen_at_idx ON user_sessions(last_seen_at);

-- seq and user_seq are NULL-able only so that this trigger can fill them:
-- auth-api's own inserts and any written by hand leave them out.
CREATE TRIGGER user_sessions_positions AFTER INSERT ON user_sessions
WHEN NEW.seq IS NULL OR NEW.user_seq IS NULL
BEGIN
    UPDATE user_sessions
    SET seq = coalesce(NEW.seq, (SELECT coalesce(max(seq), 0) + 1 FROM user_sessions)),
        user_seq = (SELECT seq FROM users WHERE id = NEW.user_id)
    WHERE key = NEW.key;
END;
