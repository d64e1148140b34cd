#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// An email address as a user typed it, and the key under which it is unique.
//
// Two addresses are the same account when their keys are equal: surrounding
// whitespace does not count, and ASCII letters compare without case
// ("Bob@X.io " is "bob@x.io"). Other characters compare as typed: Unicode case
// rules depend on the language (Turkish dotless i, German sharp s), and a rule
// that merged the wrong two accounts would be worse than one that keeps two
// apart. The address itself is kept as typed, only trimmed.
class EmailAddress {
public:
    // nullopt when nothing is left after trimming, or when what is left holds
    // a control character (C0, DEL, or C1 in UTF-8): such an address would
    // print as something else in a terminal or a log.
    static std::optional<EmailAddress> parse(std::string_view typed);

    const std::string& text() const { return text_; }  // as typed, trimmed
    const std::string& key() const { return key_; }    // email_key(text())

private:
    EmailAddress(std::string text, std::string key)
        : text_(std::move(text)), key_(std::move(key)) {}

    std::string text_;
    std::string key_;
};

// The one comparison key of an address: `typed` without surrounding ASCII
// whitespace, ASCII letters in lower case. Defined for any text (a throttle
// keys failed logins on it whatever was typed); unique in the store, and what
// every lookup by email compares.
std::string email_key(std::string_view typed);

// True when `text` holds a C0 control character, DEL, or a C1 control encoded
// in UTF-8 (U+0080 to U+009F).
bool has_control_character(std::string_view text);

}  // namespace authapi
