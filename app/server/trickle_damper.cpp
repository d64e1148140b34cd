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
    ++reads_;
    bytes_ += bytes;
    if (damped_ || reads_ < kPatience || bytes_ >= reads_ * kSmallRead) return;
    set_receive_low_water_mark(fd, kBatch);
    damped_ = true;
}

void TrickleDamper::end_of_head(int fd) {
    reads_ = 0;
    bytes_ = 0;
    nudge(fd);
}

void TrickleDamper::nudge(int fd) {
    if (!damped_) return;
    // Setting it wakes the reactor at once when bytes are already waiting.
    set_receive_low_water_mark(fd, 1);
    damped_ = false;
}

}  // namespace authapi
