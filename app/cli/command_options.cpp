#include "command_options.hpp"

namespace authapi {

CommandOptions::CommandOptions(const std::vector<std::string>& args, std::size_t first,
                               const std::set<std::string>& valued,
                               const std::set<std::string>& switches) {
    for (std::size_t i = first; i < args.size() && !error_; ++i) {
        const std::string& arg = args[i];
        if (switches.count(arg)) {
            switches_.insert(arg);
        } else if (!valued.count(arg)) {
            error_ = "unknown option " + arg;
        } else if (i + 1 >= args.size()) {
            error_ = arg + " needs a value";
        } else if (values_.count(arg)) {
            error_ = arg + " given twice";
        } else {
            values_[arg] = args[++i];
        }
    }
}

std::optional<std::string> CommandOptions::value(const std::string& name) const {
    auto found = values_.find(name);
    if (found == values_.end()) return std::nullopt;
    return found->second;
}

bool CommandOptions::has(const std::string& name) const {
    return switches_.count(name) > 0 || values_.count(name) > 0;
}

}  // namespace authapi
