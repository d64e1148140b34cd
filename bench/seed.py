#!/usr/bin/env python3
"""Seeds a migrated auth-api database with N users and N sessions, straight
into SQLite (the API would take hours at one Argon2id hash per user).

Every user gets the same password hash (made by `auth-api create-user`, so it
is the server's own format); session i belongs to user i and its token is
"bench-token-<i>", stored as the server stores tokens: SHA-256 hex.

usage: seed.py DB_PATH USERS SESSIONS PASSWORD_HASH
"""
import hashlib
import sqlite3
import sys


def main():
    db_path, users, sessions, password_hash = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    now = "2026-01-01 00:00:00"
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA synchronous=OFF")
    with db:
        db.executemany(
            "INSERT INTO users (id, email, email_key, password_hash, first_name, last_name, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
            # The addresses are lower-case ASCII already: each is its own email key.
            ((f"00000000-0000-4000-8000-{i:012d}", f"user{i}@bench.test", f"user{i}@bench.test", password_hash,
              f"User {i}", now, now)
             for i in range(1, users + 1)))
        db.executemany(
            "INSERT INTO user_sessions (id, user_id, token_hash, created_at, updated_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, NULL)",
            ((f"10000000-0000-4000-8000-{i:012d}", f"00000000-0000-4000-8000-{(i - 1) % users + 1:012d}",
              hashlib.sha256(f"bench-token-{i}".encode()).hexdigest(), now, now)
             for i in range(1, sessions + 1)))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


if __name__ == "__main__":
    main()
