#include "sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

namespace authapi {

StorageError storage_error(std::string_view operation, const SQLite::Exception& error) {
    std::string message(operation);
    message += ": ";
    message += error.what();
    message += " (sqlite error ";
    message += std::to_string(error.getExtendedErrorCode());
    message += ')';
    return StorageError(message);
}

bool is_unique_violation(const SQLite::Exception& error, std::string_view table_column) {
    if (error.getExtendedErrorCode() != SQLITE_CONSTRAINT_UNIQUE) {
        return false;
    }
    // SQLite names the columns only in the message; a multi-column UNIQUE
    // would list several, which none of our tables have.
    const std::string_view message(error.what());
    const std::string_view prefix = "UNIQUE constraint failed: ";
    return message.substr(0, prefix.size()) == prefix &&
           message.substr(prefix.size()) == table_column;
}

}  // namespace authapi
