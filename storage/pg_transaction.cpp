#include "pg_transaction.hpp"

namespace authapi {

namespace {

// BEGIN and COMMIT are sent as plain statements so that the repositories'
// own autocommit calls on the pinned connection run inside this transaction.
void execute(pqxx::connection& connection, const char* sql) {
    pqxx::nontransaction(connection).exec(sql);
}

}  // namespace

PgTransaction::PgTransaction(PgDatabase& database) : database_(database) {
    pqxx::connection& connection = database_.pin("begin transaction");
    try {
        execute(connection, "BEGIN");
        open_ = true;
    } catch (const pqxx::failure& error) {
        database_.unpin(false);
        throw pg_storage_error("begin transaction", error);
    }
}

PgTransaction::~PgTransaction() {
    bool reusable = true;
    if (open_) {
        try {
            database_.run("roll back transaction",
                          [](pqxx::connection& connection) { execute(connection, "ROLLBACK"); });
        } catch (const std::exception&) {
            reusable = false;  // the server ends it with the connection
        }
    }
    database_.unpin(reusable);
}

void PgTransaction::commit() {
    database_.run("commit transaction",
                  [](pqxx::connection& connection) { execute(connection, "COMMIT"); });
    open_ = false;
}

}  // namespace authapi
