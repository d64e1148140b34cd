#include "pg_test_database.hpp"

#include <doctest/doctest.h>
#include <sodium.h>

#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "pg_migration_runner.hpp"

namespace authapi::test {

namespace {

std::string random_schema_name() {
    unsigned char bytes[8];
    randombytes_buf(bytes, sizeof bytes);
    static const char* digits = "0123456789abcdef";
    std::string name = "test_";
    for (unsigned char b : bytes) {
        name += digits[b >> 4];
        name += digits[b & 15];
    }
    return name;
}

void admin_exec(const std::string& sql) {
    pqxx::connection connection(*test_database_url());
    pqxx::nontransaction(connection).exec(sql);
}

}  // namespace

std::optional<std::string> test_database_url() {
    const char* url = std::getenv("AUTH_API_TEST_DATABASE_URL");
    if (url == nullptr || *url == '\0') return std::nullopt;
    return std::string(url);
}

PgTestSchema::PgTestSchema() : name_(random_schema_name()) {
    const auto base = test_database_url();
    if (!base) throw std::logic_error("PgTestSchema without AUTH_API_TEST_DATABASE_URL");
    admin_exec("CREATE SCHEMA " + name_);
    url_ = *base + (base->find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           name_;
}

PgTestSchema::~PgTestSchema() {
    try {
        admin_exec("DROP SCHEMA " + name_ + " CASCADE");
    } catch (const std::exception&) {
        // A leftover schema in a throwaway test cluster harms nothing.
    }
}

PgStores::PgStores() : database(schema.url()), users(database), sessions(database) {
    apply_postgresql_migrations(database, embedded_postgresql_migrations());
}

bool skip_postgres() {
    if (test_database_url()) return false;
    if (std::getenv("CI") != nullptr) {
        FAIL(
            "AUTH_API_TEST_DATABASE_URL is not set under CI: the PostgreSQL cases cannot run "
            "(scripts/test starts a server with scripts/postgres-cluster)");
    }
    static bool said = false;
    if (!said) {
        said = true;
        MESSAGE(
            "PostgreSQL cases skipped: AUTH_API_TEST_DATABASE_URL is not set "
            "(scripts/postgres-cluster start prints one)");
    }
    return true;
}

}  // namespace authapi::test
