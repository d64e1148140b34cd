#include "access_log.hpp"

#include <charconv>

#include "json_line.hpp"
#include "observability/log_batch.hpp"

namespace authapi {

namespace {

void append_printable(std::string& out, std::string_view bytes) {
    static const char hex[] = "0123456789abcdef";
    for (unsigned char c : bytes) {
        if (c < 0x20 || c >= 0x7f || c == '\\') {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
}

void append_number(std::string& out, long long value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, static_cast<std::size_t>(end - digits));
}

}  // namespace

std::string printable(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    append_printable(out, bytes);
    return out;
}

void AccessLog::write(std::string_view line) const {
    // Whole lines only, so lines from several threads never interleave: held
    // in the thread's LogBatch during a reactor round, else one write each.
    if (LogBatch::hold(out_, line)) return;
    std::fwrite(line.data(), 1, line.size(), out_);
}

void AccessLog::request(std::string_view method, std::string_view path, int status,
                        long long microseconds, std::string_view client_ip) const {
    if (!requests_) return;
    if (format_ == LogFormat::Json) {
        write(JsonLine()
                  .add("time", utc_now_iso8601())
                  .add("method", method)
                  .add("path", path)
                  .add("status", status)
                  .add("us", static_cast<std::int64_t>(microseconds))
                  .add_if("ip", client_ip)
                  .str());
        return;
    }
    // Built in the thread's own buffer: the hot path allocates nothing here.
    thread_local std::string line;
    line.clear();
    line.append(method);
    line += ' ';
    append_printable(line, path);
    line += ' ';
    append_number(line, status);
    line += ' ';
    append_number(line, microseconds);
    line += "us";
    if (!client_ip.empty()) {
        line += ' ';
        append_printable(line, client_ip);
    }
    line += '\n';
    write(line);
}

void AccessLog::error(std::string_view method, std::string_view path, std::string_view what) const {
    if (format_ == LogFormat::Json) {
        write(JsonLine()
                  .add("time", utc_now_iso8601())
                  .add("level", "error")
                  .add("method", method)
                  .add("path", path)
                  .add("error", what)
                  .str());
        return;
    }
    write("error: " + std::string(method) + " " + printable(path) + ": " + printable(what) + "\n");
}

void AccessLog::refused(int status, std::string_view method, std::string_view path,
                        long long microseconds, std::string_view reason) const {
    if (!requests_) return;
    if (format_ == LogFormat::Json) {
        JsonLine line;
        line.add("time", utc_now_iso8601());
        if (!method.empty()) line.add("method", method).add("path", path);
        write(line.add("status", status)
                  .add("us", static_cast<std::int64_t>(microseconds))
                  .add("refused", reason)
                  .str());
        return;
    }
    write((method.empty() ? std::string("- -") : std::string(method) + " " + printable(path)) +
          " " + std::to_string(status) + " " + std::to_string(microseconds) +
          "us refused: " + std::string(reason) + "\n");
}

}  // namespace authapi
