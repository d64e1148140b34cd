#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "session_lookup.hpp"

struct pg_conn;

namespace authapi {

// Session lookups on a connection of their own in libpq's pipeline mode: the
// lookups one HTTP thread makes in one round of requests leave in one write
// and come back in one read, where one at a time would cost a round trip
// each, and with it two thread wake-ups on each side (bench/run --postgres
// times both ways: pg-round-trip).
//
// Used by one HTTP thread, which connects it on its first lookup (the same
// bounded connect and settings as PgDatabase's connections). When the connection breaks,
// every lookup in flight fails (its request looks the session up the usual
// way) and the next one reconnects, at most once a second.
class PgSessionPipeline final : public SessionLookupPipeline {
public:
    // `url`: as PgDatabase::url(). `patience`: how long a lookup may wait
    // for its answer (the server's statement_timeout is 5 s).
    explicit PgSessionPipeline(std::string url,
                               std::chrono::milliseconds patience = std::chrono::seconds(10));
    // Lookups still in flight are dropped without a call.
    ~PgSessionPipeline() override;
    PgSessionPipeline(const PgSessionPipeline&) = delete;
    PgSessionPipeline& operator=(const PgSessionPipeline&) = delete;

    bool look_up(const std::string& token_hash, Done done) override;
    std::size_t send() override;
    void receive() override;
    void give_up_stalled() override;
    // An epoll descriptor of our own that holds the connection's socket:
    // it stays the same across reconnections.
    int descriptor() const override { return epoll_fd_; }

    // Lookups sent and not answered yet.
    std::size_t in_flight() const { return waiting_.size(); }

private:
    struct Waiting {
        std::string token_hash;
        Done done;
        std::chrono::steady_clock::time_point sent_at;
    };
    struct ConnectionCloser {
        void operator()(pg_conn* connection) const;
    };
    using Answers = std::vector<std::pair<Done, std::optional<SessionLookup>>>;

    bool connect();
    // Results that have arrived, in order; false when the connection broke.
    bool take_results(Answers& answers);
    // The connection is gone: every lookup in flight fails.
    void fail_all(Answers& answers);
    void close();
    static void call(Answers& answers);

    std::string url_;
    std::chrono::milliseconds patience_;
    int epoll_fd_;
    std::unique_ptr<pg_conn, ConnectionCloser> connection_;
    std::deque<Waiting> waiting_;
    std::size_t unsynced_ = 0;  // lookups sent since the last pipeline sync
    bool broken_ = false;       // found broken while sending: failed at send()
    bool query_ended_ = true;   // the current query's results are all taken
    std::chrono::steady_clock::time_point next_connect_{};
};

}  // namespace authapi
