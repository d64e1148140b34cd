#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "log_format.hpp"

namespace authapi {

// One line per request on stderr: method, path, status, microseconds and
// the client's address (as resolved through TRUSTED_PROXIES), as text or as
// a JSON object (LOG_FORMAT). The path is the client's bytes, so
// anything unprintable is escaped: a request can never forge a log line or
// send escape codes to a terminal. Errors are written even when the
// per-request lines are off.
//
// A reactor thread holds its lines while it answers one round of ready
// connections, up to `batch_bytes` (see LogBatch); other threads write each
// line at once.
class AccessLog {
public:
    explicit AccessLog(std::FILE* out = stderr, LogFormat format = LogFormat::Text,
                       bool requests = true, std::size_t batch_bytes = 0)
        : out_(out), format_(format), requests_(requests), batch_bytes_(batch_bytes) {}
    void request(std::string_view method, std::string_view path, int status, long long microseconds,
                 std::string_view client_ip = {}) const;
    void error(std::string_view method, std::string_view path, std::string_view what) const;
    // A request refused before it reached the API (bad framing, too large,
    // too slow): its method and target once its request line was read
    // (empty before), and the time since its first byte.
    void refused(int status, std::string_view method, std::string_view path, long long microseconds,
                 std::string_view reason) const;

    std::FILE* stream() const { return out_; }
    std::size_t batch_bytes() const { return batch_bytes_; }

private:
    void write(std::string_view line) const;

    std::FILE* out_;
    LogFormat format_;
    bool requests_;
    std::size_t batch_bytes_;
};

std::string printable(std::string_view bytes);

}  // namespace authapi
