#include "sqlite_values.hpp"

#include <string>

#include "timestamp.hpp"
#include "user_repository.hpp"

namespace authapi {

void bind_optional(SQLite::Statement& statement, int index,
                   const std::optional<std::string>& value) {
    if (value) {
        statement.bind(index, *value);
    } else {
        statement.bind(index);
    }
}

void bind_timestamp(SQLite::Statement& statement, int index, std::int64_t unix_seconds) {
    statement.bind(index, format_timestamp(unix_seconds));
}

void bind_optional_timestamp(SQLite::Statement& statement, int index,
                             const std::optional<std::int64_t>& unix_seconds) {
    if (unix_seconds) {
        bind_timestamp(statement, index, *unix_seconds);
    } else {
        statement.bind(index);
    }
}

std::optional<std::string> read_optional_text(const SQLite::Column& column) {
    if (column.isNull()) {
        return std::nullopt;
    }
    return column.getString();
}

std::int64_t read_timestamp(const SQLite::Column& column, std::string_view what) {
    const std::string text = column.getString();
    const std::optional<std::int64_t> seconds = parse_timestamp(text);
    if (!seconds) {
        throw StorageError(std::string(what) + ": stored value '" + text +
                           "' is not a YYYY-MM-DD HH:MM:SS timestamp");
    }
    return *seconds;
}

std::optional<std::int64_t> read_optional_timestamp(const SQLite::Column& column,
                                                    std::string_view what) {
    if (column.isNull()) {
        return std::nullopt;
    }
    return read_timestamp(column, what);
}

}  // namespace authapi
