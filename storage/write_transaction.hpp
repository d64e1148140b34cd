#pragma once

#include <SQLiteCpp/Transaction.h>

#include "sqlite_database.hpp"
#include "store_transaction.hpp"

namespace authapi {

// A transaction on the calling thread's connection that takes the write lock
// at once (BEGIN IMMEDIATE), so that a batch of writes either all land or
// none do. Rolled back when destroyed uncommitted. Throws StorageError.
class WriteTransaction final : public StoreTransaction {
public:
    explicit WriteTransaction(SqliteDatabase& database);
    void commit() override;

private:
    SQLite::Transaction transaction_;
};

}  // namespace authapi
