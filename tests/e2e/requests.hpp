#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http_client.hpp"

namespace authapi::e2e {

inline constexpr const char* kSessionName = "_my_session_id";

// The paths the suites use most.
inline constexpr const char* kLogin = "/api/v1/auth_session/login";
inline constexpr const char* kLogout = "/api/v1/auth_session/logout";
inline constexpr const char* kSessions = "/api/v1/users/me/sessions";
inline constexpr const char* kPasswordChange = "/api/v1/users/me/password";

// The AUTH_TYPEs with sessions.
inline constexpr const char* kSessionModes[] = {"session_auth", "session_exp_auth",
                                                "session_db_auth"};

// The users of the task transcripts.
inline constexpr const char* kBobEmail = "bob@hbtn.io";
inline constexpr const char* kBobPassword = "H0lbertonSchool98!";
inline constexpr const char* kBobBasic = "Basic Ym9iQGhidG4uaW86SDBsYmVydG9uU2Nob29sOTgh";
inline constexpr const char* kSessionEmail = "bobsession@hbbtn.io";
inline constexpr const char* kSessionPassword = "fake pwd";

RequestHeaders json_content();  // Content-Type: application/json
RequestHeaders form_content();  // Content-Type: application/x-www-form-urlencoded

using FormFields = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded, as a browser encodes it (space as '+').
std::string url_encode(const std::string& text);
std::string form_body(const FormFields& fields);

// A multipart/form-data body as `curl -F name=value` builds it; the
// Content-Type to send with it is "multipart/form-data; boundary=<boundary>".
std::string multipart_body(const FormFields& fields, const std::string& boundary);

// POST /api/v1/auth_session/login with an urlencoded form.
Response login(const HttpClient& client, const std::string& email, const std::string& password);
// The value the response's Set-Cookie headers give to cookie `name`.
std::optional<std::string> cookie_value(const Response& response,
                                        const std::string& name = kSessionName);
// The Set-Cookie header that sets cookie `name`, whole.
std::optional<std::string> set_cookie_for(const Response& response,
                                          const std::string& name = kSessionName);
// The value of attribute `name` ("Max-Age") of a Set-Cookie header; "" for a
// flag (HttpOnly); nullopt when absent. Names compare case-insensitively.
std::optional<std::string> cookie_attribute(const std::string& set_cookie, const std::string& name);
// Logs in and returns the session token; throws (with the exchange) when it fails.
std::string login_token(const HttpClient& client, const std::string& email,
                        const std::string& password);

// Cookie: _my_session_id=<token>
RequestHeaders session_cookie(const std::string& token);
// GET /api/v1/users/me with that cookie.
Response me(const HttpClient& client, const std::string& token);

std::string base64(const std::string& bytes);  // standard alphabet, padded
// Authorization: Basic base64(email:password)
RequestHeaders basic_auth(const std::string& email, const std::string& password);

// Adds the headers of `more` to `headers`.
RequestHeaders operator+(RequestHeaders headers, const RequestHeaders& more);

}  // namespace authapi::e2e
