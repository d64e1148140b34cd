#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "postgresql_backend.hpp"

// Exit status meson reports as SKIP.
constexpr int kSkipped = 77;

int main(int argc, char** argv) {
    const char* backend = std::getenv("AUTH_API_E2E_BACKEND");
    if (backend != nullptr && std::string(backend) == "postgresql" &&
        !authapi::e2e::postgresql_backend_url()) {
        std::cerr << "e2e on PostgreSQL: AUTH_API_TEST_DATABASE_URL is not set "
                     "(scripts/postgres-cluster start prints one)\n";
        // Under CI a skip would hide a broken setup.
        return std::getenv("CI") != nullptr ? 1 : kSkipped;
    }
    doctest::Context context(argc, argv);
    return context.run();
}
