#include "forwarding_headers.hpp"

#include "ascii_text.hpp"

namespace authapi {

namespace {

bool is_tchar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string quoted(std::string_view text) {
    constexpr std::size_t kShown = 64;
    std::string out = "'";
    out.append(text.substr(0, kShown));
    if (text.size() > kShown) out += "...";
    return out + "'";
}

std::optional<std::string> parse_proto(std::string_view text) {
    if (ascii_equal_ignoring_case(text, "http")) return std::string("http");
    if (ascii_equal_ignoring_case(text, "https")) return std::string("https");
    return std::nullopt;
}

bool is_obfuscated(std::string_view text) {
    // "_" 1*( ALPHA / DIGIT / "." / "_" / "-" )
    if (text.size() < 2 || text[0] != '_') return false;
    for (char c : text.substr(1)) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool is_node_port(std::string_view text) {
    if (is_obfuscated(text)) return true;
    return !text.empty() && text.size() <= 5 &&
           text.find_first_not_of("0123456789") == std::string_view::npos;
}

// RFC 7239 node: nodename [ ":" node-port ]. Sets `client` for an address.
bool parse_node(std::string_view text, std::optional<IpAddress>& client) {
    std::string_view name = text;
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos) return false;
        name = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty() && (rest.front() != ':' || !is_node_port(rest.substr(1)))) return false;
        client = parse_ip_address(name);
        return client && name.find(':') != std::string_view::npos;
    }
    const std::size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
        if (!is_node_port(text.substr(colon + 1))) return false;
        name = text.substr(0, colon);
    }
    if (name == "unknown" || is_obfuscated(name)) return true;
    client = parse_ip_address(name);
    return client && name.find(':') == std::string_view::npos;
}

class ForwardedScanner {
public:
    ForwardedScanner(std::string_view text, std::string& error) : text_(text), error_(error) {}

    std::optional<std::vector<ForwardedHop>> hops() {
        std::vector<ForwardedHop> hops;
        skip_spaces();
        while (true) {
            auto hop = element();
            if (!hop) return std::nullopt;
            hops.push_back(std::move(*hop));
            skip_spaces();
            if (at_end()) return hops;
            if (text_[pos_] != ',') return fail("expected ',' or ';'");
            ++pos_;
            skip_spaces();
        }
    }

private:
    std::optional<ForwardedHop> element() {
        ForwardedHop hop;
        bool seen_for = false, seen_proto = false, seen_host = false, seen_by = false;
        while (true) {
            const std::size_t name_start = pos_;
            while (!at_end() && is_tchar(text_[pos_])) ++pos_;
            const std::string_view name = text_.substr(name_start, pos_ - name_start);
            if (name.empty()) return fail("expected a parameter name");
            if (at_end() || text_[pos_] != '=') return fail("expected '=' after " + quoted(name));
            ++pos_;
            const auto value = this->value();
            if (!value) return std::nullopt;
            auto once = [&](bool& seen) {
                if (seen) fail("parameter " + quoted(name) + " given twice in one element");
                seen = true;
                return error_.empty();
            };
            if (ascii_equal_ignoring_case(name, "for")) {
                if (!once(seen_for)) return std::nullopt;
                if (!parse_node(*value, hop.client)) {
                    return fail("for=" + quoted(*value) + " is not an address or node name");
                }
            } else if (ascii_equal_ignoring_case(name, "proto")) {
                if (!once(seen_proto)) return std::nullopt;
                hop.proto = parse_proto(*value);
                if (!hop.proto) return fail("proto=" + quoted(*value) + " is not http or https");
            } else if (ascii_equal_ignoring_case(name, "host")) {
                if (!once(seen_host)) return std::nullopt;
                hop.host = parse_host_and_port(*value);
                if (!hop.host) return fail("host=" + quoted(*value) + " is not a host[:port]");
            } else if (ascii_equal_ignoring_case(name, "by")) {
                if (!once(seen_by)) return std::nullopt;
            }
            skip_spaces();
            if (at_end() || text_[pos_] != ';') return hop;
            ++pos_;
            skip_spaces();
        }
    }

    std::optional<std::string> value() {
        std::string out;
        if (!at_end() && text_[pos_] == '"') {
            for (++pos_; !at_end(); ++pos_) {
                char c = text_[pos_];
                if (c == '"') {
                    ++pos_;
                    return out;
                }
                if (c == '\\') {
                    if (++pos_ == text_.size()) break;
                    c = text_[pos_];
                }
                if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
                    fail("a control character in a quoted value");
                    return std::nullopt;
                }
                out.push_back(c);
            }
            fail("an unterminated quoted value");
            return std::nullopt;
        }
        while (!at_end() && is_tchar(text_[pos_])) out.push_back(text_[pos_++]);
        if (out.empty()) {
            fail("expected a value");
            return std::nullopt;
        }
        return out;
    }

    std::nullopt_t fail(const std::string& what) {
        if (error_.empty()) error_ = what + " at byte " + std::to_string(pos_);
        return std::nullopt;
    }
    bool at_end() const { return pos_ >= text_.size(); }
    void skip_spaces() {
        while (!at_end() && is_space_or_tab(text_[pos_])) ++pos_;
    }

    std::string_view text_;
    std::string& error_;
    std::size_t pos_ = 0;
};

}  // namespace

std::optional<std::vector<ForwardedHop>> parse_forwarded(std::string_view value,
                                                         std::string& error) {
    error.clear();
    return ForwardedScanner(value, error).hops();
}

std::optional<std::vector<ForwardedHop>> parse_x_forwarded_for(std::string_view value,
                                                               std::string& error) {
    std::vector<ForwardedHop> hops;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = value.find(',', start);
        const std::string_view item = trim_spaces_and_tabs(value.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        ForwardedHop hop;
        hop.client = parse_ip_address(item);
        if (!hop.client) {
            error = quoted(item) + " is not an IP address";
            return std::nullopt;
        }
        hops.push_back(std::move(hop));
        if (comma == std::string_view::npos) return hops;
        start = comma + 1;
    }
}

std::optional<std::string> parse_x_forwarded_proto(std::string_view value, std::string& error) {
    auto proto = parse_proto(trim_spaces_and_tabs(value));
    if (!proto) error = quoted(value) + " is not http or https";
    return proto;
}

std::optional<HostAndPort> parse_x_forwarded_host(std::string_view value, std::string& error) {
    auto host = parse_host_and_port(trim_spaces_and_tabs(value));
    if (!host) error = quoted(value) + " is not a host[:port]";
    return host;
}

}  // namespace authapi
