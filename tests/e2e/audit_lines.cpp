#include "audit_lines.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "json_body.hpp"

namespace authapi::e2e {

std::vector<std::string> audit_lines(const std::string& log, const std::string& event) {
    std::vector<std::string> lines;
    std::istringstream in(log);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("{", 0) != 0) continue;
        const auto json = parse_json(line);
        REQUIRE_MESSAGE(json.IsObject(), line);
        if (json.HasMember("audit") && json["audit"].GetString() == event) lines.push_back(line);
    }
    return lines;
}

std::string member(const std::string& line, const char* name) {
    const auto json = parse_json(line);
    return json.HasMember(name) && json[name].IsString() ? json[name].GetString() : "";
}

}  // namespace authapi::e2e
