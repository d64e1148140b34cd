#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "observability/security_monitor.hpp"
#include "session_lookup.hpp"

namespace authapi {

// What the API layer needs from one HTTP request, independent of Pistache.
// Header values are as the client sent them; the body is borrowed from the
// server's request object for the duration of the dispatch.
struct ApiRequest {
    std::string method;  // upper case: "GET", "POST", ...
    std::string path;    // percent-decoded, without the query string
    // The query string's parameters as Pistache parsed them: not
    // percent-decoded, a repeated name keeps its first value.
    std::vector<std::pair<std::string, std::string>> query;
    std::optional<std::string> authorization;
    std::optional<std::string> cookie;
    std::optional<std::string> content_type;
    std::optional<std::string> origin;
    std::optional<std::string> cors_request_method;   // Access-Control-Request-Method
    std::optional<std::string> cors_request_headers;  // Access-Control-Request-Headers
    // The Host the client used: X-Forwarded-Host (or Forwarded's host=) from a
    // trusted proxy, else the Host header.
    std::optional<std::string> host;
    std::optional<std::string> sec_fetch_site;  // Sec-Fetch-Site
    std::optional<std::string> user_agent;      // User-Agent, of POST requests only
    // Who sent it and how, resolved once (ForwardingPolicy): the client's
    // address and scheme as a trusted proxy reports them, else the TCP peer's
    // and "http". Throttle, audit, access log, session metadata and the
    // same-origin check all read these.
    std::string client_ip;
    std::string scheme = "http";
    std::string peer_ip;  // the TCP peer itself
    bool via_trusted_proxy = false;
    std::string_view body;
    // The session cookie's lookup, when it was made ahead of the request
    // (SessionLookupPipeline): the gate takes it instead of asking the store.
    std::optional<SessionLookup> session_lookup;

    // What the audit records of this request when it is refused.
    RequestTrace trace() const {
        const auto view = [](const std::optional<std::string>& value) {
            return value ? std::string_view(*value) : std::string_view();
        };
        return {method, path, client_ip, view(origin), view(sec_fetch_site), view(host)};
    }

    // The value of query parameter `name`, if present.
    const std::string* query_parameter(std::string_view name) const {
        for (const auto& [key, value] : query) {
            if (key == name) return &value;
        }
        return nullptr;
    }
};

}  // namespace authapi
