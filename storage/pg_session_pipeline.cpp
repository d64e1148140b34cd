#include "pg_session_pipeline.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <stdexcept>

#include "pg_rows.hpp"
#include "pg_session_repository.hpp"
#include "pg_values.hpp"
#include "storage_error.hpp"

namespace authapi {

namespace {

constexpr const char* kLookup = "pipelined_session_with_user";

struct ResultClearer {
    void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultClearer>;

class PgResultRowText final : public PgRowText {
public:
    PgResultRowText(const PGresult* result, int row) : result_(result), row_(row) {}
    PgText column(int index) const override {
        if (PQgetisnull(result_, row_, index)) return std::nullopt;
        return std::string_view(PQgetvalue(result_, row_, index),
                                static_cast<std::size_t>(PQgetlength(result_, row_, index)));
    }

private:
    const PGresult* result_;
    int row_;
};

// What a lookup's result says; nullopt when it cannot be read.
std::optional<SessionLookup> read_lookup(std::string token_hash, const PGresult* result) {
    SessionLookup lookup{std::move(token_hash), std::nullopt};
    if (PQntuples(result) == 0) return lookup;
    try {
        const PgResultRowText row(result, 0);
        lookup.found = SessionAndUser{read_session(row), read_user(row, kPgSessionColumns)};
    } catch (const StorageError&) {
        return std::nullopt;  // the usual lookup meets the same row and says what is wrong
    }
    return lookup;
}

}  // namespace

void PgSessionPipeline::ConnectionCloser::operator()(pg_conn* connection) const {
    PQfinish(connection);
}

PgSessionPipeline::PgSessionPipeline(std::string url, std::chrono::milliseconds patience)
    : url_(std::move(url)), patience_(patience), epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_fd_ < 0) throw StorageError("session lookup pipeline: epoll_create1 failed");
}

PgSessionPipeline::~PgSessionPipeline() {
    close();
    ::close(epoll_fd_);
}

bool PgSessionPipeline::connect() {
    const auto now = std::chrono::steady_clock::now();
    if (now < next_connect_) return false;
    next_connect_ = now + std::chrono::seconds(1);
    std::unique_ptr<pg_conn, ConnectionCloser> connection(PQconnectdb(url_.c_str()));
    PGconn* c = connection.get();
    if (PQstatus(c) != CONNECTION_OK) return false;
    if (PQresultStatus(Result(PQexec(c, pg_session_settings())).get()) != PGRES_COMMAND_OK) {
        return false;
    }
    if (PQresultStatus(
            Result(PQprepare(c, kLookup, pg_session_with_user_sql(), 1, nullptr)).get()) !=
        PGRES_COMMAND_OK) {
        return false;
    }
    if (PQsetnonblocking(c, 1) != 0 || PQenterPipelineMode(c) != 1) return false;
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = PQsocket(c);
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, PQsocket(c), &event) != 0) return false;
    connection_ = std::move(connection);
    broken_ = false;
    unsynced_ = 0;
    query_ended_ = true;
    return true;
}

void PgSessionPipeline::close() {
    if (!connection_) return;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, PQsocket(connection_.get()), nullptr);
    connection_.reset();
}

bool PgSessionPipeline::look_up(const std::string& token_hash, Done done) {
    if (broken_ || !pg_can_store(token_hash)) return false;
    // Twice at most: a connection the server has ended shows it only when
    // written to; with nothing in flight, it is replaced at once.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!connection_ && !connect()) return false;
        const char* value = token_hash.c_str();
        if (PQstatus(connection_.get()) == CONNECTION_OK &&
            PQsendQueryPrepared(connection_.get(), kLookup, 1, &value, nullptr, nullptr, 0) == 1) {
            waiting_.push_back(
                Waiting{token_hash, std::move(done), std::chrono::steady_clock::now()});
            ++unsynced_;
            return true;
        }
        if (!waiting_.empty()) {
            broken_ = true;  // those in flight fail at send(), outside the caller's request
            return false;
        }
        close();
        next_connect_ = {};
    }
    return false;
}

std::size_t PgSessionPipeline::send() {
    Answers answers;
    std::size_t sent = 0;
    if (broken_) {
        fail_all(answers);
    } else if (connection_ && unsynced_ != 0) {
        PGconn* c = connection_.get();
        bool ok = PQpipelineSync(c) == 1;
        sent = unsynced_;
        unsynced_ = 0;
        // A few hundred bytes fit the socket's buffer at once; when they do
        // not, the server may be writing results back meanwhile: take them
        // in while waiting (libpq's advice for a non-blocking flush).
        int pending = ok ? PQflush(c) : -1;
        bool took_input = false;
        while (pending == 1) {
            pollfd ready{PQsocket(c), POLLIN | POLLOUT, 0};
            if (::poll(&ready, 1, 5000) <= 0) {
                pending = -1;
                break;
            }
            if ((ready.revents & POLLIN) != 0) {
                if (PQconsumeInput(c) != 1) {
                    pending = -1;
                    break;
                }
                took_input = true;
            }
            pending = PQflush(c);
        }
        // Input libpq has taken in no longer wakes the descriptor: read it now.
        if (pending != 0 || (took_input && !take_results(answers))) fail_all(answers);
    }
    call(answers);
    return sent;
}

void PgSessionPipeline::receive() {
    epoll_event events[1];
    [[maybe_unused]] int ready = ::epoll_wait(epoll_fd_, events, 1, 0);
    if (!connection_) return;
    Answers answers;
    // A server that ends the connection says why first: those lookups fail
    // as errors, and the connection is then closed here.
    if (PQconsumeInput(connection_.get()) != 1 || !take_results(answers) ||
        PQstatus(connection_.get()) != CONNECTION_OK) {
        fail_all(answers);
    }
    call(answers);
}

void PgSessionPipeline::give_up_stalled() {
    if (waiting_.empty() ||
        std::chrono::steady_clock::now() - waiting_.front().sent_at < patience_) {
        return;
    }
    Answers answers;
    fail_all(answers);
    call(answers);
}

bool PgSessionPipeline::take_results(Answers& answers) {
    PGconn* c = connection_.get();
    while (PQisBusy(c) == 0) {
        Result result(PQgetResult(c));
        if (!result) {
            // Each query's results end with a null; another one means
            // nothing more has arrived.
            if (query_ended_) return true;
            query_ended_ = true;
            continue;
        }
        const ExecStatusType status = PQresultStatus(result.get());
        if (status == PGRES_PIPELINE_SYNC) continue;
        if (waiting_.empty()) return false;  // a result nobody asked for
        Waiting waiting = std::move(waiting_.front());
        waiting_.pop_front();
        query_ended_ = false;
        // A failed lookup (and the ones after it up to the sync, aborted)
        // is made again the usual way, which reports the error.
        answers.emplace_back(std::move(waiting.done),
                             status == PGRES_TUPLES_OK
                                 ? read_lookup(std::move(waiting.token_hash), result.get())
                                 : std::nullopt);
    }
    return true;
}

void PgSessionPipeline::fail_all(Answers& answers) {
    for (auto& waiting : waiting_) answers.emplace_back(std::move(waiting.done), std::nullopt);
    waiting_.clear();
    close();
    broken_ = false;
}

void PgSessionPipeline::call(Answers& answers) {
    // After the pipeline's own state is settled: a call may queue lookups.
    for (auto& [done, lookup] : answers) done(std::move(lookup));
}

}  // namespace authapi
