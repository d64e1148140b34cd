#include "server_process.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "postgresql_backend.hpp"

extern char** environ;

namespace authapi::e2e {

namespace {

using Clock = std::chrono::steady_clock;

// Followed by the API_HOST, ':' and the port. A server on 0.0.0.0 also
// answers on 127.0.0.1, where the tests connect.
constexpr std::string_view kListening = "listening on http://";

bool inherited(std::string_view name) {
    static constexpr std::string_view kKept[] = {"PATH", "HOME", "TMPDIR", "LANG"};
    for (auto kept : kKept) {
        if (name == kept) return true;
    }
    if (name.rfind("LC_", 0) == 0) return true;
    const std::string_view suffix = "SAN_OPTIONS";  // ASAN_OPTIONS, UBSAN_OPTIONS, ...
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> child_environment(const Environment& env) {
    std::vector<std::string> entries;
    for (char** var = environ; *var != nullptr; ++var) {
        const std::string_view entry(*var);
        const std::string name(entry.substr(0, entry.find('=')));
        if (inherited(name) && env.count(name) == 0) entries.emplace_back(entry);
    }
    for (const auto& [name, value] : env) entries.push_back(name + "=" + value);
    return entries;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

// fork + exec with stdin from /dev/null and stdout/stderr into files. The
// child dies with the test process (PR_SET_PDEATHSIG), so a crashed test run
// leaves no server behind.
pid_t spawn(const std::vector<std::string>& args, const Environment& env,
            const std::string& out_path, const std::string& err_path) {
    std::vector<std::string> argv_strings{auth_api_binary()};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<std::string> env_strings = child_environment(env);
    std::vector<char*> argv = pointers(argv_strings);
    std::vector<char*> envp = pointers(env_strings);

    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (out < 0 || err < 0 || in < 0) {
        throw std::runtime_error("cannot open the output files in " + out_path);
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);
        ::dup2(in, STDIN_FILENO);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(err, STDERR_FILENO);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    const int fork_error = errno;
    ::close(out);
    ::close(err);
    ::close(in);
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(fork_error));
    return pid;
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

// The exit status once `pid` has ended, or nullopt if it is still running
// at `deadline`.
std::optional<int> wait_until(pid_t pid, Clock::time_point deadline) {
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) return decode_status(status);
        if (done < 0 && errno != EINTR) return -1;
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

int kill_and_reap(pid_t pid) {
    ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return decode_status(status);
}

std::optional<std::uint16_t> listening_port(const std::string& log) {
    // "listening on http://127.0.0.1:<port>" or "http://[::1]:<port>".
    const std::size_t at = log.find(kListening);
    if (at == std::string::npos) return std::nullopt;
    const std::size_t url_end = log.find_first_of(" \n", at + kListening.size());
    if (url_end == std::string::npos) return std::nullopt;
    const std::size_t colon = log.rfind(':', url_end);
    if (colon == std::string::npos || colon < at + kListening.size()) return std::nullopt;
    std::size_t pos = colon + 1;
    unsigned long port = 0;
    std::size_t digits = 0;
    while (pos < log.size() && log[pos] >= '0' && log[pos] <= '9' && digits < 6) {
        port = port * 10 + static_cast<unsigned long>(log[pos] - '0');
        ++pos;
        ++digits;
    }
    // The line must be complete: the number is followed by something.
    if (digits == 0 || pos == log.size() || port == 0 || port > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(port);
}

std::atomic<int> reports_seen{0};

// Sanitizer builds run the server with halt_on_error, but a report may come
// when nobody checks the exit status (at exit, or after a SIGKILL test).
void check_sanitizer_report(const std::string& what, const std::string& log) {
    if (log.find("ERROR: AddressSanitizer") == std::string::npos &&
        log.find("ERROR: LeakSanitizer") == std::string::npos &&
        log.find("runtime error:") == std::string::npos) {
        return;
    }
    ++reports_seen;
    std::fprintf(stderr, "e2e: sanitizer report from %s; its log:\n%s\n", what.c_str(),
                 log.c_str());
}

}  // namespace

int sanitizer_reports() {
    return reports_seen.load();
}

std::string auth_api_binary() {
    const char* path = std::getenv("AUTH_API_BIN");
    if (path == nullptr || *path == '\0') {
        throw std::runtime_error("AUTH_API_BIN is not set: it must name the auth-api binary");
    }
    return path;
}

Environment test_environment(const std::string& db_path, const Environment& overrides) {
    Environment env{{"API_HOST", "127.0.0.1"},
                    {"API_PORT", "0"},
                    {"API_THREADS", "2"},
                    {"SESSION_NAME", "_my_session_id"},
                    {"DB_PATH", db_path}};
    for (const auto& [name, value] : overrides) env[name] = value;
    // The same database for the same DB_PATH: restarts and the CLI share it,
    // as they share the file with SQLite.
    if (const auto base_url = postgresql_backend_url(); base_url && !env.count("DATABASE_URL")) {
        env["DATABASE_URL"] = postgresql_schema_url(*base_url, env.at("DB_PATH"));
    }
    return env;
}

ProcessResult run_auth_api(const std::vector<std::string>& args, const Environment& env,
                           std::chrono::milliseconds timeout) {
    TempDirectory outputs;
    const std::string out_path = outputs.file("stdout");
    const std::string err_path = outputs.file("stderr");
    const pid_t pid = spawn(args, env, out_path, err_path);
    ProcessResult result;
    if (auto code = wait_until(pid, Clock::now() + timeout)) {
        result.exit_code = *code;
    } else {
        result.timed_out = true;
        result.exit_code = kill_and_reap(pid);
    }
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    check_sanitizer_report("auth-api " + (args.empty() ? std::string() : args.front()), result.err);
    return result;
}

std::string last_line(const std::string& text) {
    std::size_t end = text.size();
    while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
    const std::size_t start = text.rfind('\n', end == 0 ? 0 : end - 1);
    return text.substr(start == std::string::npos ? 0 : start + 1,
                       end - (start == std::string::npos ? 0 : start + 1));
}

void ServerProcess::start(const Environment& overrides) {
    env_ = test_environment(dir_.file("auth.db"), overrides);
    log_path_ = dir_.file("server.log");
    pid_ = spawn({}, env_, dir_.file("stdout.log"), log_path_);
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    for (;;) {
        if (auto port = listening_port(log())) {
            port_ = *port;
            return;
        }
        if (auto code = wait_until(pid_, Clock::now())) {
            exit_code_ = code;
            throw std::runtime_error("auth-api exited with status " + std::to_string(*code) +
                                     " before listening; its log:\n" + log());
        }
        if (Clock::now() >= deadline) {
            exit_code_ = kill_and_reap(pid_);
            throw std::runtime_error("auth-api did not print \"" + std::string(kListening) +
                                     "<host>:<port>\" within 10 s; its log:\n" + log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

ServerProcess::~ServerProcess() {
    try {
        if (!exit_code_ && !running()) {
            // Nobody asked it to stop: say so, or a test only sees "connection refused".
            std::fprintf(stderr,
                         "e2e: auth-api (port %u) had exited by itself, status %d; its log:\n%s\n",
                         static_cast<unsigned>(port_), *exit_code_, log().c_str());
        }
        stop();
        check_sanitizer_report("the server on port " + std::to_string(port_), log());
    } catch (...) {
    }
}

std::string ServerProcess::log() const {
    return read_file(log_path_);
}

bool ServerProcess::running() {
    if (exit_code_) return false;
    if (auto code = wait_until(pid_, Clock::now())) {
        exit_code_ = code;
        return false;
    }
    return true;
}

int ServerProcess::stop(int signal) {
    if (exit_code_) return *exit_code_;
    ::kill(pid_, signal);
    exit_code_ = wait_until(pid_, Clock::now() + std::chrono::seconds(10));
    if (!exit_code_) exit_code_ = kill_and_reap(pid_);
    return *exit_code_;
}

ProcessResult ServerProcess::cli(const std::vector<std::string>& args) const {
    return run_auth_api(args, env_);
}

ProcessResult ServerProcess::create_user(const std::string& email, const std::string& password,
                                         const std::optional<std::string>& first_name,
                                         const std::optional<std::string>& last_name) const {
    std::vector<std::string> args{"create-user", "--email", email, "--password", password};
    if (first_name) args.insert(args.end(), {"--first-name", *first_name});
    if (last_name) args.insert(args.end(), {"--last-name", *last_name});
    return cli(args);
}

std::string ServerProcess::seed_user(const std::string& email, const std::string& password,
                                     const std::optional<std::string>& first_name,
                                     const std::optional<std::string>& last_name) const {
    const ProcessResult result = create_user(email, password, first_name, last_name);
    if (result.exit_code != 0 || result.timed_out) {
        throw std::runtime_error("auth-api create-user --email " + email + " failed with status " +
                                 std::to_string(result.exit_code) + ":\n" + result.err);
    }
    return last_line(result.out);
}

}  // namespace authapi::e2e
