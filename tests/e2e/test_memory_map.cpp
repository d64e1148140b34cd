// DB_MMAP_MB: the server reads the SQLite file through a memory map. The
// answers are the same as through read(2); the map is really there.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "json_body.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

// Whether the process maps the file at `path` (a line of /proc/PID/maps
// ends with the path).
bool maps_file(pid_t pid, const std::string& path) {
    std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
    for (std::string line; std::getline(maps, line);) {
        if (line.size() >= path.size() &&
            line.compare(line.size() - path.size(), path.size(), path) == 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("DB_MMAP_MB: sessions work through a memory map of the database file") {
    for (const char* mmap_mb : {"0", "16"}) {
        CAPTURE(std::string(mmap_mb));
        ServerProcess server({{"AUTH_TYPE", "session_db_auth"}, {"DB_MMAP_MB", mmap_mb}});
        const std::string id = server.seed_user(kSessionEmail, kSessionPassword, "Bob");
        const HttpClient client(server.port());
        const std::string token = login_token(client, kSessionEmail, kSessionPassword);
        const Response answer = me(client, token);
        CHECK_STATUS(answer, 200);
        CHECK(text_member(answer, "id") == id);
        CHECK(text_member(answer, "first_name") == "Bob");
        CHECK(maps_file(server.pid(), server.db_path()) == (std::string(mmap_mb) != "0"));
        CHECK_EMPTY_OBJECT(client.del(kLogout, session_cookie(token)));
        CHECK_ERROR(me(client, token), 403, "Forbidden");
    }
}

TEST_CASE("DB_MMAP_MB beyond what SQLite maps is refused at startup") {
    TempDirectory dir;
    const ProcessResult refused =
        run_auth_api({"serve"}, test_environment(dir.file("auth.db"), {{"DB_MMAP_MB", "2048"}}));
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find("DB_MMAP_MB") != std::string::npos);
}

}  // namespace authapi::e2e
