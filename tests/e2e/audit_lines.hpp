#pragma once

#include <string>
#include <vector>

namespace authapi::e2e {

// The log's JSON lines whose "audit" member is `event`, in order.
std::vector<std::string> audit_lines(const std::string& log, const std::string& event);

// The string member `name` of one JSON log line ("" when absent).
std::string member(const std::string& line, const char* name);

}  // namespace authapi::e2e
