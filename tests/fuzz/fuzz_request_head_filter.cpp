// The byte-stream filter in front of Pistache's parser, driven the way
// HeaderGuardHandler drives it: arbitrary bytes, split at arbitrary points
// (the first byte picks the chunk size, as TCP might split the stream), with
// pipelined requests.
#include <cstdlib>
#include <string>

#include "fuzz_input.hpp"
#include "server/request_head_filter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = 1 + data[0] % 64;
    std::string_view stream = authapi::fuzz::as_text(data + 1, size - 1);
    authapi::HeadLimits limits;
    limits.max_head_bytes = 1024;
    limits.max_body_bytes = 1024;
    authapi::RequestHeadFilter filter(limits);
    std::string out;
    while (!stream.empty()) {
        std::string_view input = stream.substr(0, chunk);
        stream.remove_prefix(input.size());
        do {
            out.clear();
            const std::size_t used = filter.rewrite(input, out);
            if (used > input.size()) std::abort();
            // The transport loops until the input is used up: a filter that
            // keeps bytes back without finishing a request would hang it.
            if (used < input.size() && !filter.request_complete() && !filter.refusal()) {
                std::abort();
            }
            input.remove_prefix(used);
            if (filter.refusal()) return 0;
            filter.take_continue_request();
            filter.target();
            if (filter.request_complete()) filter.start_request();
        } while (!input.empty());
    }
    return 0;
}
