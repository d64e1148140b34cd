#pragma once

#include <string>
#include <vector>

#include "open_services.hpp"

namespace authapi {

// `args` is the whole command line after the program name.
//   import --users FILE [--sessions FILE] [--json]
int import_command(const std::vector<std::string>& args, const OpenServices& open);

}  // namespace authapi
