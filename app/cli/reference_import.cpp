#include "reference_import.hpp"

#include <rapidjson/document.h>
#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <map>
#include <set>

#include "email_address.hpp"
#include "http/json_input.hpp"
#include "session_policy.hpp"
#include "session_service.hpp"
#include "sha256.hpp"
#include "timestamp.hpp"

namespace authapi {

namespace {

using Object = rapidjson::Value::ConstObject;

class RowErrors {
public:
    RowErrors(std::vector<std::string>& errors, std::string file)
        : errors_(errors), file_(std::move(file)) {}
    void add(const std::string& key, const std::string& message) {
        errors_.push_back(file_ + ": " + key + ": " + message);
    }
    const std::string& file() const { return file_; }

private:
    std::vector<std::string>& errors_;
    std::string file_;
};

// nullopt with an error for anything but a string; `nullable` lets null through as "".
std::optional<std::string> text(const Object& row, const char* name, bool nullable,
                                const std::string& key, RowErrors& errors) {
    const auto member = row.FindMember(name);
    if (member == row.MemberEnd() || member->value.IsNull()) {
        if (nullable) return std::string();
        errors.add(key, std::string(name) + " missing");
        return std::nullopt;
    }
    if (!member->value.IsString()) {
        errors.add(key, std::string(name) + " is not a string");
        return std::nullopt;
    }
    return std::string(member->value.GetString(), member->value.GetStringLength());
}

// The reference's "%Y-%m-%dT%H:%M:%S"; a missing one is "now", as the
// reference's constructor does.
std::optional<std::int64_t> time_field(const Object& row, const char* name, std::int64_t now,
                                       const std::string& key, RowErrors& errors) {
    const auto value = text(row, name, true, key, errors);
    if (!value) return std::nullopt;
    if (value->empty()) return now;
    const auto parsed = parse_timestamp(*value);
    if (!parsed)
        errors.add(key, std::string(name) + " '" + *value + "' is not YYYY-MM-DDTHH:MM:SS");
    return parsed;
}

// Builds a Document from SAX events, refusing to nest deeper than the HTTP
// JSON input allows: with the iterative parser that keeps both the native
// stack and the parser's own stack small whatever the file holds.
class DepthLimitedBuilder {
public:
    using Ch = char;

    explicit DepthLimitedBuilder(rapidjson::Document& document) : document_(document) {}

    bool too_deep() const { return too_deep_; }

    bool Null() { return document_.Null(); }
    bool Bool(bool value) { return document_.Bool(value); }
    bool Int(int value) { return document_.Int(value); }
    bool Uint(unsigned value) { return document_.Uint(value); }
    bool Int64(std::int64_t value) { return document_.Int64(value); }
    bool Uint64(std::uint64_t value) { return document_.Uint64(value); }
    bool Double(double value) { return document_.Double(value); }
    bool RawNumber(const Ch* text, rapidjson::SizeType length, bool copy) {
        return document_.RawNumber(text, length, copy);
    }
    bool String(const Ch* text, rapidjson::SizeType length, bool copy) {
        return document_.String(text, length, copy);
    }
    bool Key(const Ch* text, rapidjson::SizeType length, bool copy) {
        return document_.Key(text, length, copy);
    }
    bool StartObject() { return enter() && document_.StartObject(); }
    bool EndObject(rapidjson::SizeType members) {
        --depth_;
        return document_.EndObject(members);
    }
    bool StartArray() { return enter() && document_.StartArray(); }
    bool EndArray(rapidjson::SizeType elements) {
        --depth_;
        return document_.EndArray(elements);
    }

private:
    bool enter() {
        too_deep_ = ++depth_ > kMaxJsonDepth;
        return !too_deep_;
    }

    rapidjson::Document& document_;
    int depth_ = 0;
    bool too_deep_ = false;
};

// The file's top-level object, or false with an error.
bool parse_file(rapidjson::Document& document, const std::string& text_of_file, RowErrors& errors) {
    // RapidJSON reads NUL as the end of its input; a raw NUL is never JSON.
    if (const auto nul = text_of_file.find('\0'); nul != std::string::npos) {
        errors.add("file", "not JSON: a NUL byte at byte " + std::to_string(nul));
        return false;
    }
    constexpr unsigned kFlags =
        rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;
    rapidjson::ParseResult result;
    bool too_deep = false;
    auto parse = [&](rapidjson::Document& handler) {
        DepthLimitedBuilder builder(handler);
        // As Document::Parse reads a buffer: a UTF-8 byte order mark is skipped.
        rapidjson::MemoryStream bytes(text_of_file.data(), text_of_file.size());
        rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> stream(bytes);
        result = rapidjson::Reader().Parse<kFlags>(stream, builder);
        too_deep = builder.too_deep();
        return !result.IsError();
    };
    document.Populate(parse);
    if (too_deep) {
        errors.add("file", "not JSON this importer reads: nested deeper than " +
                               std::to_string(kMaxJsonDepth) + " levels at byte " +
                               std::to_string(result.Offset()));
        return false;
    }
    if (result.IsError()) {
        errors.add("file", std::string("not JSON: ") + rapidjson::GetParseError_En(result.Code()) +
                               " at byte " + std::to_string(result.Offset()));
        return false;
    }
    if (!document.IsObject()) {
        errors.add("file", "not a JSON object of rows keyed by id");
        return false;
    }
    return true;
}

std::optional<std::string> row_id(const rapidjson::Value::ConstMemberIterator& member,
                                  RowErrors& errors) {
    const std::string key(member->name.GetString(), member->name.GetStringLength());
    if (!member->value.IsObject()) {
        errors.add(key, "not a JSON object");
        return std::nullopt;
    }
    const auto id = text(member->value.GetObject(), "id", false, key, errors);
    if (!id) return std::nullopt;
    if (id->empty() || *id != key) {
        errors.add(key, "id '" + *id + "' does not match its key");
        return std::nullopt;
    }
    return id;
}

void parse_users(const std::string& text_of_file, RowErrors errors, const ImportClock& clock,
                 std::vector<User>& users) {
    rapidjson::Document document;
    if (!parse_file(document, text_of_file, errors)) return;
    std::map<std::string, std::string> key_of_email;
    const rapidjson::Value& root = document;
    for (auto member = root.MemberBegin(); member != root.MemberEnd(); ++member) {
        const auto id = row_id(member, errors);
        if (!id) continue;
        const Object row = member->value.GetObject();
        User user;
        user.id = *id;
        const auto email = text(row, "email", false, *id, errors);
        const auto password = text(row, "_password", true, *id, errors);
        const auto first_name = text(row, "first_name", true, *id, errors);
        const auto last_name = text(row, "last_name", true, *id, errors);
        const auto created_at = time_field(row, "created_at", clock.now, *id, errors);
        const auto updated_at = time_field(row, "updated_at", clock.now, *id, errors);
        if (!email || !password || !first_name || !last_name || !created_at || !updated_at) {
            continue;
        }
        const auto address = EmailAddress::parse(*email);
        if (!address) {
            errors.add(*id, email_key(*email).empty() ? "email missing"
                                                      : "email holds a control character");
            continue;
        }
        // The reference stores None for a non-string password: such a user
        // can never log in, here neither (an empty hash verifies nothing).
        if (!password->empty() && !is_sha256_hex(*password)) {
            errors.add(*id, "_password is not a lower-case hex SHA-256");
            continue;
        }
        // Emails that differ only in case or surrounding spaces are one account.
        const auto [previous, inserted] = key_of_email.emplace(address->key(), *id);
        if (!inserted) {
            errors.add(*id,
                       "email " + address->text() + " is also the email of " + previous->second);
            continue;
        }
        user.email = address->text();
        user.password_hash = *password;
        if (!first_name->empty()) user.first_name = *first_name;
        if (!last_name->empty()) user.last_name = *last_name;
        user.created_at = *created_at;
        user.updated_at = *updated_at;
        users.push_back(std::move(user));
    }
}

void parse_sessions(const std::string& text_of_file, RowErrors errors, const ImportClock& clock,
                    std::vector<UserSession>& sessions) {
    rapidjson::Document document;
    if (!parse_file(document, text_of_file, errors)) return;
    std::set<std::string> token_hashes;
    const rapidjson::Value& root = document;
    for (auto member = root.MemberBegin(); member != root.MemberEnd(); ++member) {
        const auto id = row_id(member, errors);
        if (!id) continue;
        const Object row = member->value.GetObject();
        const auto user_id = text(row, "user_id", false, *id, errors);
        const auto session_id = text(row, "session_id", false, *id, errors);
        const auto created_at = time_field(row, "created_at", clock.now, *id, errors);
        if (!user_id || !session_id || !created_at) continue;
        if (user_id->empty() || session_id->empty()) {
            errors.add(*id, user_id->empty() ? "user_id missing" : "session_id missing");
            continue;
        }
        UserSession session;
        session.id = *id;
        session.user_id = *user_id;
        session.token_hash = hash_session_token(*session_id);
        if (!token_hashes.insert(session.token_hash).second) {
            errors.add(*id, "session_id is used by another row");
            continue;
        }
        session.created_at = *created_at;
        session.expires_at =
            SessionPolicy{clock.session_duration}.expires_at_for(session.created_at);
        // Idleness counts from the import: the reference never recorded it.
        session.last_seen_at = clock.now;
        sessions.push_back(std::move(session));
    }
}

}  // namespace

ReferenceData parse_reference_files(const std::string& users_name, const std::string& users_text,
                                    const std::optional<std::string>& sessions_name,
                                    const std::optional<std::string>& sessions_text,
                                    const ImportClock& clock) {
    ReferenceData data;
    parse_users(users_text, RowErrors(data.errors, users_name), clock, data.users);
    if (sessions_name && sessions_text) {
        parse_sessions(*sessions_text, RowErrors(data.errors, *sessions_name), clock,
                       data.sessions);
    }
    return data;
}

}  // namespace authapi
