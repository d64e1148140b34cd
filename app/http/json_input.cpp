#include "json_input.hpp"

#include <rapidjson/encodings.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstdint>

namespace authapi {

namespace {

constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// SAX handler that records the members of the root object. Returning false stops the parse,
// which is how a non-object root or excessive nesting is refused early.
class RootMemberCollector {
public:
    using Ch = char;
    using Fields = std::map<std::string, JsonField, std::less<>>;

    explicit RootMemberCollector(Fields& fields) : fields_(fields) {}

    bool Null() { return scalar(JsonField::Null, {}); }
    bool Bool(bool) { return scalar(JsonField::Other, {}); }
    bool Int(int) { return scalar(JsonField::Other, {}); }
    bool Uint(unsigned) { return scalar(JsonField::Other, {}); }
    bool Int64(std::int64_t) { return scalar(JsonField::Other, {}); }
    bool Uint64(std::uint64_t) { return scalar(JsonField::Other, {}); }
    bool Double(double) { return scalar(JsonField::Other, {}); }
    bool RawNumber(const Ch*, rapidjson::SizeType, bool) { return scalar(JsonField::Other, {}); }
    bool String(const Ch* text, rapidjson::SizeType length, bool) {
        return scalar(JsonField::String, std::string_view(text, length));
    }
    bool StartObject() { return open_container(true); }
    bool Key(const Ch* text, rapidjson::SizeType length, bool) {
        if (depth_ == 1) key_.assign(text, length);
        return true;
    }
    bool EndObject(rapidjson::SizeType) {
        --depth_;
        return true;
    }
    bool StartArray() { return open_container(false); }
    bool EndArray(rapidjson::SizeType) {
        --depth_;
        return true;
    }

private:
    bool scalar(JsonField::Kind kind, std::string_view text) {
        if (depth_ == 0) return false;  // the root is not an object
        if (depth_ == 1) fields_[key_] = JsonField{kind, std::string(text)};
        return true;
    }

    bool open_container(bool is_object) {
        if (depth_ == 0 && !is_object) return false;
        if (depth_ == 1) fields_[key_] = JsonField{JsonField::Other, {}};
        return ++depth_ <= kMaxJsonDepth;
    }

    Fields& fields_;
    std::string key_;
    int depth_ = 0;
};

}  // namespace

std::optional<JsonObjectInput> JsonObjectInput::parse(std::string_view body) {
    if (body.substr(0, kUtf8ByteOrderMark.size()) == kUtf8ByteOrderMark) {
        body.remove_prefix(kUtf8ByteOrderMark.size());
    }
    // RapidJSON's streams treat NUL as the end of input, so "{}\0junk" would pass. A raw NUL
    // is never valid JSON anyway.
    if (body.find('\0') != std::string_view::npos) return std::nullopt;

    JsonObjectInput input;
    RootMemberCollector collector(input.fields_);
    rapidjson::MemoryStream stream(body.data(), body.size());
    rapidjson::Reader reader;
    // Iterative parsing keeps the native stack flat whatever the nesting; the collector
    // still stops at kMaxJsonDepth so the parser's own heap stack stays small.
    constexpr unsigned kFlags = rapidjson::kParseDefaultFlags |
                                rapidjson::kParseValidateEncodingFlag |
                                rapidjson::kParseIterativeFlag;
    if (reader.Parse<kFlags>(stream, collector).IsError()) return std::nullopt;
    return input;
}

JsonField JsonObjectInput::field(std::string_view name) const {
    const auto found = fields_.find(name);
    if (found == fields_.end()) return JsonField{};
    return found->second;
}

}  // namespace authapi
