#include "api/origin_policy.hpp"

namespace authapi {

std::optional<Origin> OriginPolicy::own_origin(const ApiRequest& request) const {
    if (public_origin_) return public_origin_;
    if (!request.host) return std::nullopt;
    const auto host = parse_host_and_port(*request.host);
    if (!host) return std::nullopt;
    return origin_of(request.scheme, *host);
}

std::optional<Origin> OriginPolicy::listed(const std::optional<std::string>& origin_header) const {
    if (!origin_header || allowed_.empty()) return std::nullopt;
    const auto origin = parse_origin(*origin_header);
    if (!origin) return std::nullopt;
    for (const auto& allowed : allowed_) {
        if (allowed == *origin) return allowed;
    }
    return std::nullopt;
}

}  // namespace authapi
