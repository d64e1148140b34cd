// Slow and piecewise request heads against a running auth-api, for bench/run.
//
//   head-pressure pieces <server-pid> <port> [repeats] [piece-bytes] [head-bytes] [gap-us]
//     The same valid head (61 KB by default) sent `repeats` times whole, then
//     `repeats` times in pieces of `piece-bytes` (8), `gap-us` (20) apart so
//     that the server gets them one by one rather than piled up: the
//     server's CPU per head for each, and their ratio.
//   head-pressure slow-heads <server-pid> <port> [connections] [head-bytes] [hold-seconds]
//     `connections` clients (1000) each send an unfinished head of
//     `head-bytes` (60 KB) and hold it, while a probe asks GET /api/v1/status
//     on a fresh connection every 20 ms: the probes' p50 / p99 / max, the
//     server's RSS before, at its peak, and once the clients have gone.
//
// Each prints one "BENCH key=value ..." line. The server's CPU is the sum of
// its threads' run time (/proc/<pid>/task/*/schedstat, nanoseconds); what it
// spends idle meanwhile (its timers: measured for a second first) is taken
// off, so that the figures are what the heads cost (the raw ones are printed
// too).
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

class Socket {
public:
    explicit Socket(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        if (fd_ < 0) throw std::runtime_error("socket failed");
        const int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        timeval timeout{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd_);
            throw std::runtime_error("connect failed");
        }
    }
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    Socket(const Socket&) = delete;

    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (sent <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(sent));
        }
        return true;
    }
    // Reads until `marker` (or EOF / timeout); returns what came.
    std::string read_until(std::string_view marker) {
        std::string data;
        char buffer[4096];
        while (data.find(marker) == std::string::npos) {
            const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
            if (got <= 0) break;
            data.append(buffer, static_cast<std::size_t>(got));
        }
        return data;
    }
    // Whether the server has written anything (an early refusal) yet.
    bool answered() const {
        pollfd ready{fd_, POLLIN, 0};
        return ::poll(&ready, 1, 0) > 0;
    }

private:
    int fd_;
};

std::uint64_t server_cpu_ns(int pid) {
    const std::string dir = "/proc/" + std::to_string(pid) + "/task";
    std::uint64_t total = 0;
    DIR* tasks = ::opendir(dir.c_str());
    if (tasks == nullptr) throw std::runtime_error("cannot read " + dir);
    while (dirent* entry = ::readdir(tasks)) {
        if (entry->d_name[0] == '.') continue;
        std::ifstream in(dir + "/" + entry->d_name + "/schedstat");
        std::uint64_t ns = 0;
        if (in >> ns) total += ns;
    }
    ::closedir(tasks);
    return total;
}

double rss_mb(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (in >> key) {
        if (key == "VmRSS:") {
            double kb = 0;
            in >> kb;
            return kb / 1024;
        }
    }
    return 0;
}

// A valid head of about `bytes`, with `finished` its blank line.
std::string head_of(std::size_t bytes, bool finished) {
    std::string head = "GET /api/v1/status HTTP/1.1\r\nHost: bench\r\n";
    for (int i = 0; head.size() + 100 < bytes; ++i) {
        head += "X-Pad-" + std::to_string(i) + ": " + std::string(80, 'p') + "\r\n";
    }
    head += "X-Last: " + std::string(bytes > head.size() + 12 ? bytes - head.size() - 12 : 1, 'l');
    head += "\r\n";
    if (finished) head += "\r\n";
    return head;
}

bool status_ok(const std::string& answer) {
    return answer.rfind("HTTP/1.1 200", 0) == 0;
}

int pieces(int pid, std::uint16_t port, int repeats, std::size_t piece, std::size_t head_bytes,
           std::chrono::microseconds gap) {
    const std::string head = head_of(head_bytes, true);
    int errors = 0;
    const std::uint64_t idle_start = server_cpu_ns(pid);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const double idle_ns_per_s = static_cast<double>(server_cpu_ns(pid) - idle_start);
    double raw_us = 0;
    auto run = [&](bool piecewise) {
        const auto started = Clock::now();
        const std::uint64_t before = server_cpu_ns(pid);
        for (int i = 0; i < repeats; ++i) {
            Socket socket(port);
            if (piecewise) {
                for (std::size_t at = 0; at < head.size(); at += piece) {
                    socket.send(std::string_view(head).substr(at, piece));
                    std::this_thread::sleep_for(gap);
                }
            } else {
                socket.send(head);
            }
            if (!status_ok(socket.read_until("}\n"))) ++errors;
        }
        const double spent_ns = static_cast<double>(server_cpu_ns(pid) - before);
        const double idle_ns =
            idle_ns_per_s * std::chrono::duration<double>(Clock::now() - started).count();
        raw_us = spent_ns / 1000.0 / repeats;
        return std::max(0.0, spent_ns - idle_ns) / 1000.0 / repeats;
    };
    run(false);  // warm-up
    const double once = run(false);
    const double once_raw = raw_us;
    const double in_pieces = run(true);
    const double pieces_raw = raw_us;
    std::printf(
        "BENCH head_bytes=%zu piece_bytes=%zu gap_us=%lld repeats=%d once_cpu_us=%.0f "
        "pieces_cpu_us=%.0f ratio=%.2f once_raw_us=%.0f pieces_raw_us=%.0f idle_us_per_s=%.0f "
        "errors=%d\n",
        head.size(), piece, static_cast<long long>(gap.count()), repeats, once, in_pieces,
        once > 0 ? in_pieces / once : 0.0, once_raw, pieces_raw, idle_ns_per_s / 1000, errors);
    return errors == 0 ? 0 : 1;
}

int slow_heads(int pid, std::uint16_t port, int connections, std::size_t head_bytes,
               double hold_seconds) {
    const std::string head = head_of(head_bytes, false);
    const double rss_before = rss_mb(pid);
    std::atomic<bool> probing{true};
    std::vector<double> probe_ms;
    int probe_errors = 0;
    std::thread probe([&] {
        while (probing) {
            const auto start = Clock::now();
            try {
                Socket socket(port);
                socket.send(
                    "GET /api/v1/status HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n");
                if (!status_ok(socket.read_until("}\n"))) ++probe_errors;
            } catch (const std::exception&) {
                ++probe_errors;
            }
            probe_ms.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    std::vector<Socket> clients;
    clients.reserve(static_cast<std::size_t>(connections));
    for (int i = 0; i < connections; ++i) {
        clients.emplace_back(port);
        clients.back().send(head);
    }
    double rss_peak = rss_mb(pid);
    const auto hold_until = Clock::now() + std::chrono::duration<double>(hold_seconds);
    while (Clock::now() < hold_until) {
        rss_peak = std::max(rss_peak, rss_mb(pid));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    int refused = 0;
    for (const Socket& client : clients) refused += client.answered() ? 1 : 0;
    clients.clear();
    // The server trims freed memory on its next 250 ms tick.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const double rss_after = rss_mb(pid);
    probing = false;
    probe.join();
    std::sort(probe_ms.begin(), probe_ms.end());
    auto percentile = [&](double p) {
        if (probe_ms.empty()) return 0.0;
        return probe_ms[std::min(
            probe_ms.size() - 1,
            static_cast<std::size_t>(p * static_cast<double>(probe_ms.size())))];
    };
    std::printf(
        "BENCH connections=%d head_bytes=%zu refused=%d probes=%zu probe_errors=%d "
        "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f rss_before_mb=%.1f rss_peak_mb=%.1f "
        "rss_after_mb=%.1f\n",
        connections, head.size(), refused, probe_ms.size(), probe_errors, percentile(0.5),
        percentile(0.99), probe_ms.empty() ? 0.0 : probe_ms.back(), rss_before, rss_peak,
        rss_after);
    return probe_errors == 0 ? 0 : 1;
}

void raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr,
                     "usage: head-pressure pieces <pid> <port> [repeats] [piece] [head-bytes] "
                     "[gap-us]\n"
                     "       head-pressure slow-heads <pid> <port> [connections] [head-bytes] "
                     "[hold-seconds]\n");
        return 2;
    }
    raise_open_file_limit();
    // Sleeps as long as asked: the gaps between pieces are tens of microseconds.
    ::prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    const std::string mode = argv[1];
    const int pid = std::atoi(argv[2]);
    const auto port = static_cast<std::uint16_t>(std::atoi(argv[3]));
    auto arg = [&](int i, double fallback) { return argc > i ? std::atof(argv[i]) : fallback; };
    try {
        if (mode == "pieces") {
            return pieces(pid, port, static_cast<int>(arg(4, 20)),
                          static_cast<std::size_t>(arg(5, 8)),
                          static_cast<std::size_t>(arg(6, 61 * 1024)),
                          std::chrono::microseconds(static_cast<long long>(arg(7, 20))));
        }
        if (mode == "slow-heads") {
            return slow_heads(pid, port, static_cast<int>(arg(4, 1000)),
                              static_cast<std::size_t>(arg(5, 60 * 1024)), arg(6, 3));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "head-pressure: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "head-pressure: unknown mode %s\n", mode.c_str());
    return 2;
}
