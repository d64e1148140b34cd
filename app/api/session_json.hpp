#pragma once

#include "http/json_output.hpp"
#include "user_session.hpp"

namespace authapi {

// The public view of a session: never its token or token hash.
// {"created_at", "expires_at" (null: never), "id", "ip", "last_seen_at",
//  "user_agent", "user_id"}; ip and user_agent are null when unknown.
JsonValue::Object session_to_json(const UserSession& session);

}  // namespace authapi
