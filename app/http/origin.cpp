#include "origin.hpp"

#include "field_syntax.hpp"

namespace authapi {

namespace {

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_scheme(std::string_view text) {
    // ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    if (text.empty() || !is_alpha(text.front())) return false;
    for (char c : text) {
        if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
            return false;
        }
    }
    return true;
}

}  // namespace

bool is_serialized_origin(std::string_view text) {
    const std::size_t separator = text.find("://");
    if (separator == std::string_view::npos || !is_scheme(text.substr(0, separator))) {
        return false;
    }
    const std::string_view authority = text.substr(separator + 3);
    // A host is required, and a ':' must be followed by the port.
    if (authority.empty() || authority.front() == ':' || authority.back() == ':') return false;
    return is_host_and_port(authority);
}

}  // namespace authapi
