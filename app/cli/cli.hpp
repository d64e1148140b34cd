#pragma once

#include <string>
#include <vector>

namespace authapi {

// `auth-api [serve]`, `auth-api create-user ...`, `auth-api migrate`,
// `auth-api --help`. Returns the process exit code: 0 ok, 1 a failed
// operation, 2 bad usage or configuration.
int run_cli(const std::vector<std::string>& args);

}  // namespace authapi
