// The users endpoints with authentication off.
#include <doctest/doctest.h>

#include <vector>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

Response create(const HttpClient& client, const std::string& json) {
    return client.post("/api/v1/users", json_content(), json);
}

std::string create_id(const HttpClient& client, const std::string& email) {
    const Response response = create(client, R"({"email": ")" + email + R"(", "password": "pw"})");
    if (response.status != 201) throw std::runtime_error("create failed:\n" + describe(response));
    return text_member(response, "id");
}

TEST_CASE("POST /users creates a user and shows the six public keys, no password") {
    ServerProcess server;
    const HttpClient client(server.port());

    const Response response = create(
        client,
        R"({"email": "ann@hbtn.io", "password": "secret pw", "first_name": "Ann", "last_name": "Lee"})");
    CHECK_STATUS(response, 201);
    CHECK(response.headers.get("Content-Type").value_or("").rfind("application/json", 0) == 0);
    CHECK(response.body.find("password") == std::string::npos);
    CHECK(response.body.find("secret pw") == std::string::npos);
    const auto user = user_of(response);
    REQUIRE(user.has_value());
    CHECK(user->keys == kUserKeys);
    CHECK(is_uuid4(user->id));
    CHECK(user->email == std::optional<std::string>("ann@hbtn.io"));
    CHECK(user->first_name == std::optional<std::string>("Ann"));
    CHECK(user->last_name == std::optional<std::string>("Lee"));
    CHECK(is_timestamp(user->created_at));
    CHECK(is_timestamp(user->updated_at));

    // Absent names are null; ids, timestamps and unknown keys in the body are ignored.
    const Response plain = create(
        client,
        R"({"email": "bo@hbtn.io", "password": "pw", "id": "mine", "created_at": "1999-01-01 00:00:00", "admin": true})");
    CHECK_STATUS(plain, 201);
    const auto bo = user_of(plain);
    REQUIRE(bo.has_value());
    CHECK(bo->keys == kUserKeys);
    CHECK(bo->id != "mine");
    CHECK(bo->created_at != "1999-01-01 00:00:00");
    CHECK_FALSE(bo->first_name.has_value());
    CHECK_FALSE(bo->last_name.has_value());

    // Non-ASCII text survives the round trip.
    const Response zoe =
        create(client,
               "{\"email\": \"zo\xc3\xab@hbtn.io\", \"password\": \"pw\", \"first_name\": "
               "\"Zo\xc3\xab\"}");
    CHECK_STATUS(zoe, 201);
    const Response got = client.get("/api/v1/users/" + text_member(zoe, "id"));
    CHECK(text_member(got, "first_name") == "Zo\xc3\xab");
    CHECK(text_member(got, "email") == "zo\xc3\xab@hbtn.io");

    // Nothing anywhere shows a password.
    const Response list = client.get("/api/v1/users");
    CHECK_STATUS(list, 200);
    CHECK(list.body.find("password") == std::string::npos);
}

TEST_CASE("POST /users rejects what is not a JSON object with 400 Wrong format") {
    ServerProcess server;
    const HttpClient client(server.port());
    const std::string valid = R"({"email": "ann@hbtn.io", "password": "pw"})";

    CHECK_ERROR(client.post("/api/v1/users", {}, valid), 400, "Wrong format");
    CHECK_ERROR(client.post("/api/v1/users", {{"Content-Type", "text/plain"}}, valid), 400,
                "Wrong format");
    CHECK_ERROR(client.post("/api/v1/users", form_content(), "email=a%40b&password=pw"), 400,
                "Wrong format");
    CHECK_ERROR(client.request("POST", "/api/v1/users", json_content()), 400, "Wrong format");
    for (const char* body : {"{", "{\"email\": }", "null", "[]", "\"x\"", "42", "true",
                             R"([{"email": "ann@hbtn.io", "password": "pw"}])"}) {
        CAPTURE(body);
        CHECK_ERROR(create(client, body), 400, "Wrong format");
    }
    CHECK(int_member(client.get("/api/v1/stats"), "users") == 0);
}

TEST_CASE("POST /users: email missing, password missing, duplicate email") {
    ServerProcess server;
    const HttpClient client(server.port());

    for (const char* body :
         {"{}", R"({"password": "pw"})", R"({"email": "", "password": "pw"})",
          R"({"email": null, "password": "pw"})", R"({"email": 42, "password": "pw"})",
          R"({"email": ["a"], "password": "pw"})", R"({"first_name": "Ann"})"}) {
        CAPTURE(body);
        CHECK_ERROR(create(client, body), 400, "email missing");
    }
    for (const char* body :
         {R"({"email": "ann@hbtn.io"})", R"({"email": "ann@hbtn.io", "password": ""})",
          R"({"email": "ann@hbtn.io", "password": null})",
          R"({"email": "ann@hbtn.io", "password": 42})"}) {
        CAPTURE(body);
        CHECK_ERROR(create(client, body), 400, "password missing");
    }
    CHECK(int_member(client.get("/api/v1/stats"), "users") == 0);

    CHECK_STATUS(create(client, R"({"email": "ann@hbtn.io", "password": "pw"})"), 201);
    CHECK_ERROR(create(client, R"({"email": "ann@hbtn.io", "password": "other"})"), 400,
                "Can't create User: email already exists");
    CHECK(int_member(client.get("/api/v1/stats"), "users") == 1);
}

TEST_CASE("GET /users lists in creation order; GET /users/<id> shows one") {
    ServerProcess server;
    const HttpClient client(server.port());

    const Response empty = client.get("/api/v1/users");
    CHECK_STATUS(empty, 200);
    REQUIRE(users_of(empty).has_value());
    CHECK(users_of(empty)->empty());

    std::vector<std::string> ids;
    for (const char* email : {"zed@hbtn.io", "amy@hbtn.io", "max@hbtn.io", "bea@hbtn.io"}) {
        ids.push_back(create_id(client, email));
    }
    const Response list = client.get("/api/v1/users");
    CHECK_STATUS(list, 200);
    const auto users = users_of(list);
    REQUIRE(users.has_value());
    REQUIRE(users->size() == ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CAPTURE(i);
        CHECK((*users)[i].id == ids[i]);
        CHECK((*users)[i].keys == kUserKeys);
    }

    const Response one = client.get("/api/v1/users/" + ids[2]);
    CHECK_STATUS(one, 200);
    CHECK(text_member(one, "id") == ids[2]);
    CHECK(text_member(one, "email") == "max@hbtn.io");
    CHECK_STATUS(client.get("/api/v1/users/" + ids[2] + "/"), 200);

    CHECK_ERROR(client.get("/api/v1/users/no-such-id"), 404, "Not found");
    CHECK_ERROR(client.get("/api/v1/users/" + ids[2] + "x"), 404, "Not found");
    CHECK(int_member(client.get("/api/v1/stats"), "users") == 4);
}

TEST_CASE("PUT /users/<id> changes first_name and last_name only") {
    TempDirectory dir;
    std::string id;
    {
        ServerProcess server({{"DB_PATH", dir.file("auth.db")}});
        const HttpClient client(server.port());
        const Response created = create(client, R"({"email": "ann@hbtn.io", "password": "pw"})");
        id = text_member(created, "id");
        const std::string created_at = text_member(created, "created_at");

        const Response updated = client.put(
            "/api/v1/users/" + id, json_content(),
            R"({"first_name": "Ann", "last_name": "Lee", "email": "new@hbtn.io", "password": "new", "id": "x"})");
        CHECK_STATUS(updated, 200);
        const auto user = user_of(updated);
        REQUIRE(user.has_value());
        CHECK(user->keys == kUserKeys);
        CHECK(user->id == id);
        CHECK(user->first_name == std::optional<std::string>("Ann"));
        CHECK(user->last_name == std::optional<std::string>("Lee"));
        CHECK(user->email == std::optional<std::string>("ann@hbtn.io"));
        CHECK(user->created_at == created_at);
        CHECK(is_timestamp(user->updated_at));
        CHECK(updated.body.find("password") == std::string::npos);

        // {} changes nothing; null leaves a name as it is.
        const Response same = client.put("/api/v1/users/" + id, json_content(), "{}");
        CHECK_STATUS(same, 200);
        CHECK(text_member(same, "first_name") == "Ann");
        const Response nulls = client.put("/api/v1/users/" + id, json_content(),
                                          R"({"first_name": null, "last_name": "Li"})");
        CHECK_STATUS(nulls, 200);
        CHECK(text_member(nulls, "first_name") == "Ann");
        CHECK(text_member(nulls, "last_name") == "Li");

        const Response got = client.get("/api/v1/users/" + id);
        CHECK(text_member(got, "last_name") == "Li");
        CHECK(text_member(got, "email") == "ann@hbtn.io");
    }
    // The password was not changed either: only the old one logs in.
    ServerProcess server({{"DB_PATH", dir.file("auth.db")}, {"AUTH_TYPE", "session_auth"}});
    const HttpClient client(server.port());
    CHECK_ERROR(login(client, "new@hbtn.io", "new"), 404, "no user found for this email");
    CHECK_ERROR(login(client, "ann@hbtn.io", "new"), 401, "wrong password");
    CHECK_STATUS(login(client, "ann@hbtn.io", "pw"), 200);
}

TEST_CASE("PUT /users/<id>: 404 before the body is read, 400 for a body that is not JSON") {
    ServerProcess server;
    const HttpClient client(server.port());
    const std::string id = create_id(client, "ann@hbtn.io");

    CHECK_ERROR(client.put("/api/v1/users/no-such-id", {{"Content-Type", "text/plain"}}, "junk"),
                404, "Not found");
    CHECK_ERROR(client.put("/api/v1/users/no-such-id", json_content(), "{"), 404, "Not found");
    CHECK_ERROR(client.put("/api/v1/users/no-such-id", json_content(), R"({"first_name": "X"})"),
                404, "Not found");
    // "me" is special for GET only.
    CHECK_ERROR(client.put("/api/v1/users/me", json_content(), R"({"first_name": "X"})"), 404,
                "Not found");

    CHECK_ERROR(client.put("/api/v1/users/" + id, {{"Content-Type", "text/plain"}}, "junk"), 400,
                "Wrong format");
    CHECK_ERROR(client.put("/api/v1/users/" + id, {}, R"({"first_name": "X"})"), 400,
                "Wrong format");
    CHECK_ERROR(client.put("/api/v1/users/" + id, json_content(), "{"), 400, "Wrong format");
    CHECK_ERROR(client.put("/api/v1/users/" + id, json_content(), "[]"), 400, "Wrong format");
    CHECK_ERROR(client.put("/api/v1/users/" + id, json_content(), "null"), 400, "Wrong format");
    const auto unchanged = user_of(client.get("/api/v1/users/" + id));
    REQUIRE(unchanged.has_value());
    CHECK_FALSE(unchanged->first_name.has_value());
}

TEST_CASE("DELETE /users/<id> answers {} and the user is gone") {
    ServerProcess server;
    const HttpClient client(server.port());
    const std::string keep = create_id(client, "keep@hbtn.io");
    const std::string id = create_id(client, "ann@hbtn.io");
    CHECK(int_member(client.get("/api/v1/stats"), "users") == 2);

    CHECK_EMPTY_OBJECT(client.del("/api/v1/users/" + id));
    CHECK_ERROR(client.get("/api/v1/users/" + id), 404, "Not found");
    CHECK_ERROR(client.del("/api/v1/users/" + id), 404, "Not found");
    CHECK_ERROR(client.del("/api/v1/users/me"), 404, "Not found");
    CHECK(int_member(client.get("/api/v1/stats"), "users") == 1);
    const auto users = users_of(client.get("/api/v1/users"));
    REQUIRE(users.has_value());
    REQUIRE(users->size() == 1);
    CHECK(users->front().id == keep);

    // The email is free again.
    CHECK_STATUS(create(client, R"({"email": "ann@hbtn.io", "password": "pw"})"), 201);
}

TEST_CASE("GET /stats counts the users") {
    ServerProcess server;
    const HttpClient client(server.port());
    const Response zero = client.get("/api/v1/stats");
    CHECK_STATUS(zero, 200);
    CHECK(int_member(zero, "users") == 0);
    const auto keys = user_of(zero);  // any object: only its keys are looked at
    REQUIRE(keys.has_value());
    CHECK(keys->keys == "users");
    server.seed_user("cli@hbtn.io", "pw");
    create_id(client, "api@hbtn.io");
    CHECK(int_member(client.get("/api/v1/stats/"), "users") == 2);
}

}  // namespace

}  // namespace authapi::e2e
