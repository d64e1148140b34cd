// The forwarding headers and origins, as a trusted proxy or a browser may
// send them: every parser over the same bytes, and the policy that combines
// them. What parses must write itself back the same way.
#include <cstdlib>

#include "api/forwarding_policy.hpp"
#include "fuzz_input.hpp"
#include "http/forwarding_headers.hpp"
#include "http/ip_address.hpp"
#include "http/origin.hpp"

namespace {

void require(bool condition) {
    if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace authapi;
    const std::string_view text = fuzz::as_text(data, size);
    std::string error;
    if (const auto hops = parse_forwarded(text, error)) {
        for (const auto& hop : *hops) {
            if (hop.client) require(parse_ip_address(hop.client->to_string()) == hop.client);
        }
    } else {
        require(!error.empty());
    }
    if (const auto hops = parse_x_forwarded_for(text, error)) require(!hops->empty());
    if (const auto origin = parse_origin(text)) {
        require(parse_origin(origin->serialize()) == origin);
    }
    if (const auto host = parse_host_and_port(text)) {
        const auto again = parse_host_and_port(host->serialize());
        require(again && again->host == host->host && again->port == host->port);
    }
    if (const auto network = parse_ip_network(text)) require(network->contains(network->base));

    // Everyone trusted: whatever the headers say is read, or refused with a reason.
    static const ForwardingPolicy everyone(
        {*parse_ip_network("0.0.0.0/0"), *parse_ip_network("::/0")});
    ForwardingHeaders headers;
    const auto [first, rest] = fuzz::split_first_line(data, size);
    headers.x_forwarded_for = std::string(first);
    headers.x_forwarded_host = std::string(rest);
    for (int kind = 0; kind < 2; ++kind) {
        try {
            const RequestSource source = everyone.resolve("192.0.2.1", std::nullopt, headers);
            require(parse_ip_address(source.client_ip).has_value());
            require(source.scheme == "http" || source.scheme == "https");
        } catch (const ForwardingHeaderError& e) {
            require(*e.what() != '\0');
        }
        headers = ForwardingHeaders{};
        headers.forwarded = std::string(text);
    }
    return 0;
}
