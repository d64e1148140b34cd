#include "operator_routes.hpp"

#include "api/error_messages.hpp"
#include "constant_time.hpp"
#include "http/json_output.hpp"

namespace authapi {

namespace {

ApiResponse health(UserService& users) {
    try {
        users.count();  // a real query on the users table
    } catch (const StorageError&) {
        return json_response(503, render_json(JsonValue::Object{{"database", "unavailable"},
                                                                {"status", "unavailable"}}));
    }
    return json_response(200, render_json(JsonValue::Object{{"database", "ok"}, {"status", "OK"}}));
}

bool bearer_matches(const std::optional<std::string>& authorization, const std::string& token) {
    const std::string expected = "Bearer " + token;
    const std::string& given = authorization.value_or("");
    return constant_time_equal(given, expected);
}

ApiResponse metrics(const Metrics& metrics, const std::string& token, const ApiRequest& request) {
    if (!token.empty() && !bearer_matches(request.authorization, token)) {
        return error_response(ApiError::Unauthorized).with_header("WWW-Authenticate", "Bearer");
    }
    ApiResponse response = json_response(200, metrics.render());
    response.json = false;
    return response.with_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

void add_operator_routes(ApiRouter& router, const ApiServices& services) {
    UserService& users = services.users;
    router.add("GET", "/api/v1/health", Access::Open,
               [&users](const ApiRequest&, const RouteContext&) { return health(users); });
    const Metrics& counters = services.metrics;
    const std::string token = services.settings.metrics_token;
    router.add("GET", "/api/v1/metrics", Access::Open,
               [&counters, token](const ApiRequest& request, const RouteContext&) {
                   return metrics(counters, token, request);
               });
}

}  // namespace authapi
