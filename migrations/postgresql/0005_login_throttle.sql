-- The login throttle's sliding windows, shared by every instance on this
-- database, so that N instances give an attacker the configured budget and
-- not N times it.
--
-- One row per throttled key: `key` is the hex SHA-256 of what is counted
-- ("account:" or "ip:" and the email or client address), never the email or
-- address itself. `attempts` holds the key's attempts still in the window,
-- failures and attempts not yet decided alike, each as
-- unix_seconds * 2^24 + a random 24-bit tag (the tag lets a successful check
-- take back exactly its own attempt). One INSERT ... ON CONFLICT DO UPDATE
-- checks the count and adds an attempt under the row's lock, so concurrent
-- checks on any instance never pass the limit together. `last_at` (unix
-- seconds of the newest attempt) lets stale rows be deleted.
--
-- UNLOGGED: two writes per password check are not worth a WAL flush each.
-- A crash of the database server (not a clean restart) or a failover to a
-- standby empties the table: the windows start again from zero, as an
-- instance's own windows do when it restarts on SQLite.
CREATE UNLOGGED TABLE login_throttle (
    key TEXT NOT NULL PRIMARY KEY,
    attempts BIGINT[] NOT NULL,
    last_at BIGINT NOT NULL
);

CREATE INDEX login_throttle_last_at_idx ON login_throttle(last_at);
