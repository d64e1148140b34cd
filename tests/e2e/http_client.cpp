#include "http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

namespace authapi::e2e {

namespace {

using Clock = std::chrono::steady_clock;

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::string printable(std::string_view bytes, std::size_t limit = 2000) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
            out += static_cast<char>(c);
        } else {
            static const char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
    }
    if (bytes.size() > limit) out += "... (" + std::to_string(bytes.size()) + " bytes)";
    return out;
}

class Socket {
public:
    Socket(const std::string& host, std::uint16_t port, const std::string& source)
        : fd_(connect_tcp(host, port, source)) {
        if (fd_ < 0) {
            throw HttpError("connect to " + host + " port " + std::to_string(port) +
                            (source.empty() ? "" : " from " + source) + ": " +
                            std::strerror(errno));
        }
    }
    ~Socket() { ::close(fd_); }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    int fd() const { return fd_; }

private:
    int fd_ = -1;
};

int remaining_ms(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(left);
}

// Writes everything, unless the server stops reading and closes or resets
// the connection (it may have answered early, e.g. 413): returns false then.
bool send_all(int fd, std::string_view bytes, Clock::time_point deadline) {
    while (!bytes.empty()) {
        pollfd ready{fd, POLLOUT, 0};
        const int polled = ::poll(&ready, 1, remaining_ms(deadline));
        if (polled < 0 && errno == EINTR) continue;
        if (polled <= 0) throw HttpError("timed out sending the request");
        const ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
            if (errno == EPIPE || errno == ECONNRESET) return false;
            throw HttpError(std::string("send: ") + std::strerror(errno));
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

class Reader {
public:
    Reader(int fd, Clock::time_point deadline) : fd_(fd), deadline_(deadline) {}

    // Appends what arrives next; false at EOF or on a reset. Throws on timeout
    // unless `quiet_until` is given, in which case reaching it returns false.
    bool fill(std::optional<Clock::time_point> quiet_until = std::nullopt) {
        if (eof_) return false;
        for (;;) {
            const auto until = quiet_until ? std::min(*quiet_until, deadline_) : deadline_;
            pollfd ready{fd_, POLLIN, 0};
            const int polled = ::poll(&ready, 1, remaining_ms(until));
            if (polled < 0 && errno == EINTR) continue;
            if (polled < 0) throw HttpError(std::string("poll: ") + std::strerror(errno));
            if (polled == 0) {
                if (quiet_until) return false;
                throw HttpError("timed out waiting for the response; received so far:\n" +
                                printable(buffer));
            }
            char chunk[16384];
            const ssize_t got = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
            if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
            if (got <= 0) {
                eof_ = true;
                return false;
            }
            buffer.append(chunk, static_cast<std::size_t>(got));
            return true;
        }
    }

    // Ensures buffer holds at least `size` bytes; false if the connection ended.
    bool fill_to(std::size_t size) {
        while (buffer.size() < size) {
            if (!fill()) return false;
        }
        return true;
    }

    std::string buffer;

private:
    int fd_;
    Clock::time_point deadline_;
    bool eof_ = false;
};

std::string incomplete(const std::string& what, const std::string& received) {
    return "connection closed " + what + "; received:\n" + printable(received);
}

void parse_head(std::string_view head, Response& response) {
    const std::size_t line_end = head.find("\r\n");
    const std::string_view status_line = head.substr(0, line_end);
    if (status_line.rfind("HTTP/", 0) != 0 || status_line.size() < 12) {
        throw HttpError("not an HTTP status line: " + printable(status_line));
    }
    const std::size_t space = status_line.find(' ');
    response.status = std::stoi(std::string(status_line.substr(space + 1, 3)));
    std::size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
        std::size_t end = head.find("\r\n", pos);
        if (end == std::string_view::npos) end = head.size();
        const std::string_view line = head.substr(pos, end - pos);
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos) {
            response.headers.add(std::string(trim(line.substr(0, colon))),
                                 std::string(trim(line.substr(colon + 1))));
        }
        pos = end + 2;
    }
}

void read_chunked(Reader& reader, std::size_t start, Response& response) {
    std::size_t pos = start;
    for (;;) {
        std::size_t line_end;
        while ((line_end = reader.buffer.find("\r\n", pos)) == std::string::npos) {
            if (!reader.fill()) throw HttpError(incomplete("inside a chunked body", reader.buffer));
        }
        const std::size_t size = std::stoul(reader.buffer.substr(pos, line_end - pos), nullptr, 16);
        if (size == 0) return;
        const std::size_t data = line_end + 2;
        if (!reader.fill_to(data + size + 2)) {
            throw HttpError(incomplete("inside a chunked body", reader.buffer));
        }
        response.body.append(reader.buffer, data, size);
        pos = data + size + 2;
    }
}

std::string first_line(const std::string& bytes) {
    std::string line = bytes.substr(0, bytes.find_first_of("\r\n"));
    if (line.size() > 120) line = line.substr(0, 120) + "...";
    return printable(line);
}

bool has_header(const RequestHeaders& headers, std::string_view name) {
    for (const auto& header : headers) {
        if (iequals(header.first, name)) return true;
    }
    return false;
}

}  // namespace

namespace {

// Fills `address` for an IPv4 or IPv6 literal; false (errno EINVAL) otherwise.
bool socket_address(const std::string& host, std::uint16_t port, sockaddr_storage& address,
                    socklen_t& size) {
    address = {};
    auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
    if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        size = sizeof *v4;
        return true;
    }
    if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        size = sizeof *v6;
        return true;
    }
    errno = EINVAL;
    return false;
}

}  // namespace

int connect_tcp(const std::string& host, std::uint16_t port, const std::string& source) {
    sockaddr_storage address{};
    socklen_t size = 0;
    if (!socket_address(host, port, address, size)) return -1;
    const int fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_storage local{};
    socklen_t local_size = 0;
    const bool bound =
        source.empty() || (socket_address(source, 0, local, local_size) &&
                           ::bind(fd, reinterpret_cast<const sockaddr*>(&local), local_size) == 0);
    if (!bound || ::connect(fd, reinterpret_cast<const sockaddr*>(&address), size) != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

void Headers::add(std::string name, std::string value) {
    entries_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Headers::get(std::string_view name) const {
    for (const auto& entry : entries_) {
        if (iequals(entry.first, name)) return entry.second;
    }
    return std::nullopt;
}

std::vector<std::string> Headers::get_all(std::string_view name) const {
    std::vector<std::string> values;
    for (const auto& entry : entries_) {
        if (iequals(entry.first, name)) values.push_back(entry.second);
    }
    return values;
}

std::string describe(const Response& response) {
    std::ostringstream out;
    out << response.request_line << " -> ";
    if (response.status == 0) {
        out << "connection closed without an answer";
        return out.str();
    }
    out << response.status << "\n";
    for (const auto& [name, value] : response.headers.entries()) {
        out << "  " << name << ": " << printable(value, 300) << "\n";
    }
    out << "  body: " << printable(response.body);
    return out.str();
}

HttpClient::HttpClient(std::uint16_t port, std::chrono::milliseconds timeout, std::string host,
                       std::string source)
    : port_(port), timeout_(timeout), host_(std::move(host)), source_(std::move(source)) {}

Response HttpClient::request(const std::string& method, const std::string& target,
                             const RequestHeaders& headers, const std::string& body) const {
    std::string bytes = method + " " + target + " HTTP/1.1\r\n";
    if (!has_header(headers, "Host")) {
        const bool v6 = host_.find(':') != std::string::npos;
        bytes += "Host: " + (v6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_) + "\r\n";
    }
    if (!has_header(headers, "Connection")) bytes += "Connection: close\r\n";
    for (const auto& [name, value] : headers) bytes += name + ": " + value + "\r\n";
    if (!body.empty() && !has_header(headers, "Content-Length") &&
        !has_header(headers, "Transfer-Encoding")) {
        bytes += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    bytes += "\r\n";
    bytes += body;
    return exchange(bytes, method == "HEAD", method + " " + target, false);
}

Response HttpClient::raw_exchange(const std::string& bytes) const {
    return exchange(bytes, bytes.rfind("HEAD ", 0) == 0, "raw: " + first_line(bytes), true);
}

Response HttpClient::exchange(const std::string& bytes, bool head, std::string request_line,
                              bool allow_no_answer) const {
    const auto deadline = Clock::now() + timeout_;
    Socket socket(host_, port_, source_);
    send_all(socket.fd(), bytes, deadline);

    Reader reader(socket.fd(), deadline);
    Response response;
    response.request_line = std::move(request_line);
    std::size_t head_end;
    while ((head_end = reader.buffer.find("\r\n\r\n")) == std::string::npos) {
        if (!reader.fill()) {
            if (reader.buffer.empty() && allow_no_answer) return response;
            throw HttpError(response.request_line + ": " +
                            incomplete("before the end of the headers", reader.buffer));
        }
    }
    parse_head(std::string_view(reader.buffer).substr(0, head_end), response);
    const std::size_t body_start = head_end + 4;

    if (head) {
        // A HEAD answer has no body: anything that still arrives is a bug we
        // want to see, so listen briefly (until EOF or 100 ms of quiet).
        const auto quiet = Clock::now() + std::chrono::milliseconds(100);
        while (reader.fill(quiet)) {
        }
        response.body = reader.buffer.substr(body_start);
        return response;
    }
    if (response.status == 204 || response.status == 304 ||
        (response.status >= 100 && response.status < 200)) {
        return response;
    }
    const auto encoding = response.headers.get("Transfer-Encoding");
    if (encoding && encoding->find("chunked") != std::string::npos) {
        read_chunked(reader, body_start, response);
        return response;
    }
    if (const auto length = response.headers.get("Content-Length")) {
        const std::size_t size = std::stoul(*length);
        if (!reader.fill_to(body_start + size)) {
            throw HttpError(response.request_line + ": " +
                            incomplete("before the end of the body", reader.buffer));
        }
        response.body = reader.buffer.substr(body_start, size);
        return response;
    }
    while (reader.fill()) {
    }
    response.body = reader.buffer.substr(body_start);
    return response;
}

}  // namespace authapi::e2e
