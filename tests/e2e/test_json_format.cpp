// The one place where bytes are compared: the JSON text layout (spec A2:
// 2-space indent, sorted keys, one trailing newline, as the transcripts show).
#include <doctest/doctest.h>

#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

TEST_CASE("JSON bodies are pretty-printed with sorted keys and a trailing newline") {
    ServerProcess server;
    const HttpClient client(server.port());

    CHECK(client.get("/api/v1/status").body == "{\n  \"status\": \"OK\"\n}\n");
    CHECK(client.get("/api/v1/nope").body == "{\n  \"error\": \"Not found\"\n}\n");

    const Response created =
        client.post("/api/v1/users", {{"Content-Type", "application/json"}},
                    R"({"password": "pw", "last_name": "Lee", "email": "ann@hbtn.io"})");
    CHECK_STATUS(created, 201);
    const auto user = user_of(created);
    REQUIRE(user.has_value());
    const std::string object =
        "{\n"
        "  \"created_at\": \"" +
        user->created_at +
        "\",\n"
        "  \"email\": \"ann@hbtn.io\",\n"
        "  \"first_name\": null,\n"
        "  \"id\": \"" +
        user->id +
        "\",\n"
        "  \"last_name\": \"Lee\",\n"
        "  \"updated_at\": \"" +
        user->updated_at +
        "\"\n"
        "}";
    CHECK(created.body == object + "\n");

    // In a list, the same object one level deeper.
    std::string nested;
    for (const char c : object) {
        nested += c;
        if (c == '\n') nested += "  ";
    }
    const Response list = client.get("/api/v1/users");
    CHECK(list.body == "[\n  " + nested + "\n]\n");
}

}  // namespace

}  // namespace authapi::e2e
