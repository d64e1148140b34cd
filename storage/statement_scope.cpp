#include "statement_scope.hpp"

#include <utility>

namespace authapi {

StatementScope::StatementScope(SQLite::Statement& cached, bool& in_use)
    : statement_(cached), in_use_(&in_use) {
    *in_use_ = true;
    // Also clears the sticky error a failed step leaves behind.
    statement_.tryReset();
}

StatementScope::StatementScope(std::unique_ptr<SQLite::Statement> owned)
    : owned_(std::move(owned)), statement_(*owned_), in_use_(nullptr) {}

StatementScope::~StatementScope() {
    statement_.tryReset();
    if (in_use_ != nullptr) {
        *in_use_ = false;
    }
}

}  // namespace authapi
