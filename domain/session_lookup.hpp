#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "user_session.hpp"

namespace authapi {

// A session lookup made ahead of the request that needs it: the token's hash
// and what the store held for it then. The request is answered as of that
// moment, as it would be had it looked the session up itself.
struct SessionLookup {
    std::string token_hash;
    std::optional<SessionAndUser> found;
};

// Session lookups sent without waiting for each other and answered later,
// many in one round trip to the store (a store behind a network round trip:
// PostgreSQL). One per HTTP thread, used only there: look_up() while a round
// of requests is read, send() when the round ends, receive() when
// descriptor() is readable.
class SessionLookupPipeline {
public:
    // Called on the same thread with the lookup, or with nothing when it
    // failed: the request then looks the session up itself, and meets the
    // store's error there.
    using Done = std::function<void(std::optional<SessionLookup>)>;

    virtual ~SessionLookupPipeline() = default;
    // Queues a lookup of the session whose token hashes to `token_hash`.
    // False when it cannot take one now (no connection): `done` is never
    // called, and the request goes on the usual way.
    virtual bool look_up(const std::string& token_hash, Done done) = 0;
    // Sends what look_up() queued since the last call, in one round trip;
    // how many lookups that was.
    virtual std::size_t send() = 0;
    // Takes the answers that have arrived and calls their `done`.
    virtual void receive() = 0;
    // Called every few hundred milliseconds: when the oldest lookup in flight
    // has waited too long (the store or the network stopped answering), all
    // of them fail, and the next lookup connects afresh.
    virtual void give_up_stalled() = 0;
    // Readable when answers have arrived; the same for the pipeline's life.
    virtual int descriptor() const = 0;
};

}  // namespace authapi
