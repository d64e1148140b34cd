#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace authapi {

// One line per request on stderr: method, path, status, microseconds. The
// path is the client's bytes, so anything unprintable is escaped: a request
// can never forge a log line or send escape codes to a terminal.
class AccessLog {
public:
    explicit AccessLog(std::FILE* out = stderr) : out_(out) {}
    void request(std::string_view method, std::string_view path, int status,
                 long long microseconds) const;
    void error(std::string_view method, std::string_view path, std::string_view what) const;
    // A request refused before it could be parsed (bad framing, too large).
    void refused(int status, std::string_view reason) const;

private:
    std::FILE* out_;
};

std::string printable(std::string_view bytes);

}  // namespace authapi
