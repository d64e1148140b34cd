#pragma once

#include <string>

namespace authapi {

// A PostgreSQL URL fit for logs and error messages:
// postgresql://user:secret@host/db -> postgresql://user:***@host/db.
std::string redact_database_url(const std::string& url);

}  // namespace authapi
