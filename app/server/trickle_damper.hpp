#pragma once

#include <cstddef>

namespace authapi {

// A client that sends its request head a few bytes per TCP segment costs the
// reactor a wakeup and two recv calls per piece, however cheap the parsing.
// Once one head has come in kPatience reads of under kSmallRead bytes, this
// raises the socket's SO_RCVLOWAT so that the kernel wakes us only when
// kBatch bytes wait. The transport's 250 ms tick (nudge()) sets it back to 1,
// so a last piece shorter than kBatch waits at most a tick, and the next read
// of the same head damps it again; end_of_head() ends it all. Clients that
// send heads in ordinary segments are never slowed, nor those that write each
// header line apart (ordinary heads have fewer lines).
class TrickleDamper {
public:
    static constexpr std::size_t kPatience = 16;
    static constexpr std::size_t kSmallRead = 512;
    static constexpr int kBatch = 16384;

    // After a read of `bytes` into a head that is still unfinished.
    void on_head_read(int fd, std::size_t bytes);
    // The head is complete: reads are woken byte by byte again, and the
    // next head starts with a clean slate.
    void end_of_head(int fd);
    // Lets the bytes waiting on a damped socket in.
    void nudge(int fd);
    bool damped() const { return damped_; }

private:
    std::size_t small_reads_ = 0;
    bool trickling_ = false;  // this head was damped once: it trickles
    bool damped_ = false;
};

}  // namespace authapi
