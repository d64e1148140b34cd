#include "response_outbox.hpp"

#include <pistache/stream.h>
#include <sys/socket.h>

#include <cerrno>

namespace authapi {

using namespace Pistache;

void ResponseOutbox::send(const std::shared_ptr<Peer>& peer, std::string bytes, Written written,
                          Written failed) {
    if (!in_round_) {
        send_queued(peer, std::move(bytes), std::move(written), std::move(failed));
        return;
    }
    queued_.push_back(Queued{peer, std::move(bytes), std::move(written), std::move(failed)});
}

void ResponseOutbox::send_queued(const std::shared_ptr<Peer>& peer, std::string bytes,
                                 Written written, Written failed) {
    const Peer* key = peer.get();
    ++in_pistache_[key];
    const std::size_t size = bytes.size();
    // Continuations run on this thread (Pistache writes from its reactor).
    auto done = [this, key] {
        auto it = in_pistache_.find(key);
        if (it != in_pistache_.end() && --it->second == 0) in_pistache_.erase(it);
    };
    peer->send(RawBuffer(std::move(bytes), size))
        .then(
            [done, written = std::move(written)](ssize_t) {
                done();
                if (written) written();
            },
            [done, failed = std::move(failed)](std::exception_ptr) {
                done();
                if (failed) failed();
            });
}

void ResponseOutbox::flush(const Connected& connected) {
    in_round_ = false;
    if (queued_.empty()) return;
    std::vector<Queued> round;
    round.swap(queued_);
    // Run once every entry of the round is on its way: what they send then
    // comes after all of it.
    std::vector<Written> callbacks;
    for (Queued& entry : round) {
        if (!connected(entry.peer)) continue;
        std::size_t sent = 0;
        if (in_pistache_.count(entry.peer.get()) == 0) {
            const ssize_t n = ::send(entry.peer->fd(), entry.bytes.data(), entry.bytes.size(),
                                     MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n == static_cast<ssize_t>(entry.bytes.size())) {
                if (entry.written) callbacks.push_back(std::move(entry.written));
                continue;
            }
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                // The client is gone: the reactor sees the hang-up and
                // drops the connection.
                continue;
            }
            if (n > 0) sent = static_cast<std::size_t>(n);
        }
        // The socket is full, or earlier bytes are still in Pistache's
        // queue: the rest follows them there.
        send_queued(entry.peer, entry.bytes.substr(sent), std::move(entry.written),
                    std::move(entry.failed));
    }
    for (auto& callback : callbacks) callback();
    // Kept for the next round: its capacity is reused.
    round.clear();
    if (queued_.capacity() < round.capacity()) queued_.swap(round);
}

}  // namespace authapi
