#include "pg_values.hpp"

#include <charconv>

#include "timestamp.hpp"
#include "user_repository.hpp"
#include "utf8.hpp"

namespace authapi {

namespace {

[[noreturn]] void malformed(PgText text, std::string_view what, std::string_view expected) {
    throw StorageError(std::string(what) + ": stored value '" +
                       (text ? std::string(*text) : std::string("NULL")) + "' is not " +
                       std::string(expected));
}

}  // namespace

PgText pg_column_text(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return std::string_view(field.c_str(), field.size());
}

std::string pg_required_text(PgText text, std::string_view what) {
    if (!text) malformed(text, what, "text");
    return std::string(*text);
}

std::optional<std::string> pg_optional_text(PgText text) {
    if (!text) return std::nullopt;
    return std::string(*text);
}

std::int64_t pg_integer(PgText text, std::string_view what) {
    std::int64_t value = 0;
    if (!text || text->empty()) malformed(text, what, "an integer");
    const char* end = text->data() + text->size();
    const auto [at, error] = std::from_chars(text->data(), end, value);
    if (error != std::errc() || at != end) malformed(text, what, "an integer");
    return value;
}

bool pg_boolean(PgText text, std::string_view what) {
    if (text == std::string_view("t")) return true;
    if (text == std::string_view("f")) return false;
    malformed(text, what, "a boolean");
}

std::int64_t pg_timestamp(PgText text, std::string_view what) {
    const std::optional<std::int64_t> seconds = text ? parse_timestamp(*text) : std::nullopt;
    if (!seconds) malformed(text, what, "a YYYY-MM-DD HH:MM:SS timestamp");
    return *seconds;
}

std::optional<std::int64_t> pg_optional_timestamp(PgText text, std::string_view what) {
    if (!text) return std::nullopt;
    return pg_timestamp(text, what);
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
