#!/usr/bin/env python3
"""Seeds a migrated auth-api database with N users and N sessions, straight
into the store (the API would take hours at one Argon2id hash per user).

Every user gets the same password hash (made by `auth-api create-user`, so it
is the server's own format); session i belongs to user i and its token is
"bench-token-<i>", stored as the server stores tokens: SHA-256 hex. In SQLite
each session also gets what auth-api's insert gives it: its key (the rowid the
lookup reads it at, storage/session_row_key.hpp) and seq; the schema's trigger
copies its user into it, as for every insert.

usage: seed.py DB_PATH USERS SESSIONS PASSWORD_HASH
       seed.py --copy users|sessions USERS SESSIONS PASSWORD_HASH
The second form prints the rows of one table as PostgreSQL COPY text, in the
columns named by `--columns users|sessions`, for `psql -c "COPY ... FROM STDIN"`.
"""
import hashlib
import sqlite3
import sys

NOW = "2026-01-01 00:00:00"
USER_COLUMNS = "id, email, email_key, password_hash, first_name, last_name, created_at, updated_at"
SESSION_COLUMNS = "id, user_id, token_hash, created_at, updated_at, expires_at"


def user_rows(users, password_hash):
    # The addresses are lower-case ASCII already: each is its own email key.
    for i in range(1, users + 1):
        yield (f"00000000-0000-4000-8000-{i:012d}", f"user{i}@bench.test", f"user{i}@bench.test",
               password_hash, f"User {i}", None, NOW, NOW)


def session_rows(sessions, users):
    for i in range(1, sessions + 1):
        yield (f"10000000-0000-4000-8000-{i:012d}", f"00000000-0000-4000-8000-{(i - 1) % users + 1:012d}",
               hashlib.sha256(f"bench-token-{i}".encode()).hexdigest(), NOW, NOW, None)


def session_row_key(token_hash):
    # The first 64 bits of the hash as a signed integer (two's complement).
    bits = int(token_hash[:16], 16)
    return bits - (1 << 64) if bits >= 1 << 63 else bits


def sqlite_session_rows(sessions, users):
    for seq, row in enumerate(session_rows(sessions, users), start=1):
        yield (session_row_key(row[2]), seq) + row


def seed_sqlite(db_path, users, sessions, password_hash):
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA synchronous=OFF")
    with db:
        db.executemany(f"INSERT INTO users ({USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       user_rows(users, password_hash))
        db.executemany(f"INSERT INTO user_sessions (key, seq, {SESSION_COLUMNS}) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       sqlite_session_rows(sessions, users))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def print_copy(rows):
    # None is COPY's \N; no value here holds a tab, a newline or a backslash.
    out = sys.stdout
    for row in rows:
        out.write("\t".join("\\N" if value is None else value for value in row))
        out.write("\n")


def main():
    if sys.argv[1] == "--columns":
        print(USER_COLUMNS if sys.argv[2] == "users" else SESSION_COLUMNS)
    elif sys.argv[1] == "--copy":
        table, users, sessions, password_hash = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        print_copy(user_rows(users, password_hash) if table == "users" else session_rows(sessions, users))
    else:
        seed_sqlite(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])


if __name__ == "__main__":
    main()
