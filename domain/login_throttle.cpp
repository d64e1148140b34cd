#include "login_throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include "keyed_hashing.hpp"

namespace authapi {

MemoryAttemptWindows::MemoryAttemptWindows(ThrottleLimit limit, std::size_t max_keys)
    : limit_(limit), max_keys_(std::max<std::size_t>(max_keys, 1)) {
    random_bytes(hash_key_, sizeof hash_key_);
}

std::uint64_t MemoryAttemptWindows::key_hash(std::string_view key) const {
    return short_keyed_hash(hash_key_, key);
}

void MemoryAttemptWindows::drop_outside_window(Attempts& attempts, std::int64_t now) const {
    while (!attempts.empty() && attempts.front().at <= now - limit_.window_seconds) {
        attempts.pop_front();
    }
}

// Open again when the oldest attempt still counted leaves the window.
std::int64_t MemoryAttemptWindows::wait_for_oldest(const Attempts& attempts,
                                                   std::int64_t now) const {
    return std::max<std::int64_t>(1, attempts.front().at + limit_.window_seconds - now);
}

AttemptWindows::Slot MemoryAttemptWindows::reserve(std::string_view key, std::int64_t now) {
    if (limit_.max_failures <= 0) return Slot{true, 0, 0};
    const std::uint64_t hash = key_hash(key);
    const std::lock_guard<std::mutex> lock(mutex_);
    auto found = attempts_.find(hash);
    if (found == attempts_.end()) {
        make_room(now);
        found = attempts_.emplace(hash, Attempts{}).first;
    }
    Attempts& attempts = found->second;
    drop_outside_window(attempts, now);
    if (static_cast<int>(attempts.size()) >= limit_.max_failures) {
        return Slot{false, 0, wait_for_oldest(attempts, now)};
    }
    const std::uint64_t tag = next_tag_++;
    attempts.push_back(Attempt{now, tag});
    return Slot{true, tag, 0};
}

void MemoryAttemptWindows::release(std::string_view key, std::uint64_t tag) {
    if (limit_.max_failures <= 0) return;
    const std::uint64_t hash = key_hash(key);
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto found = attempts_.find(hash);
    if (found == attempts_.end()) return;  // made room for newer keys meanwhile
    Attempts& attempts = found->second;
    const auto mine = std::find_if(attempts.begin(), attempts.end(),
                                   [tag](const Attempt& attempt) { return attempt.tag == tag; });
    if (mine != attempts.end()) attempts.erase(mine);
    if (attempts.empty()) attempts_.erase(found);
}

std::optional<std::int64_t> MemoryAttemptWindows::blocked_for(std::string_view key,
                                                              std::int64_t now) {
    if (limit_.max_failures <= 0) return std::nullopt;
    const std::uint64_t hash = key_hash(key);
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto found = attempts_.find(hash);
    if (found == attempts_.end()) return std::nullopt;
    drop_outside_window(found->second, now);
    if (static_cast<int>(found->second.size()) < limit_.max_failures) return std::nullopt;
    return wait_for_oldest(found->second, now);
}

std::size_t MemoryAttemptWindows::size() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return attempts_.size();
}

// Called with the lock held, only when a new key arrives at a full table.
void MemoryAttemptWindows::make_room(std::int64_t now) {
    if (attempts_.size() < max_keys_) return;
    for (auto it = attempts_.begin(); it != attempts_.end();) {
        drop_outside_window(it->second, now);
        it = it->second.empty() ? attempts_.erase(it) : std::next(it);
    }
    if (attempts_.size() < max_keys_) return;
    // Still full of live keys: the one whose last attempt is oldest goes.
    auto stalest = std::min_element(
        attempts_.begin(), attempts_.end(),
        [](const auto& a, const auto& b) { return a.second.back().at < b.second.back().at; });
    attempts_.erase(stalest);
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

AttemptReservation::AttemptReservation(AttemptReservation&& other) noexcept
    : held_(std::move(other.held_)) {
    other.held_.clear();
}

AttemptReservation& AttemptReservation::operator=(AttemptReservation&& other) noexcept {
    if (this != &other) {
        give_back();
        held_ = std::move(other.held_);
        other.held_.clear();
    }
    return *this;
}

AttemptReservation::~AttemptReservation() {
    give_back();
}

void AttemptReservation::give_back() noexcept {
    for (const Held& held : held_) {
        try {
            held.windows->release(held.key, held.tag);
        } catch (const std::exception&) {
            // The attempt stays counted until it leaves the window.
        }
    }
    held_.clear();
}

LoginThrottle::LoginThrottle(const Clock& clock, std::unique_ptr<AttemptWindows> per_account,
                             std::unique_ptr<AttemptWindows> per_ip)
    : clock_(clock), accounts_(std::move(per_account)), ips_(std::move(per_ip)) {}

LoginThrottle::LoginThrottle(const Clock& clock, ThrottleLimit per_account, ThrottleLimit per_ip,
                             std::size_t max_keys)
    : LoginThrottle(clock, std::make_unique<MemoryAttemptWindows>(per_account, max_keys),
                    std::make_unique<MemoryAttemptWindows>(per_ip, max_keys)) {}

AttemptReservation LoginThrottle::reserve(std::string_view account, std::string_view client_ip) {
    const std::int64_t now = clock_.now();
    AttemptReservation reservation;
    const AttemptWindows::Slot by_account = accounts_->reserve(account, now);
    if (!by_account.granted) throw TooManyAttempts(by_account.retry_after_seconds);
    reservation.held_.push_back({accounts_.get(), std::string(account), by_account.tag});
    std::string ip_window = client_ip_key(client_ip);
    const AttemptWindows::Slot by_ip = ips_->reserve(ip_window, now);
    // Refused: the account's attempt goes back with `reservation`.
    if (!by_ip.granted) throw TooManyAttempts(by_ip.retry_after_seconds);
    reservation.held_.push_back({ips_.get(), std::move(ip_window), by_ip.tag});
    return reservation;
}

void LoginThrottle::check(std::string_view account, std::string_view client_ip) const {
    const std::int64_t now = clock_.now();
    const auto account_wait = accounts_->blocked_for(account, now);
    const auto ip_wait = ips_->blocked_for(client_ip_key(client_ip), now);
    if (account_wait || ip_wait) {
        throw TooManyAttempts(std::max(account_wait.value_or(0), ip_wait.value_or(0)));
    }
}

}  // namespace authapi
