#include "requests.hpp"

#include <cctype>

namespace authapi::e2e {

RequestHeaders json_content() {
    return {{"Content-Type", "application/json"}};
}

RequestHeaders form_content() {
    return {{"Content-Type", "application/x-www-form-urlencoded"}};
}

std::string url_encode(const std::string& text) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' ||
            byte == '*') {
            out += c;
        } else if (byte == ' ') {
            out += '+';
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        }
    }
    return out;
}

std::string form_body(const FormFields& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
        if (!body.empty()) body += '&';
        body += url_encode(name) + "=" + url_encode(value);
    }
    return body;
}

std::string multipart_body(const FormFields& fields, const std::string& boundary) {
    std::string body;
    for (const auto& [name, value] : fields) {
        body += "--" + boundary + "\r\n";
        body += "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n";
        body += value + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return body;
}

Response login(const HttpClient& client, const std::string& email, const std::string& password) {
    return client.post("/api/v1/auth_session/login", form_content(),
                       form_body({{"email", email}, {"password", password}}));
}

std::optional<std::string> set_cookie_for(const Response& response, const std::string& name) {
    for (const auto& header : response.headers.get_all("Set-Cookie")) {
        if (header.rfind(name + "=", 0) == 0) return header;
    }
    return std::nullopt;
}

std::optional<std::string> cookie_value(const Response& response, const std::string& name) {
    const auto header = set_cookie_for(response, name);
    if (!header) return std::nullopt;
    const std::size_t start = name.size() + 1;
    const std::size_t end = header->find(';', start);
    return header->substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::optional<std::string> cookie_attribute(const std::string& set_cookie,
                                            const std::string& name) {
    auto lower = [](std::string text) {
        for (auto& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return text;
    };
    std::size_t pos = set_cookie.find(';');  // attributes follow the name=value pair
    while (pos != std::string::npos) {
        const std::size_t start = set_cookie.find_first_not_of(' ', pos + 1);
        if (start == std::string::npos) break;
        const std::size_t end = set_cookie.find(';', start);
        const std::string attribute =
            set_cookie.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const std::size_t equals = attribute.find('=');
        if (lower(attribute.substr(0, equals)) == lower(name)) {
            return equals == std::string::npos ? std::string() : attribute.substr(equals + 1);
        }
        pos = end;
    }
    return std::nullopt;
}

std::string login_token(const HttpClient& client, const std::string& email,
                        const std::string& password) {
    const Response response = login(client, email, password);
    const auto token = cookie_value(response);
    if (response.status != 200 || !token) {
        throw std::runtime_error("login as " + email + " failed:\n" + describe(response));
    }
    return *token;
}

RequestHeaders session_cookie(const std::string& token) {
    return {{"Cookie", std::string(kSessionName) + "=" + token}};
}

Response me(const HttpClient& client, const std::string& token) {
    return client.get("/api/v1/users/me", session_cookie(token));
}

std::string base64(const std::string& bytes) {
    static const char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

RequestHeaders basic_auth(const std::string& email, const std::string& password) {
    return {{"Authorization", "Basic " + base64(email + ":" + password)}};
}

RequestHeaders operator+(RequestHeaders headers, const RequestHeaders& more) {
    headers.insert(headers.end(), more.begin(), more.end());
    return headers;
}

}  // namespace authapi::e2e
