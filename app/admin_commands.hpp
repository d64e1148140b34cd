#pragma once

#include <functional>
#include <string>
#include <vector>

#include "service_container.hpp"

namespace authapi {

// Opens the database (applying migrations); null when it cannot, after
// saying why on stderr.
using OpenServices = std::function<ServiceContainer*()>;

// The administration commands. `args` is the whole command line after the
// program name. They return the process exit code: 0 ok, 1 a failed
// operation, 2 bad usage. They work on DB_PATH while a server runs on it.
//   sessions list [--user ID | --email E] [--json]
//   sessions revoke (--id ID | --user ID) [--json]
//   sessions purge [--json]
int sessions_command(const std::vector<std::string>& args, const OpenServices& open);
//   users list [--json]
//   users promote|demote (--id ID | --email E) [--json]
int users_command(const std::vector<std::string>& args, const OpenServices& open);
//   import --users FILE [--sessions FILE] [--json]
int import_command(const std::vector<std::string>& args, const OpenServices& open);

}  // namespace authapi
