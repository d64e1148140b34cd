#pragma once

#include <string>
#include <utility>

#include "login_throttle.hpp"
#include "security_events.hpp"

namespace authapi {

// One password check the throttle has let through and not yet made: its
// attempts are already counted. Made by CredentialGuard::reserve before the
// check is queued for a hash thread, spent by CredentialGuard::check (or
// change_password); destroyed unspent, its attempts are given back.
class CredentialAttempt {
public:
    CredentialAttempt(CredentialSource source, std::string email, std::string client_ip,
                      AttemptReservation reservation)
        : source_(source),
          email_(std::move(email)),
          client_ip_(std::move(client_ip)),
          reservation_(std::move(reservation)) {}

    CredentialSource source() const { return source_; }
    const std::string& email() const { return email_; }
    const std::string& client_ip() const { return client_ip_; }

private:
    friend class CredentialGuard;

    CredentialSource source_;
    std::string email_;
    std::string client_ip_;
    AttemptReservation reservation_;
};

}  // namespace authapi
