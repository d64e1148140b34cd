#pragma once

#include <pistache/peer.h>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace authapi {

// The answers a reactor thread produces during one round of ready
// connections, written when the round is over (after the round's log lines:
// see LogBatch).
//
// Pistache queues every write for a later round: an eventfd write and read,
// and three epoll_ctl calls to arm and disarm the socket for writing. Here an
// answer goes straight to its socket with one send(2) when nothing of its
// connection is still waiting in Pistache's queue. Whatever the socket does
// not take at once, and every later write of that connection until Pistache
// has written it all, goes through Pistache's queue, so a connection's bytes
// always leave in the order they were queued.
//
// One per reactor thread; used only on that thread.
class ResponseOutbox {
public:
    using Peer = Pistache::Tcp::Peer;
    using Written = std::function<void()>;
    // Whether `peer` still owns its descriptor (it may have hung up, and the
    // number been reused by a new connection, since its bytes were queued).
    using Connected = std::function<bool(const std::shared_ptr<Peer>& peer)>;

    // A round of ready connections starts: what is sent from now on waits
    // for flush().
    void begin_round() { in_round_ = true; }
    // Queues `bytes` for `peer`, after everything queued for it before.
    // `written` runs on this thread once they are all on the wire; `failed`
    // when Pistache could not write them. Neither runs if the connection
    // ends first. Outside a round (or while flushing), the bytes go through
    // Pistache's queue at once.
    void send(const std::shared_ptr<Peer>& peer, std::string bytes, Written written = {},
              Written failed = {});
    // Writes what was queued this round and ends it.
    void flush(const Connected& connected);
    // The connection is gone: nothing of it is pending any more.
    void forget(const Peer* peer) { in_pistache_.erase(peer); }

    bool empty() const { return queued_.empty(); }

private:
    struct Queued {
        std::shared_ptr<Peer> peer;
        std::string bytes;
        Written written;
        Written failed;
    };

    void send_queued(const std::shared_ptr<Peer>& peer, std::string bytes, Written written,
                     Written failed);

    std::vector<Queued> queued_;
    bool in_round_ = false;
    // Writes handed to Pistache and not written yet, per connection.
    std::unordered_map<const Peer*, unsigned> in_pistache_;
};

}  // namespace authapi
