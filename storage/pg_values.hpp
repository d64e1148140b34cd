#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

namespace authapi {

// Conversions between domain values and the columns of our PostgreSQL schema.
// Timestamps travel as the same "YYYY-MM-DD HH:MM:SS" UTC text as in SQLite:
// written with a ::timestamp cast, read through
// to_char(column, 'YYYY-MM-DD HH24:MI:SS').

//
// Values are read from a column's text (PostgreSQL's text output format,
// whoever received it: libpqxx or libpq itself); nullopt is NULL. Each throws
// StorageError naming `what` when the value is not what the schema says.
using PgText = std::optional<std::string_view>;
PgText pg_column_text(const pqxx::field& field);
std::string pg_required_text(PgText text, std::string_view what);
std::optional<std::string> pg_optional_text(PgText text);
std::int64_t pg_integer(PgText text, std::string_view what);
bool pg_boolean(PgText text, std::string_view what);
std::int64_t pg_timestamp(PgText text, std::string_view what);
std::optional<std::int64_t> pg_optional_timestamp(PgText text, std::string_view what);

// PostgreSQL text holds valid UTF-8 without NUL bytes only (SQLite takes any
// bytes), and libpq would even cut a value at a NUL without a word.
bool pg_can_store(std::string_view text);
// Throws UnstorableText unless pg_can_store: nothing is stored altered.
const std::string& pg_text(const std::string& value, std::string_view what);
// For text that is only informative (a User-Agent): what cannot be stored is
// replaced by '?' instead of refusing the request that carried it.
std::string pg_lossy_text(std::string_view text);

std::optional<std::string> pg_optional_text_param(const std::optional<std::string>& value,
                                                  std::string_view what);

}  // namespace authapi
