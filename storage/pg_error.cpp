#include "pg_error.hpp"

#include <string>

namespace authapi {

namespace {

// pqxx messages end with a newline (they are libpq's); a log line must not.
std::string one_line(std::string_view text) {
    std::string line(text);
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
    for (char& c : line) {
        if (c == '\n') c = ' ';
    }
    return line;
}

}  // namespace

StorageError pg_storage_error(std::string_view operation, const pqxx::sql_error& error) {
    std::string message = std::string(operation) + ": " + one_line(error.what());
    if (!error.sqlstate().empty()) message += " (sqlstate " + error.sqlstate() + ")";
    return StorageError(message);
}

StorageError pg_storage_error(std::string_view operation, const pqxx::failure& error) {
    return StorageError(std::string(operation) + ": " + one_line(error.what()));
}

}  // namespace authapi
