#include <doctest/doctest.h>

#include "visible_text.hpp"

using namespace authapi;

TEST_CASE("visible_text shows every control character as an escape") {
    CHECK(visible_text("plain text, UTF-8 \xc3\xa9") == "plain text, UTF-8 \xc3\xa9");
    CHECK(visible_text("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
    CHECK(visible_text("a\nfake row\r\tx") == "a\\nfake row\\r\\tx");
    CHECK(visible_text(std::string("nul\0del\x7f", 8)) == "nul\\x00del\\x7f");
    CHECK(visible_text("c1 \xc2\x9b"
                       "31m") == "c1 \\u009b31m");
    CHECK(visible_text("bidi \xe2\x80\xae"
                       "cba") == "bidi \\u202ecba");
    CHECK(visible_text("bad \xff\xc3 utf-8") == "bad \\xff\\xc3 utf-8");
    CHECK(visible_text("back\\slash") == "back\\\\slash");
    CHECK(visible_width(visible_text("\xc3\xa9t\xc3\xa9\n")) == 5);
}
