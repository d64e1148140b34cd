#pragma once

#include "pg_database.hpp"
#include "store_transaction.hpp"

namespace authapi {

// A PostgreSQL transaction around every operation the calling thread runs on
// `database` until commit() or destruction (then rolled back).
class PgTransaction final : public StoreTransaction {
public:
    explicit PgTransaction(PgDatabase& database);  // throws StorageError
    ~PgTransaction() override;
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;

    void commit() override;

private:
    PgDatabase& database_;
    bool open_ = false;
};

}  // namespace authapi
