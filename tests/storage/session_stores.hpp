#pragma once

// The session stores every SessionRepository contract case runs against,
// each with users "u1" and "u2". PgStore::skip() is true when no PostgreSQL
// test server is configured.
#include "memory_session_repository.hpp"
#include "pg_test_database.hpp"
#include "storage_fixture.hpp"
#include "user_repository.hpp"

namespace authapi::test {

// Users live in SQLite in every mode of a SQLite deployment.
struct WithUsers {
    static bool skip() { return false; }
    WithUsers() {
        storage.users.insert(make_user("u1", "u1@example.com"));
        storage.users.insert(make_user("u2", "u2@example.com"));
    }
    StorageFixture storage;
};

struct SqliteStore : WithUsers {
    SessionRepository& sessions() { return storage.sessions; }
    UserRepository& users() { return storage.users; }
};

struct PgStore {
    static bool skip() { return skip_postgres(); }
    PgStore() {
        stores.users.insert(make_user("u1", "u1@example.com"));
        stores.users.insert(make_user("u2", "u2@example.com"));
    }
    SessionRepository& sessions() { return stores.sessions; }
    UserRepository& users() { return stores.users; }

    PgStores stores;
};

struct MemoryStore : WithUsers {
    SessionRepository& sessions() { return repository; }
    UserRepository& users() { return storage.users; }

    MemorySessionRepository repository{storage.users};
};

}  // namespace authapi::test
