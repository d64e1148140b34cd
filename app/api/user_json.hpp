#pragma once

#include <string>

#include "http/json_output.hpp"
#include "user.hpp"

namespace authapi {

// The six public keys of a user; the password hash never leaves the service.
JsonValue user_to_json(const User& user);

}  // namespace authapi
