#include <doctest/doctest.h>

#include <string>

#include "form_body.hpp"
#include "random_bytes.hpp"

namespace authapi {
namespace {

constexpr std::string_view kUrlencoded = "application/x-www-form-urlencoded";

// Captured from `curl -F email=bobsession@hbbtn.io -F "password=fake pwd" -F 'weird"name=x'
// -F f=@file;filename=a.txt` (curl 7.88.1).
constexpr std::string_view kCurlContentType =
    "multipart/form-data; boundary=------------------------983f4a3a9a22d89e";
constexpr std::string_view kCurlBody =
    "--------------------------983f4a3a9a22d89e\r\n"
    "Content-Disposition: form-data; name=\"email\"\r\n"
    "\r\n"
    "bobsession@hbbtn.io\r\n"
    "--------------------------983f4a3a9a22d89e\r\n"
    "Content-Disposition: form-data; name=\"password\"\r\n"
    "\r\n"
    "fake pwd\r\n"
    "--------------------------983f4a3a9a22d89e\r\n"
    "Content-Disposition: form-data; name=\"weird%22name\"\r\n"
    "\r\n"
    "x\r\n"
    "--------------------------983f4a3a9a22d89e\r\n"
    "Content-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "import socket\n"
    "\r\n"
    "--------------------------983f4a3a9a22d89e--\r\n";

TEST_CASE("FormFields keeps order, and first() returns the first of repeated names") {
    FormFields fields;
    CHECK(fields.empty());
    fields.add("email", "a");
    fields.add("x", "");
    fields.add("email", "b");
    CHECK(fields.size() == 3);
    CHECK(fields.first("email") == "a");
    CHECK(fields.first("x") == "");
    CHECK_FALSE(fields.first("EMAIL").has_value());
    REQUIRE(fields.entries().size() == 3);
    CHECK(fields.entries()[2].value == "b");
}

TEST_CASE("parse_urlencoded: the task's bodies") {
    auto fields = parse_urlencoded("email=guillaume%40hbbtn.io&password=fake+pwd");
    CHECK(fields.size() == 2);
    CHECK(fields.first("email") == "guillaume@hbbtn.io");
    CHECK(fields.first("password") == "fake pwd");

    // curl -d "email=bobsession@hbbtn.io" -d "password=fake pwd" sends the space as is.
    fields = parse_urlencoded("email=bobsession@hbbtn.io&password=fake pwd");
    CHECK(fields.first("email") == "bobsession@hbbtn.io");
    CHECK(fields.first("password") == "fake pwd");
}

TEST_CASE("parse_urlencoded: splitting rules") {
    auto fields = parse_urlencoded("email=a&email=b");
    CHECK(fields.size() == 2);
    CHECK(fields.first("email") == "a");

    fields = parse_urlencoded("&&email&&=x&a=b=c&");
    CHECK(fields.size() == 3);
    CHECK(fields.first("email") == "");
    CHECK(fields.first("") == "x");
    CHECK(fields.first("a") == "b=c");

    fields = parse_urlencoded("e%6Dail=%00&pass+word=%2B");
    CHECK(fields.first("email") == std::string(1, '\0'));
    CHECK(fields.first("pass word") == "+");

    fields = parse_urlencoded("");
    CHECK(fields.empty());
}

TEST_CASE("parse_urlencoded: a bad escape stays as written") {
    const FormFields fields = parse_urlencoded("email=%zz&password=100%&x=%4");
    CHECK(fields.first("email") == "%zz");
    CHECK(fields.first("password") == "100%");
    CHECK(fields.first("x") == "%4");
}

TEST_CASE("parse_form_body picks the decoder from the media type") {
    const std::string_view body = "email=a%40b.c&password=p";
    for (const char* type :
         {"application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
          " application/x-www-form-urlencoded ;", "\tAPPLICATION/x-www-form-urlencoded"}) {
        CAPTURE(type);
        const auto fields = parse_form_body(type, body);
        CHECK(fields.first("email") == "a@b.c");
    }
    // Flask's request.form is empty for anything else, so login says "email missing".
    for (const char* type : {"", "application/json", "text/plain", "multipart/mixed; boundary=x",
                             "application/x-www-form-urlencodedX", "application/x-www-form"}) {
        CAPTURE(type);
        const auto fields = parse_form_body(type, body);
        CHECK(fields.empty());
    }
    CHECK(parse_form_body(kUrlencoded, "email=%zz").first("email") == "%zz");
}

TEST_CASE("parse_form_body: the curl -F shape") {
    const auto fields = parse_form_body(kCurlContentType, kCurlBody);
    CHECK(fields.size() == 3);
    CHECK(fields.first("email") == "bobsession@hbbtn.io");
    CHECK(fields.first("password") == "fake pwd");
    CHECK(fields.first("weird%22name") == "x");  // curl escapes quotes like browsers do
    CHECK_FALSE(fields.first("f").has_value());  // a file: request.files, not request.form

    CHECK(
        parse_form_body(
            "Multipart/Form-Data; BOUNDARY=\"------------------------983f4a3a9a22d89e\"", kCurlBody)
            .size() == 3);
}

TEST_CASE("parse_multipart: bare LF line breaks, preamble, epilogue and padding") {
    const auto fields = parse_multipart(
        "preamble line\n"
        "--b  \t\n"
        "Content-Disposition: form-data; name=\"email\"\n"
        "\n"
        "a@b.c\n"
        "--b\n"
        "content-disposition: FORM-DATA; NAME=password\n"
        "\n"
        "pw\n"
        "--b-- \n"
        "epilogue\n"
        "--b\n",
        "b");
    REQUIRE(fields);
    CHECK(fields->size() == 2);
    CHECK(fields->first("email") == "a@b.c");
    CHECK(fields->first("password") == "pw");
}

TEST_CASE("parse_multipart: part bodies keep everything but the delimiter's line break") {
    const auto fields = parse_multipart(
        "--b\r\n"
        "Content-Disposition: form-data; name=\"multi\"\r\n"
        "\r\n"
        "line1\r\n"
        "--bX not a delimiter\r\n"
        "x--b\r\n"
        "--b-- junk is content too\r\n"
        "\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name=\"empty\"\r\n"
        "\r\n"
        "\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name=\"compact\"\r\n"
        "\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name=\"nul\"\r\n"
        "\r\n" +
            std::string("a\0b\r", 4) +
            "\r\n"
            "--b--",
        "b");
    REQUIRE(fields);
    CHECK(fields->size() == 4);
    CHECK(fields->first("multi") ==
          "line1\r\n--bX not a delimiter\r\nx--b\r\n--b-- junk is content too\r\n");
    CHECK(fields->first("empty") == "");
    CHECK(fields->first("compact") == "");
    CHECK(fields->first("nul") == std::string("a\0b\r", 4));
}

TEST_CASE("parse_multipart: which parts count as fields") {
    const auto fields = parse_multipart(
        "--b\r\n"
        "\r\n"
        "no headers at all\r\n"
        "--b\r\n"
        "Content-Type: text/plain\r\n"
        "\r\n"
        "no disposition\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name*=UTF-8''email\r\n"
        "\r\n"
        "name* is not a name\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; filename=\"name\"\r\n"
        "\r\n"
        "filename is not a name\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name=\"upload\"; filename=\"\"\r\n"
        "\r\n"
        "an empty filename is still a file\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name=\"upload2\"; filename*=UTF-8''a.txt\r\n"
        "\r\n"
        "file\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name=\"a\\\"b\"\r\n"
        "\r\n"
        "escaped quote\r\n"
        "--b\r\n"
        "Content-Disposition: form-data;\r\n"
        "  name=\"folded\"\r\n"
        "\r\n"
        "folded header\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name=\"\"\r\n"
        "\r\n"
        "empty name\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name=\"dup\"\r\n"
        "Content-Disposition: form-data; name=\"ignored\"\r\n"
        "a header line without colon\r\n"
        "\r\n"
        "first\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name=\"dup\"\r\n"
        "\r\n"
        "second\r\n"
        "--b--\r\n",
        "b");
    REQUIRE(fields);
    CHECK(fields->size() == 5);
    CHECK(fields->first("a\"b") == "escaped quote");
    CHECK(fields->first("folded") == "folded header");
    CHECK(fields->first("") == "empty name");
    CHECK(fields->first("dup") == "first");
    CHECK_FALSE(fields->first("email").has_value());
    CHECK_FALSE(fields->first("name").has_value());
    CHECK_FALSE(fields->first("upload").has_value());
    CHECK_FALSE(fields->first("ignored").has_value());
}

TEST_CASE("parse_multipart: zero parts") {
    const auto fields = parse_multipart("--b--", "b");
    REQUIRE(fields);
    CHECK(fields->empty());
    CHECK(parse_multipart("\r\n--b--\r\n", "b")->empty());
}

TEST_CASE("parse_multipart: broken structure is rejected") {
    const std::string part = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n";
    CHECK(parse_multipart(part + "--b--", "b").has_value());
    for (const std::string& bad : {
             std::string(""),
             std::string("no delimiter at all"),
             std::string("--bb\r\n\r\nv\r\n--bb--"),  // another boundary
             part,                                    // no closing delimiter
             part + "--b",                            // delimiter line never ends
             part + "--b-",                           //
             part + "--b--x",                         // not a close delimiter
             part + "--b\r\n",                        // headers never end
             part + "--b\r\nContent-Disposition: form-data; name=\"c\"\r\n",
             std::string("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv"),
         }) {
        CAPTURE(bad);
        CHECK_FALSE(parse_multipart(bad, "b").has_value());
    }
    CHECK_FALSE(parse_multipart(part + "--b--", "").has_value());
    // "x--b" is not a delimiter line, so all of it is preamble before the closing delimiter.
    CHECK(parse_multipart("x--b\r\n\r\nv\r\n--b--", "b")->empty());
    // Flask's request.form is empty for a broken multipart body.
    CHECK(parse_form_body("multipart/form-data", part + "--b--").empty());
    CHECK(parse_form_body("multipart/form-data; boundary=", part + "--b--").empty());
    CHECK(parse_form_body("multipart/form-data; boundary=b", part).empty());
}

TEST_CASE("multipart_boundary") {
    CHECK(multipart_boundary("multipart/form-data; boundary=abc") == "abc");
    CHECK(multipart_boundary("multipart/form-data;boundary=abc ; charset=x") == "abc");
    CHECK(multipart_boundary("multipart/form-data; BOUNDARY = \"a b:c\"") == "a b:c");
    CHECK(multipart_boundary("multipart/form-data; charset=\"x;y\"; boundary=z") == "z");
    CHECK(multipart_boundary("multipart/form-data; xboundary=1; boundary=2") == "2");
    CHECK(multipart_boundary("multipart/form-data; boundary=1; boundary=2") == "1");
    CHECK(multipart_boundary("multipart/form-data; flag; boundary=2") == "2");
    CHECK(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'x')) ==
          std::string(70, 'x'));
    for (const std::string& bad : {
             std::string("multipart/form-data"),
             std::string("multipart/form-data; boundary="),
             std::string("multipart/form-data; boundary=\"\""),
             std::string("multipart/form-data; boundary=" + std::string(71, 'x')),
             std::string("multipart/form-data; boundary=\"abc \""),
             std::string("multipart/form-data; boundary=\"a\x01\""),
             std::string("multipart/form-data; boundary=\"caf\xC3\xA9\""),
             std::string("multipart/form-data; boundary=\"unterminated"),
             std::string("multipart/form-data; charset=\"unterminated; boundary=x"),
             std::string("multipart/form-data; boundary"),
             std::string("boundary=x"),
         }) {
        CAPTURE(bad);
        CHECK_FALSE(multipart_boundary(bad).has_value());
    }
}

TEST_CASE("form parsers on large and random input") {
    std::string many = "--b\r\n";
    for (int i = 0; i < 20000; ++i) {
        many += "Content-Disposition: form-data; name=\"f" + std::to_string(i) +
                "\"\r\n\r\nv\r\n--b\r\n";
    }
    many += "\r\n\r\n--b--";
    const auto fields = parse_multipart(many, "b");
    REQUIRE(fields);
    CHECK(fields->size() == 20000);
    CHECK(fields->first("f19999") == "v");

    std::string lines(1 << 20, '\n');
    CHECK_FALSE(parse_multipart(lines, "b").has_value());
    std::string near_misses = "--b\r\n\r\n";
    for (int i = 0; i < 100000; ++i) near_misses += "\n--bX";
    CHECK_FALSE(parse_multipart(near_misses, "b").has_value());

    std::string urlencoded;
    for (int i = 0; i < 100000; ++i) urlencoded += "a=1&";
    CHECK(parse_urlencoded(urlencoded).size() == 100000);

    testing::RandomBytes random({"--b", "--b--", "\r\n", "\n", "\r\n\r\n",
                                 "Content-Disposition: form-data; name=\"", "filename=", "\"", ";",
                                 "=", "&", "%", "%4", "+", "boundary=", "multipart/form-data",
                                 "application/x-www-form-urlencoded", "\\"});
    for (int i = 0; i < 30000; ++i) {
        const std::string a = random.next();
        const std::string b = random.next(6);
        (void)parse_multipart(a, "b");
        (void)parse_multipart(a, b);
        (void)parse_urlencoded(a);
        (void)parse_form_body(b, a);
        (void)parse_form_body("multipart/form-data; boundary=b", a);
        (void)multipart_boundary(a);
    }
}

}  // namespace
}  // namespace authapi
