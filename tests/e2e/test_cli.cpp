// The command line: create-user, migrate, --help.
#include <doctest/doctest.h>

#include <filesystem>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

// The database file and its WAL, together.
std::string database_bytes(const std::string& db_path) {
    return read_file(db_path) + read_file(db_path + "-wal");
}

TEST_CASE("cli: create-user prints the new id on its last line") {
    TempDirectory dir;
    const Environment env = test_environment(dir.file("auth.db"));
    const ProcessResult created =
        run_auth_api({"create-user", "--email", "ann@hbtn.io", "--password", "pw 1", "--first-name",
                      "Ann", "--last-name", "Lee"},
                     env);
    INFO("stdout: " << created.out << "\nstderr: " << created.err);
    CHECK(created.exit_code == 0);
    const std::string id = last_line(created.out);
    CHECK(is_uuid4(id));
    const std::string plain = last_line(
        run_auth_api({"create-user", "--email", "bo@hbtn.io", "--password", "pw"}, env).out);
    CHECK(is_uuid4(plain));
    CHECK(plain != id);

    // Passwords are stored as Argon2id, never in clear.
    const std::string stored = database_bytes(dir.file("auth.db"));
    CHECK(stored.find("$argon2id$") != std::string::npos);
    CHECK(stored.find("pw 1") == std::string::npos);

    ServerProcess server(env);
    const HttpClient client(server.port());
    const Response user = client.get("/api/v1/users/" + id);
    CHECK_STATUS(user, 200);
    CHECK(text_member(user, "email") == "ann@hbtn.io");
    CHECK(text_member(user, "first_name") == "Ann");
    CHECK(text_member(user, "last_name") == "Lee");
    const auto bo = user_of(client.get("/api/v1/users/" + plain));
    REQUIRE(bo.has_value());
    CHECK_FALSE(bo->first_name.has_value());
    CHECK_FALSE(bo->last_name.has_value());
}

TEST_CASE("cli: create-user fails with status 1 on a duplicate or missing field") {
    TempDirectory dir;
    const Environment env = test_environment(dir.file("auth.db"));
    CHECK(run_auth_api({"create-user", "--email", "ann@hbtn.io", "--password", "pw"}, env)
              .exit_code == 0);

    const ProcessResult duplicate =
        run_auth_api({"create-user", "--email", "ann@hbtn.io", "--password", "other"}, env);
    INFO("duplicate: " << duplicate.err);
    CHECK(duplicate.exit_code == 1);
    CHECK(duplicate.out.empty());

    const ProcessResult no_password = run_auth_api({"create-user", "--email", "bo@hbtn.io"}, env);
    INFO("no password: " << no_password.err);
    CHECK(no_password.exit_code == 1);
    const ProcessResult empty_password =
        run_auth_api({"create-user", "--email", "bo@hbtn.io", "--password", ""}, env);
    CHECK(empty_password.exit_code == 1);
    const ProcessResult no_email = run_auth_api({"create-user", "--password", "pw"}, env);
    CHECK(no_email.exit_code == 1);
    const ProcessResult dangling =
        run_auth_api({"create-user", "--email", "bo@hbtn.io", "--password"}, env);
    CHECK(dangling.exit_code == 1);

    ServerProcess server(env);
    const HttpClient client(server.port());
    CHECK(int_member(client.get("/api/v1/stats"), "users") == 1);
}

TEST_CASE("cli: migrate applies the migrations once") {
    TempDirectory dir;
    const Environment env = test_environment(dir.file("auth.db"));
    const ProcessResult first = run_auth_api({"migrate"}, env);
    INFO("first: " << first.out << first.err);
    CHECK(first.exit_code == 0);
    CHECK(first.out.find("0001") != std::string::npos);
    CHECK(first.out.find("0002") != std::string::npos);
    CHECK(std::filesystem::exists(dir.file("auth.db")));

    const ProcessResult second = run_auth_api({"migrate"}, env);
    INFO("second: " << second.out << second.err);
    CHECK(second.exit_code == 0);
    CHECK(second.out.find("up to date") != std::string::npos);
    CHECK(second.out.find("0001") == std::string::npos);
}

TEST_CASE("cli: --help exits 0 with the usage") {
    TempDirectory dir;
    const ProcessResult help = run_auth_api({"--help"}, test_environment(dir.file("auth.db")));
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("create-user") != std::string::npos);
    CHECK(help.out.find("AUTH_TYPE") != std::string::npos);
}

}  // namespace

}  // namespace authapi::e2e
