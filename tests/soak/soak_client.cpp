// Mixed traffic for scripts/soak: each thread logs in, then mostly reads
// (/users/me, /users/<id>), with logouts, user create / rename / delete, bad
// and missing cookies, and checks every answer against what that request
// should get. One connection per request (the server's accept path is part
// of what is soaked).
//   soak_client <port> <seconds> <threads> <email> <password>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "json_body.hpp"
#include "requests.hpp"

using namespace authapi::e2e;

namespace {

using Clock = std::chrono::steady_clock;

struct Totals {
    std::mutex mutex;
    std::map<std::string, long> requests;  // per kind
    long wrong = 0;
    long failed = 0;  // no answer at all (timeout, reset)
    std::vector<std::string> examples;
};

class Worker {
public:
    Worker(std::uint16_t port, int index, const std::string& email, const std::string& password,
           Totals& totals)
        : http_(port, std::chrono::seconds(15)),
          index_(index),
          email_(email),
          password_(password),
          totals_(totals),
          random_(static_cast<unsigned>(index) * 7919u + 1u) {}

    void run(Clock::time_point until) {
        while (Clock::now() < until) {
            try {
                step();
            } catch (const std::exception& e) {
                record("transport", 0, false, e.what());
                const std::lock_guard<std::mutex> lock(totals_.mutex);
                ++totals_.failed;
            }
        }
    }

private:
    void record(const std::string& kind, int status, bool ok, const std::string& detail = {}) {
        const std::lock_guard<std::mutex> lock(totals_.mutex);
        ++totals_.requests[kind];
        if (!ok) {
            ++totals_.wrong;
            if (totals_.examples.size() < 10) {
                std::string line =
                    kind + " -> " + std::to_string(status) + " " + detail.substr(0, 200);
                for (auto& c : line) c = c == '\n' ? ' ' : c;
                totals_.examples.push_back(line);
            }
        }
    }

    void check(const std::string& kind, const Response& response, std::initializer_list<int> ok) {
        bool good = false;
        for (int status : ok) good = good || response.status == status;
        record(kind, response.status, good, response.body);
    }

    void step() {
        // Logins and user creations hash a password (tens of ms of CPU each):
        // 1 % of the requests between them; the rest are lookups and small
        // writes.
        const int roll = static_cast<int>(random_() % 100);
        const bool hash_turn = random_() % 100 == 0;
        if (tokens_.empty() || (hash_turn && roll < 50)) {
            const Response response = login(http_, email_, password_);
            check("login", response, {200});
            if (auto token = cookie_value(response)) tokens_.push_back(*token);
            return;
        }
        const std::string token = tokens_[random_() % tokens_.size()];
        if (hash_turn) {
            const std::string email = "w" + std::to_string(::getpid()) + "-" +
                                      std::to_string(index_) + "-" + std::to_string(++created_) +
                                      "@soak.test";
            const Response response =
                http_.post("/api/v1/users", json_content() + session_cookie(token),
                           R"({"email": ")" + email + R"(", "password": "pwd"})");
            check("create", response, {201});
            if (response.status == 201) users_.push_back(text_member(response, "id"));
        } else if (roll < 3 && tokens_.size() > 3) {
            const std::string old = tokens_.front();
            tokens_.erase(tokens_.begin());
            check("logout", http_.del("/api/v1/auth_session/logout", session_cookie(old)), {200});
            check("logged out", http_.get("/api/v1/users/me", session_cookie(old)), {403});
        } else if (roll < 9 && !users_.empty()) {
            const std::string& user = users_[random_() % users_.size()];
            check("rename",
                  http_.put("/api/v1/users/" + user, json_content() + session_cookie(token),
                            R"({"first_name": "n)" + std::to_string(roll) + "\"}"),
                  {200});
        } else if (roll < 10 && users_.size() > 5) {
            const std::string user = users_.front();
            users_.erase(users_.begin());
            check("delete", http_.del("/api/v1/users/" + user, session_cookie(token)), {200});
            check("deleted", http_.get("/api/v1/users/" + user, session_cookie(token)), {404});
        } else if (roll < 16) {
            check("bad cookie",
                  http_.get("/api/v1/users/me",
                            session_cookie("not-a-session-" + std::to_string(random_()))),
                  {403});
        } else if (roll < 19) {
            check("no cookie", http_.get("/api/v1/users/me"), {401});
        } else if (roll < 26 && !users_.empty()) {
            check("read",
                  http_.get("/api/v1/users/" + users_[random_() % users_.size()],
                            session_cookie(token)),
                  {200});
        } else {
            check("me", http_.get("/api/v1/users/me", session_cookie(token)), {200});
        }
    }

    HttpClient http_;
    int index_;
    std::string email_;
    std::string password_;
    Totals& totals_;
    std::mt19937 random_;
    std::vector<std::string> tokens_;
    std::vector<std::string> users_;
    long created_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: soak_client <port> <seconds> <threads> <email> <password>\n");
        return 2;
    }
    const auto port = static_cast<std::uint16_t>(std::atoi(argv[1]));
    const int seconds = std::atoi(argv[2]);
    const int threads = std::atoi(argv[3]);
    Totals totals;
    const auto started = Clock::now();
    const auto until = started + std::chrono::seconds(seconds);
    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i) {
        workers.emplace_back([&, i] { Worker(port, i, argv[4], argv[5], totals).run(until); });
    }
    for (auto& worker : workers) worker.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();

    long total = 0;
    std::string kinds;
    for (const auto& [kind, count] : totals.requests) {
        total += count;
        kinds += " " + kind + "=" + std::to_string(count);
    }
    std::printf("soak: requests %ld (%.0f/s), wrong answers %ld, no answer %ld\n", total,
                total / elapsed, totals.wrong, totals.failed);
    std::printf("soak: by kind:%s\n", kinds.c_str());
    for (const auto& example : totals.examples) std::printf("soak: wrong: %s\n", example.c_str());
    return totals.wrong == 0 && totals.failed == 0 ? 0 : 1;
}
