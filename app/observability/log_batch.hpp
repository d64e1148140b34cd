#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace authapi {

// Holds the log lines a thread writes during one round of work (a reactor
// thread's round of ready connections) and writes them together when the
// round ends: one write(2) for many answers instead of one each.
//
// Only a thread with a batch open holds lines; any other line goes out at
// once. A batch also writes early once `max_bytes` are held (0: it holds
// nothing). Since a round ends before its thread waits for more work, no line
// waits longer than the round that produced it: a SIGTERM (which lets every
// round finish) loses none. The server writes a round's answers only after
// its lines, so even a SIGKILL loses only the lines of answers that had not
// left yet.
class LogBatch {
public:
    // Opens a batch for `out` on the calling thread. `buffer` is the thread's
    // own, kept between rounds so that its memory is reused.
    LogBatch(std::FILE* out, std::string& buffer, std::size_t max_bytes);
    // Writes what is held and closes the batch.
    ~LogBatch();

    LogBatch(const LogBatch&) = delete;
    LogBatch& operator=(const LogBatch&) = delete;

    // Writes what is held now.
    void flush();

    // Adds `line` to the calling thread's open batch for `out`; false when
    // there is none, and the caller writes the line itself.
    static bool hold(std::FILE* out, std::string_view line);

private:
    std::FILE* out_;
    std::string& buffer_;
    std::size_t max_bytes_;
    LogBatch* outer_;  // the batch this one was opened inside, if any
};

}  // namespace authapi
