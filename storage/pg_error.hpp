#pragma once

#include <pqxx/pqxx>
#include <string_view>

#include "user_repository.hpp"

namespace authapi {

// "<operation>: <server message> (sqlstate <code>)", or the client-side
// failure (connection lost, commit in doubt). Never shown to clients.
StorageError pg_storage_error(std::string_view operation, const pqxx::sql_error& error);
StorageError pg_storage_error(std::string_view operation, const pqxx::failure& error);

}  // namespace authapi
