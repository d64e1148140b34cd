#pragma once

#include <string>
#include <vector>

#include "open_services.hpp"

namespace authapi {

// `args` is the whole command line after the program name.
//   users list [--json]
//   users promote|demote (--id ID | --email E) [--json]
int users_command(const std::vector<std::string>& args, const OpenServices& open);

}  // namespace authapi
