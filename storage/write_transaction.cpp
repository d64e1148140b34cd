#include "write_transaction.hpp"

#include "sqlite_error.hpp"

namespace authapi {

namespace {

SQLite::Database& begin_handle(SqliteDatabase& database) {
    return with_storage_context(
        "begin transaction", [&]() -> SQLite::Database& { return database.connection().handle(); });
}

}  // namespace

WriteTransaction::WriteTransaction(SqliteDatabase& database) try
    : transaction_(begin_handle(database), SQLite::TransactionBehavior::IMMEDIATE) {
} catch (const SQLite::Exception& error) {
    throw storage_error("begin transaction", error);
}

void WriteTransaction::commit() {
    with_storage_context("commit transaction", [&] { transaction_.commit(); });
}

}  // namespace authapi
