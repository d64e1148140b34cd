#include "pg_values.hpp"

#include "timestamp.hpp"
#include "user_repository.hpp"
#include "utf8.hpp"

namespace authapi {

std::optional<std::string> pg_optional_text(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::string>();
}

std::int64_t pg_timestamp(const pqxx::field& field, std::string_view what) {
    const std::string text = field.is_null() ? std::string("NULL") : field.as<std::string>();
    const std::optional<std::int64_t> seconds = parse_timestamp(text);
    if (!seconds) {
        throw StorageError(std::string(what) + ": stored value '" + text +
                           "' is not a YYYY-MM-DD HH:MM:SS timestamp");
    }
    return *seconds;
}

std::optional<std::int64_t> pg_optional_timestamp(const pqxx::field& field, std::string_view what) {
    if (field.is_null()) return std::nullopt;
    return pg_timestamp(field, what);
}

bool pg_can_store(std::string_view text) {
    return text.find('\0') == std::string_view::npos && is_valid_utf8(text);
}

const std::string& pg_text(const std::string& value, std::string_view what) {
    if (!pg_can_store(value)) {
        throw UnstorableText(std::string(what) + " is not UTF-8 text without NUL characters");
    }
    return value;
}

std::string pg_lossy_text(std::string_view text) {
    std::string stored(text);
    if (pg_can_store(stored)) return stored;
    for (char& c : stored) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == 0 || byte >= 0x80) c = '?';
    }
    return stored;
}

std::optional<std::string> pg_optional_text_param(const std::optional<std::string>& value,
                                                  std::string_view what) {
    if (!value) return std::nullopt;
    return pg_text(*value, what);
}

}  // namespace authapi
