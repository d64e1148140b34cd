#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace authapi {

// `--name value` options and `--flag` switches of one CLI command, checked
// against what the command accepts.
class CommandOptions {
public:
    // Reads args[first...]. On a bad argument, error() says what is wrong.
    CommandOptions(const std::vector<std::string>& args, std::size_t first,
                   const std::set<std::string>& valued, const std::set<std::string>& switches);

    const std::optional<std::string>& error() const { return error_; }
    std::optional<std::string> value(const std::string& name) const;
    bool has(const std::string& name) const;

private:
    std::map<std::string, std::string> values_;
    std::set<std::string> switches_;
    std::optional<std::string> error_;
};

}  // namespace authapi
