#pragma once

#include <SQLiteCpp/Statement.h>

#include <memory>

namespace authapi {

// Use of a prepared statement, reset when the scope begins and when it ends.
// The reset on exit is what matters: a statement left on a row keeps its
// connection's read transaction open, which pins a stale WAL snapshot (a
// deleted session keeps validating on that connection), makes the
// connection's next write fail with SQLITE_BUSY_SNAPSHOT, and stops
// checkpoints so the WAL grows without bound.
class StatementScope {
public:
    // A cached statement; `in_use` is raised for the life of the scope so a
    // re-entrant user of the same SQL gets a statement of its own instead of
    // resetting this one under our feet.
    StatementScope(SQLite::Statement& cached, bool& in_use);
    // A one-off statement, finalised with the scope.
    explicit StatementScope(std::unique_ptr<SQLite::Statement> owned);
    ~StatementScope();

    StatementScope(const StatementScope&) = delete;
    StatementScope& operator=(const StatementScope&) = delete;

    SQLite::Statement& operator*() const { return statement_; }
    SQLite::Statement* operator->() const { return &statement_; }

private:
    std::unique_ptr<SQLite::Statement> owned_;
    SQLite::Statement& statement_;
    bool* in_use_;
};

}  // namespace authapi
