// What one session lookup costs on PostgreSQL by itself, without HTTP: the
// server's own statement (pg_session_with_user_sql) for random sessions of
// the database at URL, one at a time as the server sends it, then N at a
// time in libpq's pipeline mode (one write and one read for N lookups).
// Prints, per lookup, the wall time, this process's CPU time and the
// PostgreSQL backend's CPU time (from /proc: the backend must run on this
// machine).
//
//   pg-round-trip URL LOOKUPS [BATCH...]
#include <libpq-fe.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "pg_session_repository.hpp"

namespace {

struct ConnectionCloser {
    void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct ResultClearer {
    void operator()(PGresult* result) const { PQclear(result); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;
using Result = std::unique_ptr<PGresult, ResultClearer>;

double cpu_seconds_of_this_process() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// utime + stime of another process, from /proc/PID/stat.
double cpu_seconds_of(int pid) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto name_end = text.rfind(')');
    if (name_end == std::string::npos)
        throw std::runtime_error("cannot read the backend's CPU time");
    std::istringstream fields(text.substr(name_end + 2));
    std::string field;
    // After the name: state is field 3; utime and stime are fields 14 and 15.
    for (int i = 3; i < 14; ++i) fields >> field;
    long long user = 0;
    long long system = 0;
    fields >> user >> system;
    return static_cast<double>(user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

Result expect(PGconn* connection, PGresult* raw, ExecStatusType wanted, const char* what) {
    Result result(raw);
    if (!result || PQresultStatus(result.get()) != wanted) {
        throw std::runtime_error(std::string(what) + ": " + PQerrorMessage(connection));
    }
    return result;
}

struct Figures {
    double wall_us;
    double client_us;
    double server_us;
};

class LookupTimer {
public:
    explicit LookupTimer(const char* url) : connection_(PQconnectdb(url)) {
        if (PQstatus(connection_.get()) != CONNECTION_OK) {
            throw std::runtime_error(std::string("connect: ") + PQerrorMessage(connection_.get()));
        }
        PGconn* c = connection_.get();
        const Result hashes = expect(c, PQexec(c, "SELECT token_hash FROM user_sessions"),
                                     PGRES_TUPLES_OK, "read the token hashes");
        for (int row = 0; row < PQntuples(hashes.get()); ++row) {
            token_hashes_.emplace_back(PQgetvalue(hashes.get(), row, 0));
        }
        if (token_hashes_.empty()) throw std::runtime_error("no sessions in the database");
        expect(c, PQprepare(c, "lookup", authapi::pg_session_with_user_sql(), 1, nullptr),
               PGRES_COMMAND_OK, "prepare");
    }

    // `batch` 1: one synchronous round trip per lookup, as the server does.
    Figures time(int lookups, int batch) {
        PGconn* c = connection_.get();
        const int backend = PQbackendPID(c);
        const auto wall_start = std::chrono::steady_clock::now();
        const double client_start = cpu_seconds_of_this_process();
        const double server_start = cpu_seconds_of(backend);
        int found = 0;
        if (batch <= 1) {
            for (int i = 0; i < lookups; ++i) {
                const char* hash = next_hash();
                found +=
                    PQntuples(expect(c, PQexecPrepared(c, "lookup", 1, &hash, nullptr, nullptr, 0),
                                     PGRES_TUPLES_OK, "lookup")
                                  .get());
            }
        } else {
            if (PQenterPipelineMode(c) != 1) throw std::runtime_error("no pipeline mode");
            for (int done = 0; done < lookups; done += batch) {
                for (int i = 0; i < batch; ++i) {
                    const char* hash = next_hash();
                    PQsendQueryPrepared(c, "lookup", 1, &hash, nullptr, nullptr, 0);
                }
                PQpipelineSync(c);
                for (int i = 0; i < batch; ++i) {
                    found += PQntuples(
                        expect(c, PQgetResult(c), PGRES_TUPLES_OK, "pipelined lookup").get());
                    Result end(PQgetResult(c));  // null: the end of that query's results
                }
                expect(c, PQgetResult(c), PGRES_PIPELINE_SYNC, "pipeline sync");
            }
            PQexitPipelineMode(c);
        }
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
        if (found == 0) throw std::runtime_error("no lookup found its session");
        const double n = lookups;
        return {wall / n * 1e6, (cpu_seconds_of_this_process() - client_start) / n * 1e6,
                (cpu_seconds_of(backend) - server_start) / n * 1e6};
    }

private:
    const char* next_hash() { return token_hashes_[pick_(random_) % token_hashes_.size()].c_str(); }

    Connection connection_;
    std::vector<std::string> token_hashes_;
    std::mt19937 random_{42};
    std::uniform_int_distribution<std::size_t> pick_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: pg-round-trip URL LOOKUPS [BATCH...]\n");
        return 2;
    }
    try {
        LookupTimer timer(argv[1]);
        const int lookups = std::atoi(argv[2]);
        std::vector<int> batches{1};
        for (int i = 3; i < argc; ++i) batches.push_back(std::atoi(argv[i]));
        timer.time(lookups / 10 + 1, 1);  // warm: plans, caches
        for (int batch : batches) {
            const Figures figures = timer.time(lookups, batch);
            std::printf("batch=%d wall_us=%.1f client_us=%.1f server_us=%.1f\n", batch,
                        figures.wall_us, figures.client_us, figures.server_us);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pg-round-trip: %s\n", e.what());
        return 1;
    }
}
