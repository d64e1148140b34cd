// Request smuggling and desync vectors, on a raw socket: each gets its one
// defined answer, whether its bytes arrive at once or a byte at a time (so
// the server reads them split at every point), and nothing after a refused
// request is ever parsed as a request. /api/v1/status answers after each, and
// the access log has a line for every answer.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "raw_connection.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

struct Vector {
    const char* name;
    std::string bytes;
    int status;  // the one answer it must get
};

const std::string kPost = "POST /api/v1/status HTTP/1.1\r\nHost: h\r\n";
const std::string kGet = "GET /api/v1/status HTTP/1.1\r\nHost: h\r\n";
// Sent after every vector on the same connection: answered (404) only when
// the vector was a whole, accepted request.
const std::string kFollower = "GET /api/v1/follower HTTP/1.1\r\nHost: h\r\n\r\n";

// A literal with a NUL in it, whole.
template <std::size_t N>
std::string with_nul(const char (&text)[N]) {
    return std::string(text, N - 1);
}

std::vector<Vector> vectors() {
    const std::string chunked_body = "0\r\n\r\nGET /api/v1/users HTTP/1.1\r\nHost: h\r\n\r\n";
    return {
        // CL.TE and TE.CL.
        {"CL.TE", kPost + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked_body,
         400},
        {"TE.CL", kPost + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n" + chunked_body,
         400},
        // TE.TE obfuscations.
        {"TE with a space before the colon",
         kPost + "Transfer-Encoding : chunked\r\n\r\n" + chunked_body, 400},
        {"TE chunked, identity", kPost + "Transfer-Encoding: chunked, identity\r\n\r\n", 400},
        {"TE after a vertical tab", kPost + "\x0bTransfer-Encoding: chunked\r\n\r\n", 400},
        {"TE with a tab before its value", kPost + "Transfer-Encoding:\tchunked\r\n\r\n", 411},
        {"TE with a tab before its value and a CL",
         kPost + "Transfer-Encoding:\tchunked\r\nContent-Length: 3\r\n\r\nabc", 400},
        {"TE twice", kPost + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
         400},
        {"TE chunked then another",
         kPost + "Transfer-Encoding: chunked\r\nTransfer-Encoding: cow\r\n\r\n", 400},
        {"TE xchunked", kPost + "Transfer-Encoding: xchunked\r\n\r\n", 400},
        {"TE gzip, chunked", kPost + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501},
        {"TE on HTTP/1.0",
         "POST /api/v1/status HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked_body, 400},
        {"TE obs-folded", kPost + "Transfer-Encoding:\r\n chunked\r\n\r\n", 400},
        // Content-Length forms.
        {"CL with a plus sign", kPost + "Content-Length: +5\r\n\r\nhello", 400},
        {"CL with a minus sign", kPost + "Content-Length: -5\r\n\r\nhello", 400},
        {"CL with an inner space", kPost + "Content-Length: 1 0\r\n\r\nhello", 400},
        {"CL as a list", kPost + "Content-Length: 5, 5\r\n\r\nhello", 400},
        {"CL twice, different", kPost + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
         400},
        {"CL in hex", kPost + "Content-Length: 0x5\r\n\r\nhello", 400},
        {"CL too large", kPost + "Content-Length: 99999999999999999999\r\n\r\n", 413},
        {"CL with a space before the colon", kPost + "Content-Length : 5\r\n\r\nhello", 400},
        {"CL with leading zeros (decimal)", kGet + "Content-Length: 005\r\n\r\nhello", 200},
        {"CL with spaces around it", kGet + "Content-Length:  5 \r\n\r\nhello", 200},
        {"CL twice, the same", kGet + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 200},
        // Bare LF and bare CR, in the request line and in fields.
        {"bare LF after the request line", "GET /api/v1/status HTTP/1.1\nHost: h\r\n\r\n", 400},
        {"bare CR in the request line", "GET /api/v1/status\rX HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"bare LF in a field (then CL)",
         kPost + "X-A: b\nContent-Length: 68\r\n\r\n" + std::string(68, 'x'), 400},
        {"bare CR in a field (then CL)",
         kPost + "X-A: b\rContent-Length: 68\r\n\r\n" + std::string(68, 'x'), 400},
        {"bare LF ending the head", kGet + "\n", 400},
        {"a line with no colon before CL",
         kPost + "nocolon\r\nContent-Length: 68\r\n\r\n" + std::string(68, 'x'), 400},
        // obs-fold and whitespace.
        {"obs-fold", kGet + "X-A: a\r\n b\r\n\r\n", 400},
        {"whitespace before the first field", "GET /api/v1/status HTTP/1.1\r\n Host: h\r\n\r\n",
         400},
        // NUL.
        {"NUL in a field value", kGet + with_nul("X-A: a\0b\r\n\r\n"), 400},
        {"NUL in the target", with_nul("GET /api/v1/status\0 HTTP/1.1\r\nHost: h\r\n\r\n"), 400},
        // Host.
        {"no Host", "GET /api/v1/status HTTP/1.1\r\n\r\n", 400},
        {"two Hosts", kGet + "Host: h\r\n\r\n", 400},
        {"a Host with a space", "GET /api/v1/status HTTP/1.1\r\nHost: a b\r\n\r\n", 400},
        {"no Host on HTTP/1.0", "GET /api/v1/status HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
         200},
        // Absolute-form targets.
        {"absolute-form", "GET http://h/api/v1/status HTTP/1.1\r\nHost: h\r\n\r\n", 200},
        {"absolute-form with userinfo", "GET http://u@h/api/v1/status HTTP/1.1\r\nHost: h\r\n\r\n",
         400},
        {"absolute-form, not http", "GET ftp://h/api/v1/status HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        // The internal prefix, and what Pistache would have answered itself.
        {"a field named with the internal prefix", kGet + "@Cookie: a=b\r\n\r\n", 400},
        {"Cookie: foo", kGet + "Cookie: foo\r\n\r\n", 200},
        {"Content-Type garbage", kGet + "Content-Type: ;;\r\nAccept: ;;\r\n\r\n", 200},
        // The request line.
        {"unknown method", "BREW /api/v1/status HTTP/1.1\r\nHost: h\r\n\r\n", 501},
        {"CONNECT", "CONNECT h:443 HTTP/1.1\r\nHost: h\r\n\r\n", 501},
        {"HTTP/2.0", "GET /api/v1/status HTTP/2.0\r\nHost: h\r\n\r\n", 505},
        {"two spaces", "GET  /api/v1/status HTTP/1.1\r\nHost: h\r\n\r\n", 400},
    };
}

int status_of(const std::string& answer) {
    if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
}

// Reads the answers to a vector (and its follower) and checks them; returns
// the statuses received.
std::vector<int> read_answers(RawConnection& connection, const Vector& vector,
                              const std::string& unsent) {
    std::vector<int> statuses;
    const std::string answer = connection.read_until("}\n");
    INFO(answer);
    statuses.push_back(status_of(answer));
    CHECK(statuses.back() == vector.status);
    CHECK(answer.find("Content-Type: application/json") != std::string::npos);
    if (vector.status >= 400) {
        CHECK(answer.find("\"error\"") != std::string::npos);
        // Refused: the connection ends, and the follower is never answered.
        CHECK(connection.closed_by_server());
    } else {
        if (!unsent.empty()) connection.send(unsent);
        const std::string follower = connection.read_until("}\n");
        statuses.push_back(status_of(follower));
        CHECK(statuses.back() == 404);
    }
    return statuses;
}

// The vector and its follower in one write.
std::vector<int> send_whole(std::uint16_t port, const Vector& vector) {
    RawConnection connection(port);
    connection.try_send(vector.bytes + kFollower);
    return read_answers(connection, vector, "");
}

// The vector and its follower split in two at every offset, one connection
// per offset, the second piece a few milliseconds after the first.
std::vector<int> send_split_everywhere(std::uint16_t port, const Vector& vector) {
    const std::string bytes = vector.bytes + kFollower;
    std::vector<std::unique_ptr<RawConnection>> connections;
    for (std::size_t split = 1; split < bytes.size(); ++split) {
        connections.push_back(std::make_unique<RawConnection>(port));
        connections.back()->try_send(bytes.substr(0, split));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    for (std::size_t split = 1; split < bytes.size(); ++split) {
        connections[split - 1]->try_send(bytes.substr(split));
    }
    std::vector<int> statuses;
    for (std::size_t split = 1; split < bytes.size(); ++split) {
        CAPTURE(split);
        for (int status : read_answers(*connections[split - 1], vector, "")) {
            statuses.push_back(status);
        }
    }
    return statuses;
}

// A byte per segment, as a trickling client sends (the server then damps
// its wakeups): an accepted request is still answered.
std::vector<int> send_byte_by_byte(std::uint16_t port, const Vector& vector) {
    RawConnection connection(port);
    const std::string bytes = vector.bytes + kFollower;
    const std::size_t sent = connection.send_byte_by_byte(bytes);
    return read_answers(connection, vector, bytes.substr(sent));
}

// Access-log lines by status: "GET /path 200 12us 127.0.0.1", or
// "- - 400 3us refused: ..." for a refusal.
std::map<int, int> logged_statuses(const std::string& log) {
    static const std::regex line(R"(^\S+ \S+ (\d{3}) \d+us( \S+| refused: .*)?$)");
    std::map<int, int> counts;
    std::istringstream in(log);
    std::string text;
    std::smatch match;
    while (std::getline(in, text)) {
        if (std::regex_match(text, match, line)) ++counts[std::stoi(match[1])];
    }
    return counts;
}

TEST_CASE("smuggling vectors get their one answer, whole or split at every byte") {
    ServerProcess server;
    const HttpClient client(server.port());
    std::map<int, int> answered;
    std::size_t followers_answered = 0;
    auto count = [&](const std::vector<int>& statuses) {
        for (int status : statuses) ++answered[status];
        followers_answered += std::count(statuses.begin(), statuses.end(), 404);
        const Response alive = client.get("/api/v1/status");
        CHECK_STATUS(alive, 200);
        ++answered[alive.status];
    };
    for (const Vector& vector : vectors()) {
        const std::string name = vector.name;
        CAPTURE(name);
        count(send_whole(server.port(), vector));
        count(send_split_everywhere(server.port(), vector));
        if (vector.status < 400) count(send_byte_by_byte(server.port(), vector));
    }
    CHECK(server.running());
    const std::string log = server.log();
    // No refused request's follower was ever parsed as a request.
    const auto followers = [&] {
        std::size_t count = 0;
        for (std::size_t at = log.find("/api/v1/follower"); at != std::string::npos;
             at = log.find("/api/v1/follower", at + 1)) {
            ++count;
        }
        return count;
    }();
    CHECK(followers == followers_answered);
    // One access-log line per answer, status by status.
    CHECK(logged_statuses(log) == answered);
}

TEST_CASE("client fields named like internal ones are ordinary fields") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    // Neither a cookie nor credentials under another name.
    CHECK_ERROR(client.get("/api/v1/users/me", {{"X-Raw-Cookie", "_my_session_id=" + token}}), 401,
                "Unauthorized");
    CHECK_ERROR(client.get("/api/v1/users", {{"X-Raw-Authorization", "Basic eDp5"}}), 401,
                "Unauthorized");
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(token)), 200);
    // An X-Raw-Host does not stand in for Host in the same-origin check.
    const Response cross = client.request("DELETE", "/api/v1/auth_session/logout",
                                          RequestHeaders{{"X-Raw-Host", "evil.example"},
                                                         {"Host", "api.example"},
                                                         {"Origin", "http://evil.example"}} +
                                              session_cookie(token));
    CHECK_ERROR(cross, 403, "Forbidden");
    // The internal prefix itself is refused.
    CHECK_ERROR(client.get("/api/v1/users/me", {{"@Cookie", "_my_session_id=" + token}}), 400,
                "Bad Request");
}

TEST_CASE("echoed request headers never carry CR, LF or NUL into the response") {
    ServerProcess server;
    // A bare CR, a bare LF or a NUL in a field is refused; a CRLF ends the
    // field, and what follows is a field of its own, never part of a value.
    const std::pair<std::string, int> payloads[] = {
        {"http://a\nX-Injected: yes", 400},
        {"http://a\rX-Injected: yes", 400},
        {with_nul("http://a\0X-Injected: yes"), 400},
        {"http://a\r\nX-Injected: yes", 200},
    };
    for (const char* field :
         {"Origin", "Access-Control-Request-Headers", "Access-Control-Request-Method"}) {
        for (const auto& [payload, status] : payloads) {
            CAPTURE(field);
            CAPTURE(status);
            RawConnection connection(server.port());
            connection.send("OPTIONS /api/v1/status HTTP/1.1\r\nHost: h\r\n" + std::string(field) +
                            ": " + payload +
                            "\r\nAccess-Control-Request-Method: POST\r\n"
                            "Origin: http://a\r\n\r\n");
            const std::string head = connection.read_until("\r\n\r\n");
            INFO(head);
            CHECK(status_of(head) == status);
            CHECK(head.find("X-Injected") == std::string::npos);
        }
    }
}

}  // namespace

}  // namespace authapi::e2e
