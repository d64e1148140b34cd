#pragma once

#include <string>
#include <vector>

#include "config.hpp"

namespace authapi {

// One line per setting whose default leaves the service open in a way an
// operator may not have chosen: no authentication at all, sessions that never
// end, a session cookie without Secure on an address others can reach. The
// server prints each at startup ("auth-api: warning: ..."); nothing is
// refused, since each is what the task itself runs with.
std::vector<std::string> fail_open_warnings(const Config& config);

}  // namespace authapi
