#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api_request.hpp"
#include "http/origin.hpp"

namespace authapi {

// Which origins the API treats as its own or as friends, for CSRF and CORS.
// Its own origin is PUBLIC_ORIGIN when set; otherwise the scheme and Host
// the request arrived with (as a trusted proxy reports them, or as received).
// ALLOWED_ORIGINS adds other sites' origins: they may send cookie-carrying
// writes and get credentialed CORS answers. The own origin never needs
// listing.
class OriginPolicy {
public:
    OriginPolicy() = default;
    OriginPolicy(std::optional<Origin> public_origin, std::vector<Origin> allowed)
        : public_origin_(std::move(public_origin)), allowed_(std::move(allowed)) {}

    std::optional<Origin> own_origin(const ApiRequest& request) const;
    // The listed origin that an Origin header names, if it names one.
    std::optional<Origin> listed(const std::optional<std::string>& origin_header) const;
    bool lists_any() const { return !allowed_.empty(); }
    const std::optional<Origin>& public_origin() const { return public_origin_; }

private:
    std::optional<Origin> public_origin_;
    std::vector<Origin> allowed_;
};

}  // namespace authapi
