#include "session_json.hpp"

#include "timestamp.hpp"

namespace authapi {

namespace {

JsonValue text_or_null(const std::string& text) {
    if (text.empty()) return nullptr;
    return text;
}

}  // namespace

JsonValue::Object session_to_json(const UserSession& session) {
    return JsonValue::Object{
        {"created_at", format_timestamp(session.created_at)},
        {"expires_at",
         session.expires_at ? JsonValue(format_timestamp(*session.expires_at)) : JsonValue()},
        {"id", session.id},
        {"ip", text_or_null(session.ip)},
        {"last_seen_at", format_timestamp(session.last_seen_at)},
        {"user_agent", text_or_null(session.user_agent)},
        {"user_id", session.user_id},
    };
}

}  // namespace authapi
