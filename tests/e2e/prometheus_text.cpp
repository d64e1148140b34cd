#include "prometheus_text.hpp"

#include <cmath>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace authapi::e2e {

PrometheusText::PrometheusText(const std::string& text) {
    static const std::regex sample(
        R"(^([a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})?) (\S+)$)");
    static const std::regex type(
        R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$)");
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch match;
        if (line.empty() || line.rfind("# HELP ", 0) == 0) continue;
        if (std::regex_match(line, match, type)) {
            types_[match[1]] = match[2];
            continue;
        }
        if (!std::regex_match(line, match, sample)) {
            throw std::runtime_error("not Prometheus text: '" + line + "'");
        }
        const std::string number = match[5];
        char* end = nullptr;
        const double value = number == "+Inf" ? INFINITY : std::strtod(number.c_str(), &end);
        if (number != "+Inf" && (end == nullptr || *end != '\0')) {
            throw std::runtime_error("not a number in '" + line + "'");
        }
        if (!samples_.emplace(match[1], value).second) {
            throw std::runtime_error("series written twice: '" + line + "'");
        }
    }
}

std::optional<double> PrometheusText::value(const std::string& series) const {
    const auto found = samples_.find(series);
    if (found == samples_.end()) return std::nullopt;
    return found->second;
}

std::optional<std::string> PrometheusText::type_of(const std::string& name) const {
    const auto found = types_.find(name);
    if (found == types_.end()) return std::nullopt;
    return found->second;
}

}  // namespace authapi::e2e
