#include "user_json.hpp"

#include "timestamp.hpp"

namespace authapi {

JsonValue user_to_json(const User& user) {
    return JsonValue::Object{
        {"created_at", format_timestamp(user.created_at)},
        {"email", user.email},
        {"first_name", user.first_name},
        {"id", user.id},
        {"last_name", user.last_name},
        {"updated_at", format_timestamp(user.updated_at)},
    };
}

}  // namespace authapi
