#include "log_batch.hpp"

namespace authapi {

namespace {

thread_local LogBatch* open_batch = nullptr;

}  // namespace

LogBatch::LogBatch(std::FILE* out, std::string& buffer, std::size_t max_bytes)
    : out_(out), buffer_(buffer), max_bytes_(max_bytes), outer_(open_batch) {
    open_batch = this;
}

LogBatch::~LogBatch() {
    flush();
    open_batch = outer_;
}

void LogBatch::flush() {
    if (buffer_.empty()) return;
    // One fwrite: the stream's lock keeps other threads' lines (and the
    // audit log's) out of the middle of it.
    std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
    buffer_.clear();
}

bool LogBatch::hold(std::FILE* out, std::string_view line) {
    LogBatch* batch = open_batch;
    if (batch == nullptr || batch->out_ != out) return false;
    if (batch->buffer_.size() + line.size() > batch->max_bytes_) batch->flush();
    // Too long to hold: the caller writes it, after the lines held before it.
    if (line.size() > batch->max_bytes_) return false;
    batch->buffer_.append(line);
    return true;
}

}  // namespace authapi
