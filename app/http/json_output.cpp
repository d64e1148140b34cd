#include "json_output.hpp"

#include "utf8_decoding.hpp"

namespace authapi {

namespace {

constexpr std::size_t kIndentWidth = 2;

void append_u_escape(std::string& out, unsigned unit) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\u";
    out += kHex[(unit >> 12) & 0xFu];
    out += kHex[(unit >> 8) & 0xFu];
    out += kHex[(unit >> 4) & 0xFu];
    out += kHex[unit & 0xFu];
}

// Printable ASCII that needs no escape.
bool is_plain(char c) noexcept {
    return c >= ' ' && c <= '~' && c != '"' && c != '\\';
}

// The escapes Python writes instead of \u00XX.
std::string_view short_escape(char c) noexcept {
    switch (c) {
        case '"':
            return "\\\"";
        case '\\':
            return "\\\\";
        case '\n':
            return "\\n";
        case '\r':
            return "\\r";
        case '\t':
            return "\\t";
        case '\b':
            return "\\b";
        case '\f':
            return "\\f";
        default:
            return {};
    }
}

// ensure_ascii: only printable ASCII passes through (DEL is escaped too, as in Python); beyond
// the BMP a code point becomes a UTF-16 surrogate pair.
void append_string(std::string& out, std::string_view text) {
    out += '"';
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (is_plain(text[pos])) {
            std::size_t run_end = pos + 1;
            while (run_end < text.size() && is_plain(text[run_end])) ++run_end;
            out.append(text, pos, run_end - pos);
            pos = run_end;
            continue;
        }
        if (const std::string_view escape = short_escape(text[pos]); !escape.empty()) {
            out += escape;
            ++pos;
            continue;
        }
        const Utf8Step step = decode_utf8_at(text, pos);
        pos += step.length;
        if (step.code_point >= 0x10000) {
            const char32_t offset = step.code_point - 0x10000;
            append_u_escape(out, 0xD800u + static_cast<unsigned>(offset >> 10));
            append_u_escape(out, 0xDC00u + static_cast<unsigned>(offset & 0x3FFu));
        } else {
            append_u_escape(out, static_cast<unsigned>(step.code_point));
        }
    }
    out += '"';
}

void append_newline_and_indent(std::string& out, std::size_t depth) {
    out += '\n';
    out.append(depth * kIndentWidth, ' ');
}

void append_value(std::string& out, const JsonValue& value, std::size_t depth);

void append_object(std::string& out, const JsonValue::Object& object, std::size_t depth) {
    if (object.empty()) {
        out += "{}";
        return;
    }
    out += '{';
    bool first = true;
    for (const auto& [key, member] : object) {
        if (!first) out += ',';
        first = false;
        append_newline_and_indent(out, depth + 1);
        append_string(out, key);
        out += ": ";
        append_value(out, member, depth + 1);
    }
    append_newline_and_indent(out, depth);
    out += '}';
}

void append_array(std::string& out, const JsonValue::Array& array, std::size_t depth) {
    if (array.empty()) {
        out += "[]";
        return;
    }
    out += '[';
    bool first = true;
    for (const JsonValue& element : array) {
        if (!first) out += ',';
        first = false;
        append_newline_and_indent(out, depth + 1);
        append_value(out, element, depth + 1);
    }
    append_newline_and_indent(out, depth);
    out += ']';
}

void append_value(std::string& out, const JsonValue& value, std::size_t depth) {
    const JsonValue::Data& data = value.data();
    if (std::holds_alternative<std::nullptr_t>(data)) {
        out += "null";
    } else if (const bool* boolean = std::get_if<bool>(&data)) {
        out += *boolean ? "true" : "false";
    } else if (const std::int64_t* integer = std::get_if<std::int64_t>(&data)) {
        out += std::to_string(*integer);
    } else if (const std::string* text = std::get_if<std::string>(&data)) {
        append_string(out, *text);
    } else if (const JsonValue::Object* object = std::get_if<JsonValue::Object>(&data)) {
        append_object(out, *object, depth);
    } else if (const JsonValue::Array* array = std::get_if<JsonValue::Array>(&data)) {
        append_array(out, *array, depth);
    }
}

}  // namespace

JsonValue::JsonValue(const char* text) : data_(nullptr) {
    if (text != nullptr) data_ = std::string(text);
}

JsonValue::JsonValue(const std::optional<std::string>& text) : data_(nullptr) {
    if (text) data_ = *text;
}

std::string render_json(const JsonValue& value) {
    std::string out;
    append_value(out, value, 0);
    out += '\n';
    return out;
}

std::string json_error(std::string_view message) {
    std::string out = "{\n  \"error\": ";
    append_string(out, message);
    out += "\n}\n";
    return out;
}

std::string JsonArrayStream::begin() {
    count_ = 0;
    return "[";
}

std::string JsonArrayStream::element(const JsonValue& value) {
    std::string out = count_ == 0 ? "\n" : ",\n";
    out.append(kIndentWidth, ' ');
    append_value(out, value, 1);
    ++count_;
    return out;
}

std::string JsonArrayStream::end() {
    return count_ == 0 ? "]\n" : "\n]\n";
}

}  // namespace authapi
