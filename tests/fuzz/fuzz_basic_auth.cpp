// The Basic Authorization pipeline: header -> base64 -> UTF-8 text -> email:password.
#include <cstdlib>

#include "basic_auth.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view header = authapi::fuzz::as_text(data, size);
    const auto b64 = authapi::extract_base64_authorization_header(header);
    // Also decode the raw bytes: the decoder must hold without the prefix check.
    const auto direct = authapi::decode_base64_authorization_header(header);
    const auto decoded = authapi::decode_base64_authorization_header(b64);
    if (decoded && decoded->size() > size) std::abort();
    const auto credentials = authapi::extract_user_credentials(decoded);
    if (credentials && credentials->first.find(':') != std::string::npos) std::abort();
    (void)direct;
    return 0;
}
