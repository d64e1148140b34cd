#include "login_throttle.hpp"

#include <arpa/inet.h>
#include <sodium.h>

#include <algorithm>

namespace authapi {

FailureWindow::FailureWindow(ThrottleLimit limit, std::size_t max_keys)
    : limit_(limit), max_keys_(std::max<std::size_t>(max_keys, 1)) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    randombytes_buf(hash_key_, sizeof hash_key_);
}

std::uint64_t FailureWindow::key_hash(std::string_view key) const {
    static_assert(crypto_shorthash_BYTES == sizeof(std::uint64_t), "SipHash-2-4 gives 64 bits");
    unsigned char out[crypto_shorthash_BYTES];
    crypto_shorthash(out, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                     hash_key_);
    std::uint64_t value = 0;
    for (unsigned char byte : out) value = (value << 8) | byte;
    return value;
}

void FailureWindow::drop_outside_window(std::deque<std::int64_t>& failures,
                                        std::int64_t now) const {
    while (!failures.empty() && failures.front() <= now - limit_.window_seconds) {
        failures.pop_front();
    }
}

std::optional<std::int64_t> FailureWindow::blocked_for(std::string_view key,
                                                       std::int64_t now) const {
    if (limit_.max_failures <= 0) return std::nullopt;
    const std::uint64_t hash = key_hash(key);
    const std::lock_guard<std::mutex> lock(mutex_);
    auto found = failures_.find(hash);
    if (found == failures_.end()) return std::nullopt;
    drop_outside_window(found->second, now);
    if (static_cast<int>(found->second.size()) < limit_.max_failures) return std::nullopt;
    // Open again when the oldest failure still counted leaves the window.
    return std::max<std::int64_t>(1, found->second.front() + limit_.window_seconds - now);
}

void FailureWindow::record_failure(std::string_view key, std::int64_t now) {
    if (limit_.max_failures <= 0) return;
    const std::uint64_t hash = key_hash(key);
    const std::lock_guard<std::mutex> lock(mutex_);
    auto found = failures_.find(hash);
    if (found == failures_.end()) {
        make_room(now);
        found = failures_.emplace(hash, std::deque<std::int64_t>{}).first;
    }
    auto& failures = found->second;
    drop_outside_window(failures, now);
    failures.push_back(now);
    while (static_cast<int>(failures.size()) > limit_.max_failures) failures.pop_front();
}

void FailureWindow::forget(std::string_view key) {
    if (limit_.max_failures <= 0) return;
    const std::uint64_t hash = key_hash(key);
    const std::lock_guard<std::mutex> lock(mutex_);
    failures_.erase(hash);
}

std::size_t FailureWindow::size() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return failures_.size();
}

// Called with the lock held, only when a new key arrives at a full table.
void FailureWindow::make_room(std::int64_t now) {
    if (failures_.size() < max_keys_) return;
    for (auto it = failures_.begin(); it != failures_.end();) {
        drop_outside_window(it->second, now);
        it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
    if (failures_.size() < max_keys_) return;
    // Still full of live keys: the one whose last failure is oldest goes.
    auto stalest = std::min_element(
        failures_.begin(), failures_.end(),
        [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
    failures_.erase(stalest);
}

std::string client_ip_key(std::string_view client_ip) {
    const std::string text(client_ip);
    unsigned char bytes[16];
    if (text.find(':') == std::string::npos || inet_pton(AF_INET6, text.c_str(), bytes) != 1) {
        return text;
    }
    static const unsigned char mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    char out[INET6_ADDRSTRLEN];
    if (std::equal(std::begin(mapped_prefix), std::end(mapped_prefix), bytes)) {
        inet_ntop(AF_INET, bytes + 12, out, sizeof out);
        return out;
    }
    std::fill(bytes + 8, bytes + 16, 0);
    inet_ntop(AF_INET6, bytes, out, sizeof out);
    return std::string(out) + "/64";
}

LoginThrottle::LoginThrottle(const Clock& clock, ThrottleLimit per_account, ThrottleLimit per_ip,
                             std::size_t max_keys)
    : clock_(clock), accounts_(per_account, max_keys), ips_(per_ip, max_keys) {}

void LoginThrottle::check(std::string_view account, std::string_view client_ip) const {
    const std::int64_t now = clock_.now();
    const auto account_wait = accounts_.blocked_for(account, now);
    const auto ip_wait = ips_.blocked_for(client_ip_key(client_ip), now);
    if (account_wait || ip_wait) {
        throw TooManyAttempts(std::max(account_wait.value_or(0), ip_wait.value_or(0)));
    }
}

void LoginThrottle::record_failure(std::string_view account, std::string_view client_ip) {
    const std::int64_t now = clock_.now();
    accounts_.record_failure(account, now);
    ips_.record_failure(client_ip_key(client_ip), now);
}

void LoginThrottle::record_success(std::string_view account) {
    accounts_.forget(account);
}

}  // namespace authapi
