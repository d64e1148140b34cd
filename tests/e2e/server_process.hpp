#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "temp_directory.hpp"

namespace authapi::e2e {

using test::read_file;
using test::TempDirectory;

// Variables given to auth-api. The child gets only these, plus PATH, HOME,
// TMPDIR, LANG/LC_* and sanitizer options from the test's own environment:
// never an AUTH_TYPE or DB_PATH that happens to be set where the tests run.
using Environment = std::map<std::string, std::string>;

struct ProcessResult {
    int exit_code = -1;      // the exit status, or 128 + signal when killed by one
    bool timed_out = false;  // it did not end in time and was killed
    std::string out;
    std::string err;
};

// $AUTH_API_BIN; throws std::runtime_error when it is not set.
std::string auth_api_binary();

// The defaults every run gets (API_HOST=127.0.0.1, API_PORT=0, API_THREADS=2,
// SESSION_NAME=_my_session_id, DB_PATH=db_path), with `overrides` on top.
Environment test_environment(const std::string& db_path, const Environment& overrides = {});

// Runs `auth-api args...` with exactly `env`, waits for it (killing it after
// `timeout`) and returns its status and output.
ProcessResult run_auth_api(const std::vector<std::string>& args, const Environment& env,
                           std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The real server, started in its own temp directory with its stderr in a
// log file there. The constructor returns once the server has printed
// `listening on http://<host>:<port>`, and throws (with the log) when it
// does not within 10 s.
class ServerProcess {
public:
    // `env` overrides test_environment(<temp dir>/auth.db); give DB_PATH to
    // share a database between servers (restarts) or with the CLI.
    // (A template, so that `ServerProcess server({{"AUTH_TYPE", "auth"}})`
    // means the initializer-list constructor, not a copy from a map.)
    template <typename Env, typename = std::enable_if_t<std::is_same_v<Env, Environment>>>
    explicit ServerProcess(const Env& env) {
        start(env);
    }
    explicit ServerProcess(std::initializer_list<Environment::value_type> env)
        : ServerProcess(Environment(env)) {}
    ServerProcess() : ServerProcess(Environment{}) {}
    ~ServerProcess();

    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    const Environment& environment() const { return env_; }
    const std::string& db_path() const { return env_.at("DB_PATH"); }
    const std::string& directory() const { return dir_.path(); }
    // Everything the server has written to stderr so far.
    std::string log() const;

    bool running();
    // Sends `signal`, waits up to 10 s (then SIGKILL) and returns the exit
    // status as ProcessResult::exit_code does. Later calls return it again.
    int stop(int signal = SIGTERM);

    // `auth-api args...` with this server's environment (same DB_PATH).
    ProcessResult cli(const std::vector<std::string>& args) const;
    // `auth-api create-user ...`; the new id is the last line of `out`.
    ProcessResult create_user(const std::string& email, const std::string& password,
                              const std::optional<std::string>& first_name = std::nullopt,
                              const std::optional<std::string>& last_name = std::nullopt) const;
    // create_user that must succeed; returns the new user's id (throws otherwise).
    std::string seed_user(const std::string& email, const std::string& password,
                          const std::optional<std::string>& first_name = std::nullopt,
                          const std::optional<std::string>& last_name = std::nullopt) const;

private:
    void start(const Environment& overrides);

    TempDirectory dir_;
    Environment env_;
    std::string log_path_;
    pid_t pid_ = -1;
    std::optional<int> exit_code_;
    std::uint16_t port_ = 0;
};

// How many auth-api runs (servers and CLI calls) so far wrote an AddressSanitizer
// or UndefinedBehaviorSanitizer report to stderr; each report is also printed
// with the run's whole log.
int sanitizer_reports();

// The last non-empty line of `text` (the id printed by create-user).
std::string last_line(const std::string& text);

}  // namespace authapi::e2e
