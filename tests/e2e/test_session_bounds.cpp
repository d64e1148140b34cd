// How much one account can hold: MAX_SESSIONS_PER_USER, and the session
// listing a page at a time.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "json_body.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

// The ids of a listing's JSON array, in order; "<...>" for another shape.
std::vector<std::string> listed_ids(const Response& response) {
    const rapidjson::Document json = parse_json(response.body);
    if (json.HasParseError() || !json.IsArray()) return {"<not an array: " + response.body + ">"};
    std::vector<std::string> ids;
    for (const auto& item : json.GetArray()) {
        ids.push_back(item.IsObject() && item.HasMember("id") && item["id"].IsString()
                          ? item["id"].GetString()
                          : "<no id>");
    }
    return ids;
}

// "</api/v1/users/me/sessions?...>; rel="next"" -> the target inside <>.
std::optional<std::string> next_link(const Response& response) {
    const auto link = response.headers.get("Link");
    if (!link) return std::nullopt;
    const auto open = link->find('<');
    const auto close = link->find('>');
    if (open != 0 || close == std::string::npos ||
        link->find(R"(rel="next")") == std::string::npos) {
        return "<malformed: " + *link + ">";
    }
    return link->substr(1, close - 1);
}

}  // namespace

TEST_CASE("beyond MAX_SESSIONS_PER_USER a login ends the user's oldest sessions") {
    for (const char* mode : {"session_auth", "session_db_auth"}) {
        CAPTURE(mode);
        ServerProcess server({{"AUTH_TYPE", mode}, {"MAX_SESSIONS_PER_USER", "3"}});
        server.seed_user(kSessionEmail, kSessionPassword);
        server.seed_user(kBobEmail, kBobPassword);
        const HttpClient client(server.port());
        const std::string bobs = login_token(client, kBobEmail, kBobPassword);
        std::vector<std::string> tokens;
        for (int i = 0; i < 5; ++i) {
            tokens.push_back(login_token(client, kSessionEmail, kSessionPassword));
        }
        CHECK_ERROR(me(client, tokens[0]), 403, "Forbidden");
        CHECK_ERROR(me(client, tokens[1]), 403, "Forbidden");
        for (int i = 2; i < 5; ++i) CHECK_STATUS(me(client, tokens[i]), 200);
        CHECK(listed_ids(client.get(kSessions, session_cookie(tokens[4]))).size() == 3);
        CHECK_STATUS(me(client, bobs), 200);  // another user's are not touched
    }
}

TEST_CASE("MAX_SESSIONS_PER_USER must be a positive number") {
    for (const char* value : {"0", "-1", "many"}) {
        CAPTURE(value);
        TempDirectory dir;
        const ProcessResult result = run_auth_api(
            {}, test_environment(dir.file("auth.db"), {{"MAX_SESSIONS_PER_USER", value}}));
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("MAX_SESSIONS_PER_USER") != std::string::npos);
    }
}

TEST_CASE("the session listing comes a page at a time, linked by a cursor") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    std::vector<std::string> tokens;
    for (int i = 0; i < 5; ++i)
        tokens.push_back(login_token(client, kSessionEmail, kSessionPassword));
    const RequestHeaders mine = session_cookie(tokens[0]);

    // Without parameters: every session, one JSON array, as always.
    const Response all = client.get(kSessions, mine);
    CHECK_STATUS(all, 200);
    const std::vector<std::string> expected = listed_ids(all);
    CHECK(expected.size() == 5);
    CHECK_FALSE(all.headers.has("Link"));

    std::vector<std::string> paged;
    std::optional<std::string> target = std::string(kSessions) + "?limit=2";
    int pages = 0;
    while (target && pages < 10) {
        const Response page = client.get(*target, mine);
        CHECK_STATUS(page, 200);
        const auto ids = listed_ids(page);
        CHECK(ids.size() <= 2);
        paged.insert(paged.end(), ids.begin(), ids.end());
        target = next_link(page);
        ++pages;
    }
    CHECK(pages == 3);
    CHECK(paged == expected);

    for (const char* bad : {"?limit=0", "?limit=101", "?limit=two", "?limit=", "?after=yesterday",
                            "?after=1.", "?limit=2&after=-1.5"}) {
        CAPTURE(bad);
        CHECK_ERROR(client.get(std::string(kSessions) + bad, mine), 400, "Wrong format");
    }
    CHECK(listed_ids(client.get(std::string(kSessions) + "?limit=100", mine)) == expected);
}

}  // namespace authapi::e2e
