#pragma once

#include <ostream>
#include <string_view>
#include <vector>

namespace authapi {

// One way to call auth-api: `family` is the first word after the program
// name ("sessions"), `synopsis` the whole call, `meaning` what it does.
struct CommandUsage {
    const char* family;
    const char* synopsis;
    const char* meaning;
};

// Every command, in the order --help and the README list them.
const std::vector<CommandUsage>& command_usages();

// "usage: auth-api ..." with the synopses of one command family, or of all
// of them when `family` is empty.
void write_usage(std::ostream& out, std::string_view family = {});

// --help: every command with its meaning, then every setting with its
// default and meaning (from the settings table).
void write_help(std::ostream& out);

}  // namespace authapi
