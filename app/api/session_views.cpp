#include "session_views.hpp"

#include "api/error_messages.hpp"
#include "constant_time.hpp"
#include "http/form_body.hpp"
#include "http/json_output.hpp"
#include "request_body.hpp"
#include "session_json.hpp"
#include "session_service.hpp"

namespace authapi {

namespace {

ApiResponse not_found() {
    return error_response(ApiError::NotFound);
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

bool too_long(const PasswordFields& fields) {
    return fields.current->size() > UserService::kMaxPasswordBytes ||
           fields.replacement->size() > UserService::kMaxPasswordBytes;
}

// The listing's pages: ?limit=N (1 to kMaxPage, default kMaxPage) sessions
// each, ?after=<cursor> for the next one, whose link comes in a `Link:
// <...>; rel="next"` header while more sessions follow. A cursor is
// "<created_at>.<position>", both decimal: where the previous page ended.
constexpr std::size_t kMaxPage = 100;
constexpr const char* kSessionsPath = "/api/v1/users/me/sessions";

std::optional<std::int64_t> decimal(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::string cursor_text(const SessionCursor& cursor) {
    return std::to_string(cursor.created_at) + "." + std::to_string(cursor.position);
}

std::optional<SessionCursor> parse_cursor(std::string_view text) {
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const auto created_at = decimal(text.substr(0, dot));
    const auto position = decimal(text.substr(dot + 1));
    if (!created_at || !position) return std::nullopt;
    return SessionCursor{*created_at, *position};
}

struct PageRequest {
    std::size_t limit = kMaxPage;
    std::optional<SessionCursor> after;
};

// nullopt: a parameter that does not parse.
std::optional<PageRequest> page_request(const ApiRequest& request) {
    PageRequest page;
    if (const std::string* limit = request.query_parameter("limit")) {
        const auto value = decimal(*limit);
        if (!value || *value < 1 || *value > static_cast<std::int64_t>(kMaxPage)) {
            return std::nullopt;
        }
        page.limit = static_cast<std::size_t>(*value);
    }
    if (const std::string* after = request.query_parameter("after")) {
        page.after = parse_cursor(*after);
        if (!page.after) return std::nullopt;
    }
    return page;
}

}  // namespace

SessionViews::SessionViews(const ApiServices& services)
    : credentials_(services.credentials),
      sessions_(services.sessions),
      monitor_(services.monitor) {}

ApiResponse SessionViews::list(const ApiRequest& request, const RouteContext& context) {
    if (!context.current_user) return not_found();
    const auto asked = page_request(request);
    if (!asked) return error_response(ApiError::WrongFormat);
    const std::optional<std::string> current_hash =
        context.session_cookie
            ? std::optional<std::string>(hash_session_token(*context.session_cookie))
            : std::nullopt;
    const SessionService::Page page =
        sessions_->live_sessions_of(context.current_user->id, asked->after, asked->limit);
    JsonValue::Array list;
    for (const UserSession& session : page.sessions) {
        JsonValue::Object item = session_to_json(session);
        item["current"] = current_hash && constant_time_equal(session.token_hash, *current_hash);
        list.emplace_back(std::move(item));
    }
    ApiResponse response = json_response(200, render_json(list));
    if (page.next) {
        response.with_header("Link", std::string("<") + kSessionsPath +
                                         "?limit=" + std::to_string(asked->limit) +
                                         "&after=" + cursor_text(*page.next) + ">; rel=\"next\"");
    }
    return response;
}

ApiResponse SessionViews::revoke(const ApiRequest& request, const RouteContext& context) {
    if (!context.current_user) return not_found();
    if (!sessions_->revoke(context.current_user->id, context.path_param)) return not_found();
    monitor_.sessions_revoked(context.current_user->id, request.client_ip, 1);
    return json_response(200, render_json(JsonValue::Object{}));
}

ApiResponse SessionViews::revoke_others(const ApiRequest& request, const RouteContext& context) {
    if (!context.current_user) return not_found();
    const std::int64_t revoked =
        sessions_->revoke_others(context.current_user->id, context.session_cookie);
    monitor_.sessions_revoked(context.current_user->id, request.client_ip, revoked);
    return json_response(200, render_json(JsonValue::Object{{"revoked", revoked}}));
}

std::optional<OrThrottled<CredentialAttempt>> SessionViews::admit_password_change(
    const ApiRequest& request, const RouteContext& context) {
    if (!context.current_user) return std::nullopt;
    const PasswordFields fields = password_fields(request);
    if (!fields.current || !fields.replacement || too_long(fields)) return std::nullopt;
    return credentials_.reserve(CredentialSource::PasswordChange, context.current_user->email,
                                request.client_ip);
}

ApiResponse SessionViews::change_password(const ApiRequest& request, const RouteContext& context) {
    // Without authentication there is no "me" (as GET /users/me).
    if (!context.current_user) return not_found();
    const PasswordFields fields = password_fields(request);
    if (!fields.current) return error_response(ApiError::CurrentPasswordMissing);
    if (!fields.replacement) return error_response(ApiError::NewPasswordMissing);
    if (too_long(fields)) return error_response(ApiError::PasswordTooLong);
    PasswordChangeRequest change;
    change.user_id = context.current_user->id;
    change.current = *fields.current;
    change.replacement = *fields.replacement;
    // Whoever held another session with the old password is out; the caller
    // stays logged in.
    if (sessions_ != nullptr && context.session_cookie) {
        change.keep_token_hash = hash_session_token(*context.session_cookie);
    }
    // The same throttle as logins: a stolen cookie is no free oracle.
    OrThrottled<CredentialAttempt> attempt =
        context.reserved_check
            ? OrThrottled<CredentialAttempt>(std::move(*context.reserved_check))
            : credentials_.reserve(CredentialSource::PasswordChange, context.current_user->email,
                                   request.client_ip);
    if (const auto* throttled = std::get_if<Throttled>(&attempt)) {
        return too_many_attempts_response(throttled->retry_after_seconds);
    }
    const PasswordChangeResult result =
        credentials_.change_password(std::move(std::get<CredentialAttempt>(attempt)), change);
    switch (result.outcome) {
        case CredentialCheck::NoUser:
            return not_found();
        case CredentialCheck::WrongPassword:
        case CredentialCheck::CredentialChanged:  // what was checked is no longer the password
            return error_response(ApiError::WrongPassword);
        case CredentialCheck::Ok:
            break;
    }
    monitor_.password_changed(change.user_id, request.client_ip, result.sessions_ended);
    return json_response(200, render_json(JsonValue::Object{}));
}

}  // namespace authapi
