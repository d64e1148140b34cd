#pragma once

#include <functional>

#include "service_container.hpp"

namespace authapi {

// Opens the database (applying migrations); null when it cannot, after
// saying why on stderr. The administration commands take one so that
// `--help` and bad usage never touch the database. They work on DB_PATH
// while a server runs on it, and return the process exit code: 0 ok, 1 a
// failed operation, 2 bad usage.
using OpenServices = std::function<ServiceContainer*()>;

}  // namespace authapi
