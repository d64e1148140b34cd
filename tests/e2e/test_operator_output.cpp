// What the administration commands print is read on a terminal: text that
// users wrote (names, emails, User-Agents, imported files) must not be able to
// drive that terminal or fake a row; and a hostile file must not crash them.
#include <doctest/doctest.h>

#include <fstream>

#include "json_body.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

namespace {

// A first name and a User-Agent as an attacker would write them: colour, a
// terminal title, a cleared screen (C1 CSI), a carriage return and a line that
// looks like another row.
const std::string kHostileName = "\x1b[31mMallory\x1b[0m\r\nffffffff-0000  admin@x.io  fake";
const std::string kHostileAgent =
    "\x1b]0;pwned\x07 agent \xc2\x9b"
    "2J\x7f\tend";

// The bytes a terminal would act on: C0 controls but the line ends, DEL, C1 in UTF-8.
std::string control_bytes_in(const std::string& text) {
    std::string found;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool c1 = c == 0xc2 && i + 1 < text.size() &&
                        (static_cast<unsigned char>(text[i + 1]) & 0xe0) == 0x80;
        if ((c < 0x20 && c != '\n') || c == 0x7f || c1) found += std::to_string(i) + " ";
    }
    return found;
}

std::size_t lines_of(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

TEST_CASE("sessions list and users list show control characters as escapes; --json is JSON") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    // Through the API, as any user can: JSON escapes arrive as raw bytes.
    CHECK_STATUS(client.put("/api/v1/users/" + id, json_content() + session_cookie(token),
                            R"({"first_name": "\u001b[31mMallory\u001b[0m\r\nffffffff-0000  )"
                            R"(admin@x.io  fake"})"),
                 200);
    // A User-Agent as stored (whatever the HTTP layer lets through today).
    SessionRow row;
    row.id = "hostile-session";
    row.user_id = id;
    row.token_hash = sha256_hex_of("hostile");
    row.created_at = row.last_seen_at = "2024-01-01 00:00:00";
    row.user_agent = kHostileAgent;
    insert_session_row(server.db_path(), row);

    const ProcessResult users = server.cli({"users", "list"});
    CHECK(users.exit_code == 0);
    INFO("users list:\n" << users.out);
    CHECK(control_bytes_in(users.out) == "");
    CHECK(lines_of(users.out) == 2);  // the header and one user, no fake row
    CHECK(users.out.find("\\x1b[31mMallory\\x1b[0m\\r\\nffffffff-0000  admin@x.io  fake") !=
          std::string::npos);

    const ProcessResult sessions = server.cli({"sessions", "list"});
    CHECK(sessions.exit_code == 0);
    INFO("sessions list:\n" << sessions.out);
    CHECK(control_bytes_in(sessions.out) == "");
    CHECK(lines_of(sessions.out) == 3);
    CHECK(sessions.out.find("\\x1b]0;pwned\\x07 agent \\u009b2J\\x7f\\tend") != std::string::npos);

    // JSON escapes them its own way, and gives back exactly what was stored.
    const ProcessResult users_json = server.cli({"users", "list", "--json"});
    CHECK(control_bytes_in(users_json.out) == "");
    const auto listed = parse_json(users_json.out);
    REQUIRE(listed.IsArray());
    REQUIRE(listed.Size() == 1);
    CHECK(std::string(listed[0]["first_name"].GetString()) == kHostileName);
    const ProcessResult sessions_json = server.cli({"sessions", "list", "--json"});
    CHECK(control_bytes_in(sessions_json.out) == "");
    const auto stored = parse_json(sessions_json.out);
    REQUIRE(stored.IsArray());
    bool found = false;
    for (const auto& session : stored.GetArray()) {
        if (std::string(session["id"].GetString()) == "hostile-session") {
            found = std::string(session["user_agent"].GetString()) == kHostileAgent;
        }
    }
    CHECK(found);
}

TEST_CASE("import: a file nested 2 000 000 deep is refused with a clear error, never a crash") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    const std::string users = server.directory() + "/.db_User.json";
    write_file(users, std::string(2'000'000, '['));
    const ProcessResult deep = server.cli({"import", "--users", users});
    INFO(deep.err);
    CHECK_FALSE(deep.timed_out);
    CHECK(deep.exit_code == 1);
    CHECK(deep.err.find(".db_User.json: file: not JSON this importer reads: nested deeper than "
                        "64 levels at byte 64") != std::string::npos);
    CHECK(deep.err.find("nothing imported (1 error)") != std::string::npos);

    // The same limit as a request body: 64 levels pass, 65 do not.
    auto nested_row = [](int extra_levels) {
        return R"({"a": {"id": "a", "email": "a@x.io", "_password": null, "x": )" +
               std::string(static_cast<std::size_t>(extra_levels), '[') +
               std::string(static_cast<std::size_t>(extra_levels), ']') + "}}";
    };
    write_file(users, nested_row(63));
    const ProcessResult too_deep = server.cli({"import", "--users", users});
    CHECK(too_deep.exit_code == 1);
    CHECK(too_deep.err.find("nested deeper than 64 levels") != std::string::npos);
    write_file(users, nested_row(62));
    const ProcessResult deepest = server.cli({"import", "--users", users});
    INFO(deepest.err);
    CHECK(deepest.exit_code == 0);
    CHECK(deepest.out == "imported 1 users and 0 sessions\n");
}

TEST_CASE("import: what its error lines quote from the files is escaped") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    const std::string users = server.directory() + "/.db_User.json";
    write_file(users, R"({"\u001b[2Jx": {"id": "y", "email": "y@x.io"},)"
                      R"( "z": {"id": "z", "email": "\u001b]0;t\u0007z@x.io"}})");
    const ProcessResult result = server.cli({"import", "--users", users});
    INFO(result.err);
    CHECK(result.exit_code == 1);
    CHECK(control_bytes_in(result.err) == "");
    CHECK(result.err.find(".db_User.json: \\x1b[2Jx: id 'y' does not match its key") !=
          std::string::npos);
    CHECK(result.err.find(".db_User.json: z: email holds a control character") !=
          std::string::npos);
}

}  // namespace

}  // namespace authapi::e2e
