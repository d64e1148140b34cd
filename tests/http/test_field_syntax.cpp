#include <doctest/doctest.h>

#include "field_syntax.hpp"

namespace authapi {

TEST_CASE("lists_token finds a whole token of a comma-separated list, in any case") {
    CHECK(lists_token("close", "close"));
    CHECK(lists_token("Keep-Alive", "keep-alive"));
    CHECK(lists_token("keep-alive, Upgrade", "upgrade"));
    CHECK(lists_token("  foo ,\tclose\t", "close"));
    CHECK(lists_token(",,close,", "close"));
    CHECK_FALSE(lists_token("x-close", "close"));
    CHECK_FALSE(lists_token("closed, keep-alive-ish", "close"));
    CHECK_FALSE(lists_token("keep-alive-ish", "keep-alive"));
    CHECK_FALSE(lists_token("", "close"));
    CHECK_FALSE(lists_token("clo se", "close"));
}

}  // namespace authapi
