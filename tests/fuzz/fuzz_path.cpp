// Request paths: percent decoding, the auth gate's excluded-path matching and
// the slash-tolerant router, on the decoded path as the server uses it.
#include <cstdlib>

#include "api/api_router.hpp"
#include "auth_gate.hpp"
#include "fuzz_input.hpp"
#include "http/percent_decoding.hpp"

namespace {

authapi::ApiRouter& router() {
    static const authapi::AuthGate gate(nullptr);
    static authapi::ApiRouter instance = [] {
        authapi::ApiRouter r(gate, "_my_session_id");
        const auto echo = [](const authapi::ApiRequest&, const authapi::RouteContext& context) {
            // A parameter is one whole, non-empty segment.
            if (context.path_param.find('/') != std::string::npos) std::abort();
            return authapi::json_response(200, "{}");
        };
        for (const char* pattern :
             {"/api/v1/status", "/api/v1/stats", "/api/v1/users", "/api/v1/users/<user_id>",
              "/api/v1/users/me", "/api/v1/auth_session/login", "/api/v1/auth_session/logout"}) {
            r.add("GET", pattern, authapi::Access::Open, echo);
            r.add("DELETE", pattern, authapi::Access::SelfOrAdmin, echo);
        }
        r.set_access_policy(authapi::AccessPolicy::Owner);
        return r;
    }();
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto [method, target] = authapi::fuzz::split_first_line(data, size);
    authapi::ApiRequest request;
    request.method = std::string(method.substr(0, 16));
    request.path = authapi::percent_decode(target, false);
    authapi::percent_decode(target, true);
    static const std::vector<std::string> excluded = {"/api/v1/status/", "/api/v1/stat*"};
    authapi::require_auth(request.path, excluded);
    const authapi::ApiResponse response = router().dispatch(request);
    if (response.status < 200 || response.status > 599) std::abort();
    return 0;
}
