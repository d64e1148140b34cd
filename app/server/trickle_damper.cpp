#include "trickle_damper.hpp"

#include <sys/socket.h>

namespace authapi {

namespace {

void set_receive_low_water_mark(int fd, int bytes) {
    // Best effort: without it a trickling client only costs more CPU.
    ::setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &bytes, sizeof bytes);
}

}  // namespace

void TrickleDamper::on_head_read(int fd, std::size_t bytes) {
    if (bytes < kSmallRead) ++small_reads_;
    if (damped_ || (!trickling_ && small_reads_ < kPatience)) return;
    set_receive_low_water_mark(fd, kBatch);
    damped_ = true;
    trickling_ = true;
}

void TrickleDamper::end_of_head(int fd) {
    small_reads_ = 0;
    trickling_ = false;
    nudge(fd);
}

void TrickleDamper::nudge(int fd) {
    if (!damped_) return;
    // Setting it wakes the reactor at once when bytes are already waiting.
    set_receive_low_water_mark(fd, 1);
    damped_ = false;
}

}  // namespace authapi
