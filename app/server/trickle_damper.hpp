#pragma once

#include <cstddef>

namespace authapi {

// A client that sends its request head a few bytes per TCP segment costs the
// reactor a wakeup and two recv calls per piece, however cheap the parsing.
// Once one head has taken kPatience reads averaging under kSmallRead bytes,
// this raises the socket's SO_RCVLOWAT so that the kernel wakes us only when
// kBatch bytes wait; end_of_head() and the transport's 250 ms tick (nudge())
// set it back to 1, so a last piece shorter than kBatch waits at most a tick.
// Clients that send heads in ordinary segments are never slowed, nor those
// that write each header line apart (ordinary heads have fewer lines).
class TrickleDamper {
public:
    static constexpr std::size_t kPatience = 16;
    static constexpr std::size_t kSmallRead = 512;
    static constexpr int kBatch = 4096;

    // After a read of `bytes` into a head that is still unfinished.
    void on_head_read(int fd, std::size_t bytes);
    // The head is complete: reads are woken byte by byte again, and the
    // next head starts with a clean slate.
    void end_of_head(int fd);
    // Lets the bytes waiting on a damped socket in.
    void nudge(int fd);
    bool damped() const { return damped_; }

private:
    std::size_t reads_ = 0;
    std::size_t bytes_ = 0;
    bool damped_ = false;
};

}  // namespace authapi
