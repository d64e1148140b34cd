#include "email_key_fill.hpp"

#include "user_repository.hpp"
#include "visible_text.hpp"

namespace authapi {

namespace {

// Enough to act on; the next start names the rest.
constexpr std::size_t kNamedAtMost = 50;

}  // namespace

void refuse_email_collisions(const std::vector<StoredEmail>& colliding) {
    std::string message =
        std::to_string(colliding.size()) +
        " users have email addresses that are now the same account (emails are compared "
        "without surrounding whitespace and without ASCII case):";
    std::string key;
    for (std::size_t i = 0; i < colliding.size() && i < kNamedAtMost; ++i) {
        const StoredEmail& user = colliding[i];
        if (i == 0 || user.key != key)
            message += "\n  ";
        else
            message += ", ";
        key = user.key;
        // Stored text is whatever someone once typed: escaped for the terminal.
        message += "'" + visible_text(user.email) + "' (id " + visible_text(user.id) + ")";
    }
    if (colliding.size() > kNamedAtMost) {
        message += "\n  ... and " + std::to_string(colliding.size() - kNamedAtMost) +
                   " more, named once these are resolved";
    }
    message +=
        "\nNothing was changed. Give each of these users an address of their own "
        "(UPDATE users SET email = '...' WHERE id = '...'), or delete the accounts that should "
        "not exist, then start auth-api again.";
    throw StorageError(message);
}

}  // namespace authapi
