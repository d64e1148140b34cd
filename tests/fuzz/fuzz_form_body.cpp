// Login form bodies: first line is the Content-Type (urlencoded or multipart
// with a boundary), the rest the body.
#include "form_body.hpp"
#include "fuzz_input.hpp"
#include "multipart_form.hpp"
#include "urlencoded_form.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto [content_type, body] = authapi::fuzz::split_first_line(data, size);
    const authapi::FormFields fields = authapi::parse_form_body(content_type, body);
    fields.first("email");
    fields.first("password");
    // Both decoders on every body, whatever the Content-Type said.
    authapi::parse_urlencoded(body);
    if (const auto boundary = authapi::multipart_boundary(content_type)) {
        authapi::parse_multipart(body, *boundary);
    }
    return 0;
}
