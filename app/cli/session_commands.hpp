#pragma once

#include <string>
#include <vector>

#include "open_services.hpp"

namespace authapi {

// `args` is the whole command line after the program name.
//   sessions list [--user ID | --email E] [--json]
//   sessions revoke (--id ID | --user ID) [--json]
//   sessions purge [--json]
int sessions_command(const std::vector<std::string>& args, const OpenServices& open);

}  // namespace authapi
