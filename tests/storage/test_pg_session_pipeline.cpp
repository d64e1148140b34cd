// PgSessionPipeline against a real PostgreSQL: lookups sent many at a time
// answer what the repository's own lookup answers, in order; a connection
// that dies fails the lookups in flight, and the next ones reconnect.
#include <doctest/doctest.h>
#include <poll.h>
#include <signal.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pg_session_pipeline.hpp"
#include "pg_test_database.hpp"
#include "storage_fixture.hpp"

namespace authapi::test {

namespace {

// One lookup's outcome: not answered yet, failed (nullopt inside), or answered.
using Outcome = std::optional<std::optional<SessionLookup>>;

SessionLookupPipeline::Done record_into(Outcome& outcome) {
    return [&outcome](std::optional<SessionLookup> lookup) { outcome = std::move(lookup); };
}

// Sends what was queued and takes answers as they arrive until every outcome
// is known (or 10 s went by).
void settle(PgSessionPipeline& pipeline, const std::vector<Outcome*>& outcomes) {
    pipeline.send();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    const auto all_known = [&] {
        for (const Outcome* outcome : outcomes) {
            if (!outcome->has_value()) return false;
        }
        return true;
    };
    while (!all_known() && std::chrono::steady_clock::now() < deadline) {
        pollfd ready{pipeline.descriptor(), POLLIN, 0};
        if (::poll(&ready, 1, 100) > 0) pipeline.receive();
    }
}

void exec(const std::string& url, const std::string& sql) {
    pqxx::connection connection(url);
    pqxx::nontransaction(connection).exec(sql);
}

// The backends serving connections named `application`, by pid.
std::vector<int> backends_named(const std::string& url, const std::string& application) {
    pqxx::connection connection(url);
    std::vector<int> pids;
    for (const auto& row : pqxx::nontransaction(connection)
                               .exec("SELECT pid FROM pg_stat_activity WHERE application_name = " +
                                     connection.quote(application))) {
        pids.push_back(row[0].as<int>());
    }
    return pids;
}

// One user with one session ("hash-1"), and a pipeline that has looked it
// up once (so it is connected), its connection named after the schema so that
// a test can find its backend.
struct ConnectedPipeline {
    explicit ConnectedPipeline(std::chrono::milliseconds patience = std::chrono::seconds(10))
        : application("pipeline_" + stores.schema.name()),
          pipeline(stores.database.url() + "&application_name=" + application, patience) {
        stores.users.insert(make_user("u1", "u1@example.com"));
        stores.sessions.insert(make_session("s1", "u1", "hash-1", kNow + 600));
        REQUIRE(pipeline.look_up("hash-1", record_into(first)));
        settle(pipeline, {&first});
        REQUIRE(first.has_value());
    }

    PgStores stores;
    std::string application;
    PgSessionPipeline pipeline;
    Outcome first;
};

}  // namespace

TEST_CASE("postgresql: pipelined session lookups answer what the store's lookup does, in order") {
    if (skip_postgres()) return;
    PgStores stores;
    for (int i = 1; i <= 3; ++i) {
        const std::string n = std::to_string(i);
        stores.users.insert(make_user("u" + n, "u" + n + "@example.com"));
        stores.sessions.insert(make_session("s" + n, "u" + n, "hash-" + n, kNow + 600));
    }
    // A session opened with a credential its user no longer has is not found.
    stores.sessions.insert(make_session("s4", "u1", "hash-4", kNow + 600));
    exec(stores.schema.url(), "UPDATE users SET credential_version = 2 WHERE id = 'u1'");
    exec(stores.schema.url(), "UPDATE user_sessions SET credential_version = 2 WHERE id = 's1'");

    PgSessionPipeline pipeline(stores.database.url());
    const std::vector<std::string> hashes{"hash-3", "hash-1", "nobody's", "hash-4", "hash-2"};
    std::vector<Outcome> outcomes(hashes.size());
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        REQUIRE(pipeline.look_up(hashes[i], record_into(outcomes[i])));
    }
    CHECK(pipeline.in_flight() == hashes.size());
    std::vector<Outcome*> waiting;
    for (auto& outcome : outcomes) waiting.push_back(&outcome);
    settle(pipeline, waiting);

    CHECK(pipeline.in_flight() == 0);
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        CAPTURE(hashes[i]);
        REQUIRE(outcomes[i].has_value());
        REQUIRE(outcomes[i]->has_value());
        const SessionLookup& lookup = **outcomes[i];
        CHECK(lookup.token_hash == hashes[i]);
        const auto expected = stores.sessions.find_with_user(hashes[i]);
        REQUIRE(lookup.found.has_value() == expected.has_value());
        if (!expected) continue;
        CHECK(lookup.found->session.id == expected->session.id);
        CHECK(lookup.found->session.expires_at == expected->session.expires_at);
        CHECK(lookup.found->session.last_seen_at == expected->session.last_seen_at);
        CHECK(lookup.found->session.credential_version == expected->session.credential_version);
        CHECK(lookup.found->user.id == expected->user.id);
        CHECK(lookup.found->user.email == expected->user.email);
        CHECK(lookup.found->user.first_name == expected->user.first_name);
        CHECK(lookup.found->user.created_at == expected->user.created_at);
    }
    CHECK((*outcomes[0])->found->user.id == "u3");
    CHECK((*outcomes[1])->found->session.id == "s1");
    CHECK_FALSE((*outcomes[2])->found);
    CHECK_FALSE((*outcomes[3])->found);
}

TEST_CASE("postgresql: a pipeline whose connection dies fails its lookups, the next reconnect") {
    if (skip_postgres()) return;
    ConnectedPipeline connected;
    PgStores& stores = connected.stores;
    const std::string& application = connected.application;
    PgSessionPipeline& pipeline = connected.pipeline;
    const Outcome& first = connected.first;
    REQUIRE(first->has_value());
    CHECK((*first)->found->session.id == "s1");

    // What a server restart does to the connection.
    exec(stores.schema.url(),
         "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
         "WHERE application_name = '" +
             application + "'");
    for (int i = 0; i < 100 && !backends_named(stores.schema.url(), application).empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE(backends_named(stores.schema.url(), application).empty());

    // The pipeline learns it from the lookups it sends: they fail, and their
    // requests would look the session up the usual way.
    Outcome lost_a;
    Outcome lost_b;
    REQUIRE(pipeline.look_up("hash-1", record_into(lost_a)));
    REQUIRE(pipeline.look_up("hash-1", record_into(lost_b)));
    settle(pipeline, {&lost_a, &lost_b});
    REQUIRE(lost_a.has_value());
    REQUIRE(lost_b.has_value());
    CHECK_FALSE(lost_a->has_value());
    CHECK_FALSE(lost_b->has_value());
    CHECK(pipeline.in_flight() == 0);

    // A second later the next lookup connects again.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    Outcome again;
    REQUIRE(pipeline.look_up("hash-1", record_into(again)));
    settle(pipeline, {&again});
    REQUIRE(again.has_value());
    REQUIRE(again->has_value());
    CHECK((*again)->found->session.id == "s1");
    CHECK(backends_named(stores.schema.url(), application).size() == 1);
}

TEST_CASE("postgresql: lookups a server never answers fail once the pipeline's patience is out") {
    if (skip_postgres()) return;
    ConnectedPipeline connected(std::chrono::milliseconds(300));
    PgStores& stores = connected.stores;
    const std::string& application = connected.application;
    PgSessionPipeline& pipeline = connected.pipeline;

    // A server, or a network, that stops answering without closing.
    const std::vector<int> backends = backends_named(stores.schema.url(), application);
    REQUIRE(backends.size() == 1);
    const int backend = backends.front();
    if (::kill(backend, SIGSTOP) != 0) {
        MESSAGE("cannot stop the PostgreSQL backend (not its owner): case skipped");
        return;
    }
    struct Resumed {
        int pid;
        ~Resumed() { ::kill(pid, SIGCONT); }
    } resumed{backend};

    Outcome stalled;
    const auto sent = std::chrono::steady_clock::now();
    REQUIRE(pipeline.look_up("hash-1", record_into(stalled)));
    pipeline.send();
    while (!stalled.has_value() &&
           std::chrono::steady_clock::now() - sent < std::chrono::seconds(5)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        pipeline.give_up_stalled();
    }
    REQUIRE(stalled.has_value());
    CHECK_FALSE(stalled->has_value());
    CHECK(std::chrono::steady_clock::now() - sent >= std::chrono::milliseconds(300));
    CHECK(pipeline.in_flight() == 0);
}

}  // namespace authapi::test
