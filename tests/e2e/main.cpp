#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

#include "server_process.hpp"

// A sanitizer report in a server's log fails the run even when the test that
// started it passed (a report at exit, say, after every check was made).
int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int result = context.run();
    if (context.shouldExit()) return result;
    const int reports = authapi::e2e::sanitizer_reports();
    if (reports > 0) {
        std::fprintf(stderr, "e2e: %d auth-api run(s) printed a sanitizer report (above)\n",
                     reports);
        return result == 0 ? 1 : result;
    }
    return result;
}
