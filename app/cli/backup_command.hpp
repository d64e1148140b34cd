#pragma once

#include <string>
#include <vector>

#include "config.hpp"

namespace authapi {

// `auth-api backup FILE`: a consistent copy of the SQLite database at
// DB_PATH, while servers run on it. `args` is the command line after the
// program name. Returns 0, 1 when the copy fails or the data is in
// PostgreSQL, 2 for bad usage.
int backup_command(const Config& config, const std::vector<std::string>& args);

}  // namespace authapi
