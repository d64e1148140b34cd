#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// Conversions between domain values and the columns of our schema.

void bind_optional(SQLite::Statement& statement, int index,
                   const std::optional<std::string>& value);
void bind_timestamp(SQLite::Statement& statement, int index, std::int64_t unix_seconds);
void bind_optional_timestamp(SQLite::Statement& statement, int index,
                             const std::optional<std::int64_t>& unix_seconds);

std::optional<std::string> read_optional_text(const SQLite::Column& column);
// Throws StorageError naming `what` when the stored text is not a timestamp:
// the row was written by something else, and guessing would be worse.
std::int64_t read_timestamp(const SQLite::Column& column, std::string_view what);
std::optional<std::int64_t> read_optional_timestamp(const SQLite::Column& column,
                                                    std::string_view what);

}  // namespace authapi
