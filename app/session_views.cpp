#include "session_views.hpp"

#include "constant_time.hpp"
#include "http/form_body.hpp"
#include "http/json_output.hpp"
#include "request_body.hpp"
#include "session_json.hpp"
#include "session_service.hpp"

namespace authapi {

namespace {

ApiResponse not_found() {
    return error_response(404, "Not found");
}

struct PasswordFields {
    std::optional<std::string> current;
    std::optional<std::string> replacement;
};

// JSON for a JSON Content-Type, else the form, as the login reads it. Empty
// and non-string values count as missing.
PasswordFields password_fields(const ApiRequest& request) {
    PasswordFields fields;
    if (is_json_content_type(request.content_type)) {
        if (auto body = json_body(request)) {
            bool ignored = false;
            fields.current = string_field(*body, "current_password", ignored);
            fields.replacement = string_field(*body, "new_password", ignored);
        }
    } else {
        const FormFields form = parse_form_body(request.content_type.value_or(""), request.body);
        fields.current = form.first("current_password");
        fields.replacement = form.first("new_password");
    }
    if (fields.current && fields.current->empty()) fields.current.reset();
    if (fields.replacement && fields.replacement->empty()) fields.replacement.reset();
    return fields;
}

}  // namespace

SessionViews::SessionViews(ServiceContainer& services)
    : users_(services.users()), sessions_(services.sessions()), monitor_(services.monitor()) {}

ApiResponse SessionViews::list(const ApiRequest&, const RouteContext& context) {
    if (sessions_ == nullptr || !context.current_user) return not_found();
    const std::optional<std::string> current_hash =
        context.session_cookie
            ? std::optional<std::string>(hash_session_token(*context.session_cookie))
            : std::nullopt;
    JsonValue::Array list;
    for (const UserSession& session : sessions_->live_sessions_of(context.current_user->id)) {
        JsonValue::Object item = session_to_json(session);
        item["current"] = current_hash && constant_time_equal(session.token_hash, *current_hash);
        list.emplace_back(std::move(item));
    }
    return json_response(200, render_json(list));
}

ApiResponse SessionViews::revoke(const ApiRequest& request, const RouteContext& context) {
    if (sessions_ == nullptr || !context.current_user) return not_found();
    if (!sessions_->revoke(context.current_user->id, context.path_param)) return not_found();
    monitor_.sessions_revoked(context.current_user->id, request.client_ip, 1);
    return json_response(200, render_json(JsonValue::Object{}));
}

ApiResponse SessionViews::revoke_others(const ApiRequest& request, const RouteContext& context) {
    if (sessions_ == nullptr || !context.current_user) return not_found();
    const std::int64_t revoked =
        sessions_->revoke_others(context.current_user->id, context.session_cookie);
    monitor_.sessions_revoked(context.current_user->id, request.client_ip, revoked);
    return json_response(200, render_json(JsonValue::Object{{"revoked", revoked}}));
}

ApiResponse SessionViews::change_password(const ApiRequest& request, const RouteContext& context) {
    // Without authentication there is no "me" (as GET /users/me).
    if (!context.current_user) return not_found();
    const PasswordFields fields = password_fields(request);
    if (!fields.current) return error_response(400, "current_password missing");
    if (!fields.replacement) return error_response(400, "new_password missing");
    const std::string& user_id = context.current_user->id;
    PasswordChange outcome;
    try {
        outcome = users_.change_password(user_id, *fields.current, *fields.replacement);
    } catch (const InvalidInput& e) {
        return error_response(400, e.what());
    }
    switch (outcome) {
        case PasswordChange::NoUser:
            return not_found();
        case PasswordChange::WrongPassword:
            return error_response(401, "wrong password");
        case PasswordChange::Ok:
            break;
    }
    // Whoever held another session with the old password is out; the caller
    // stays logged in.
    const std::int64_t revoked =
        sessions_ != nullptr ? sessions_->revoke_others(user_id, context.session_cookie) : 0;
    monitor_.password_changed(user_id, request.client_ip, revoked);
    return json_response(200, render_json(JsonValue::Object{}));
}

}  // namespace authapi
