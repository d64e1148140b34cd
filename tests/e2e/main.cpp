#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "postgresql_backend.hpp"
#include "server_process.hpp"

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
    const int result = context.run();
    if (context.shouldExit()) return result;
    // A sanitizer report in a server's log fails the run even when the test
    // that started it passed (a report at exit, say, after every check).
    const int reports = authapi::e2e::sanitizer_reports();
    if (reports > 0) {
        std::fprintf(stderr, "e2e: %d auth-api run(s) printed a sanitizer report (above)\n",
                     reports);
        return result == 0 ? 1 : result;
    }
    return result;
}
