#include "database_url.hpp"

namespace authapi {

std::string redact_database_url(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return "(a PostgreSQL connection string)";
    const auto authority = scheme + 3;
    const auto at = url.find('@', authority);
    const auto colon = url.find(':', authority);
    if (at == std::string::npos || colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace authapi
