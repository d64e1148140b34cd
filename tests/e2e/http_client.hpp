#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authapi::e2e {

// Response headers in the order received; names compare case-insensitively.
class Headers {
public:
    void add(std::string name, std::string value);
    // The first value of the header, if present.
    std::optional<std::string> get(std::string_view name) const;
    // Every value of a repeated header (Set-Cookie), in order.
    std::vector<std::string> get_all(std::string_view name) const;
    bool has(std::string_view name) const { return get(name).has_value(); }
    const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

private:
    std::vector<std::pair<std::string, std::string>> entries_;
};

struct Response {
    // 0 when the server closed the connection without answering (raw_exchange only).
    int status = 0;
    Headers headers;
    std::string body;
    // "GET /api/v1/status", for failure messages.
    std::string request_line;
};

// "GET /x -> 404, headers..., body: ...": what a failing check should show.
std::string describe(const Response& response);

using RequestHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A TCP connection to `host` (an IPv4 or IPv6 literal) and `port`, from the
// local address `source` when given: the socket, or -1 with errno set.
int connect_tcp(const std::string& host, std::uint16_t port, const std::string& source = {});

// A minimal blocking HTTP/1.1 client: one TCP connection to host:port (by
// default 127.0.0.1) per request. Every wait is bounded (5 s by default), so a test can fail but
// never hang. The body is read up to Content-Length (or the last chunk); the
// client never waits for the server to close the connection, except for a
// response that has neither (HTTP/1.0 style), where EOF is the only end.
class HttpClient {
public:
    // `source`: the local address to connect from (any 127.x.y.z works on
    // Linux), so that one test can be several clients; empty: the kernel's pick.
    explicit HttpClient(std::uint16_t port,
                        std::chrono::milliseconds timeout = std::chrono::seconds(5),
                        std::string host = "127.0.0.1", std::string source = {});

    // Sends `Host` and `Connection: close` unless given, and `Content-Length`
    // when there is a body (unless given). Throws HttpError on a timeout or
    // when the connection ends before a complete response.
    Response request(const std::string& method, const std::string& target,
                     const RequestHeaders& headers = {}, const std::string& body = {}) const;

    Response get(const std::string& target, const RequestHeaders& headers = {}) const {
        return request("GET", target, headers);
    }
    Response post(const std::string& target, const RequestHeaders& headers,
                  const std::string& body) const {
        return request("POST", target, headers, body);
    }
    Response put(const std::string& target, const RequestHeaders& headers,
                 const std::string& body) const {
        return request("PUT", target, headers, body);
    }
    Response del(const std::string& target, const RequestHeaders& headers = {}) const {
        return request("DELETE", target, headers);
    }

    // Writes `bytes` exactly as given and reads one response. A server that
    // closes the connection without a byte of answer gives status 0. A
    // request whose method is HEAD is read as a HEAD response.
    Response raw_exchange(const std::string& bytes) const;

    std::uint16_t port() const { return port_; }

private:
    Response exchange(const std::string& bytes, bool head, std::string request_line,
                      bool allow_no_answer) const;

    std::uint16_t port_;
    std::chrono::milliseconds timeout_;
    std::string host_;
    std::string source_;
};

}  // namespace authapi::e2e
