#include "api_routes.hpp"

#include "api/error_messages.hpp"
#include "http/form_body.hpp"
#include "http/json_output.hpp"
#include "operator_routes.hpp"
#include "request_body.hpp"
#include "session_cookie.hpp"
#include "session_service.hpp"
#include "session_views.hpp"
#include "user_json.hpp"

namespace authapi {

namespace {

struct LoginFields {
    std::optional<std::string> email;     // absent or empty: missing
    std::optional<std::string> password;  // absent or empty: missing
};

LoginFields login_fields(const ApiRequest& request) {
    const FormFields form = parse_form_body(request.content_type.value_or(""), request.body);
    LoginFields fields;
    fields.email = form.first("email");
    fields.password = form.first("password");
    if (fields.email && fields.email->empty()) fields.email.reset();
    if (fields.password && fields.password->empty()) fields.password.reset();
    return fields;
}

ApiResponse user_response(int status, const User& user) {
    return json_response(status, render_json(user_to_json(user)));
}

const std::string& user_id_of(const RouteContext& context) {
    static const std::string nobody;
    return context.current_user ? context.current_user->id : nobody;
}

ApiResponse empty_object_response() {
    return json_response(200, render_json(JsonValue::Object{}));
}

class Views {
public:
    explicit Views(const ApiServices& services)
        : users_(services.users),
          credentials_(services.credentials),
          monitor_(services.monitor),
          strict_(services.settings.auth_strict),
          sessions_(services.sessions),
          cookie_(services.session_cookie) {}

    bool has_sessions() const { return sessions_ != nullptr; }

    ApiResponse status(const ApiRequest&, const RouteContext&) {
        return json_response(200, render_json(JsonValue::Object{{"status", "OK"}}));
    }

    ApiResponse stats(const ApiRequest&, const RouteContext&) {
        return json_response(200, render_json(JsonValue::Object{{"users", users_.count()}}));
    }

    ApiResponse list_users(const ApiRequest&, const RouteContext&) {
        // Rendered and sent a page at a time: memory stays flat however many
        // users there are. Pages are separate reads, so a user created or
        // deleted during a long listing may or may not be in it.
        struct Listing {
            JsonArrayStream json;
            std::int64_t position = 0;
            bool started = false;
        };
        constexpr std::size_t kPageSize = 256;
        auto listing = std::make_shared<Listing>();
        ApiResponse response = json_response(200, "");
        response.body_pieces = [&users = users_, listing](std::string& out) {
            if (!listing->started) {
                out += listing->json.begin();
                listing->started = true;
            }
            std::size_t visited = 0;
            listing->position =
                users.for_each_after(listing->position, kPageSize, [&](const User& user) {
                    out += listing->json.element(user_to_json(user));
                    ++visited;
                });
            if (visited == kPageSize) return true;
            out += listing->json.end();
            return false;
        };
        return response;
    }

    ApiResponse get_user(const ApiRequest&, const RouteContext& context) {
        if (context.path_param == "me") {
            if (!context.current_user) return error_response(ApiError::NotFound);
            return user_response(200, *context.current_user);
        }
        auto user = users_.find(context.path_param);
        if (!user) return error_response(ApiError::NotFound);
        return user_response(200, *user);
    }

    ApiResponse create_user(const ApiRequest& request, const RouteContext& context) {
        auto body = json_body(request);
        if (!body) return error_response(ApiError::WrongFormat);
        bool ignored = false;  // a non-string email or password counts as missing
        bool wrong_name_type = false;
        NewUser input;
        input.email = string_field(*body, "email", ignored);
        input.password = string_field(*body, "password", ignored);
        input.first_name = string_field(*body, "first_name", wrong_name_type);
        input.last_name = string_field(*body, "last_name", wrong_name_type);
        try {
            UserService::validate(input);
            if (wrong_name_type) return error_response(ApiError::WrongFormat);
            const User user = users_.create(input);
            monitor_.user_created(user_id_of(context), user.id, request.client_ip);
            return user_response(201, user);
        } catch (const InvalidInput& e) {
            return error_response(api_error(e.code()));
        } catch (const EmailAlreadyExists&) {
            return error_response(ApiError::EmailAlreadyExists);
        } catch (const UnstorableText&) {
            return error_response(ApiError::WrongFormat);
        }
    }

    ApiResponse update_user(const ApiRequest& request, const RouteContext& context) {
        if (!users_.find(context.path_param)) return error_response(ApiError::NotFound);
        auto body = json_body(request);
        if (!body) return error_response(ApiError::WrongFormat);
        bool wrong_type = false;
        NameChange change;
        change.first_name = string_field(*body, "first_name", wrong_type);
        change.last_name = string_field(*body, "last_name", wrong_type);
        if (wrong_type) return error_response(ApiError::WrongFormat);
        try {
            auto user = users_.update_names(context.path_param, change);
            if (!user) return error_response(ApiError::NotFound);
            return user_response(200, *user);
        } catch (const UnstorableText&) {
            return error_response(ApiError::WrongFormat);
        }
    }

    ApiResponse delete_user(const ApiRequest& request, const RouteContext& context) {
        if (!users_.remove(context.path_param)) return error_response(ApiError::NotFound);
        monitor_.user_deleted(user_id_of(context), context.path_param, request.client_ip);
        return empty_object_response();
    }

    // Reserves the throttle's attempt for the login's password check, before
    // the request waits for a hash thread; none when it will be answered
    // without one (a field missing, a password too long).
    std::optional<OrThrottled<CredentialAttempt>> admit_login(const ApiRequest& request,
                                                              const RouteContext&) {
        const LoginFields fields = login_fields(request);
        if (!fields.email || !fields.password ||
            fields.password->size() > UserService::kMaxPasswordBytes) {
            return std::nullopt;
        }
        return credentials_.reserve(CredentialSource::LoginForm, *fields.email, request.client_ip);
    }

    ApiResponse login(const ApiRequest& request, const RouteContext& context) {
        const LoginFields fields = login_fields(request);
        if (!fields.email) return error_response(ApiError::EmailMissing);
        if (!fields.password) return error_response(ApiError::PasswordMissing);

        try {
            UserService::check_password_length(*fields.password);
            OrThrottled<CredentialAttempt> attempt =
                context.reserved_check
                    ? OrThrottled<CredentialAttempt>(std::move(*context.reserved_check))
                    : credentials_.reserve(CredentialSource::LoginForm, *fields.email,
                                           request.client_ip);
            if (const auto* throttled = std::get_if<Throttled>(&attempt)) {
                return too_many_attempts_response(throttled->retry_after_seconds);
            }
            const CredentialResult result = credentials_.check(
                std::move(std::get<CredentialAttempt>(attempt)), *fields.password);
            if (result.outcome != CredentialCheck::Ok) return login_refused(result.outcome);
            // Rotation: the session the client came with, if any, ends here.
            const ClientInfo client{request.client_ip, request.user_agent.value_or("")};
            const auto token =
                sessions_->rotate_session(context.session_cookie, *result.user, client);
            // The password changed (or the user went) after it was checked:
            // no session for a credential that is not current.
            if (!token) return login_refused(CredentialCheck::CredentialChanged);
            monitor_.login_succeeded(result.user->id, request.client_ip, *token);
            if (cookie_.secure && request.scheme != "https") {
                monitor_.secure_cookie_over_http(request.trace());
            }
            return user_response(200, *result.user)
                .with_header("Set-Cookie", session_cookie_header(cookie_, *token));
        } catch (const InvalidInput& e) {
            return error_response(api_error(e.code()));  // password too long
        }
    }

    ApiResponse logout(const ApiRequest& request, const RouteContext& context) {
        const auto& token = context.session_cookie;
        if (!token || !sessions_->destroy_session(*token))
            return error_response(ApiError::NotFound);
        monitor_.logged_out(user_id_of(context), request.client_ip, *token);
        return empty_object_response().with_header("Set-Cookie",
                                                   expired_session_cookie_header(cookie_));
    }

private:
    // AUTH_STRICT: one answer for both, as the timing already is.
    ApiResponse login_refused(CredentialCheck outcome) const {
        return error_response(api_error(outcome, strict_));
    }

    UserService& users_;
    CredentialGuard& credentials_;
    SecurityMonitor& monitor_;
    bool strict_;
    SessionService* sessions_;  // null outside the session modes (no session-only route runs)
    SessionCookieSettings cookie_;
};

// PUBLIC_ORIGIN and ALLOWED_ORIGINS, which the configuration has checked already.
OriginPolicy origin_policy(const ApiSettings& config) {
    std::optional<Origin> public_origin;
    if (config.public_origin) public_origin = parse_origin(*config.public_origin);
    std::vector<Origin> allowed;
    for (const auto& text : config.allowed_origins) {
        if (auto origin = parse_origin(text)) allowed.push_back(*origin);
    }
    return OriginPolicy(public_origin, allowed);
}

// The session listing, revocation and the password change (SessionViews).
void add_session_routes(ApiRouter& router, const ApiServices& services) {
    auto session_views = std::make_shared<SessionViews>(services);
    auto bind_session = [session_views](SessionView view) {
        return [session_views, view](const ApiRequest& request, const RouteContext& context) {
            return ((*session_views).*view)(request, context);
        };
    };
    router.add("GET", "/api/v1/users/me/sessions", session_modes_only(Access::OwnData),
               bind_session(&SessionViews::list));
    router.add("DELETE", "/api/v1/users/me/sessions", session_modes_only(Access::OwnData),
               bind_session(&SessionViews::revoke_others));
    router.add("DELETE", "/api/v1/users/me/sessions/<session_id>",
               session_modes_only(Access::OwnData), bind_session(&SessionViews::revoke));
    router.add("PUT", "/api/v1/users/me/password", Access::OwnData,
               bind_session(&SessionViews::change_password),
               [session_views](const ApiRequest& request, const RouteContext& context) {
                   return session_views->admit_password_change(request, context);
               });
}

}  // namespace

std::shared_ptr<const ApiRouter> make_api_router(const ApiServices& services) {
    auto views = std::make_shared<Views>(services);
    auto router = std::make_shared<ApiRouter>(services.gate, services.settings.session_name,
                                              views->has_sessions());
    auto bind = [views](ApiResponse (Views::*view)(const ApiRequest&, const RouteContext&)) {
        return [views, view](const ApiRequest& request, const RouteContext& context) {
            return ((*views).*view)(request, context);
        };
    };

    // Each route: method, path, who may call it (Access, app/api/access_policy.hpp), view.
    router->add("GET", "/api/v1/status", Access::Open, bind(&Views::status));
    add_operator_routes(*router, services);
    router->add("GET", "/api/v1/stats", Access::Admin, bind(&Views::stats));
    router->add("GET", "/api/v1/unauthorized", Access::Open,
                [](const ApiRequest&, const RouteContext&) {
                    return error_response(ApiError::Unauthorized);
                });
    router->add(
        "GET", "/api/v1/forbidden", Access::Open,
        [](const ApiRequest&, const RouteContext&) { return error_response(ApiError::Forbidden); });
    router->add("GET", "/api/v1/users", Access::Admin, bind(&Views::list_users));
    router->add("POST", "/api/v1/users", Access::Admin, bind(&Views::create_user),
                RouteWork::HashesPassword);
    router->add("GET", "/api/v1/users/<user_id>", Access::SelfOrAdmin, bind(&Views::get_user));
    router->add("PUT", "/api/v1/users/<user_id>", Access::SelfOrAdmin, bind(&Views::update_user));
    router->add("DELETE", "/api/v1/users/<user_id>", Access::SelfOrAdmin,
                bind(&Views::delete_user));
    // session_modes_only: 404 unless AUTH_TYPE is a session mode (auth off,
    // auth and basic_auth have no login, logout or session listing).
    router->add("POST", "/api/v1/auth_session/login", session_modes_only(Access::Open),
                bind(&Views::login),
                [views](const ApiRequest& request, const RouteContext& context) {
                    return views->admit_login(request, context);
                });
    router->add("DELETE", "/api/v1/auth_session/logout", session_modes_only(Access::OwnData),
                bind(&Views::logout));

    add_session_routes(*router, services);
    const OriginPolicy origins = origin_policy(services.settings);
    router->set_cors_policy(CorsPolicy(origins));
    if (views->has_sessions()) {
        router->set_csrf_policy(CsrfPolicy(origins, "/api/v1/auth_session/login"),
                                &services.monitor);
    }
    router->set_access_policy(services.settings.access_policy);
    services.metrics.set_routes(router->patterns());
    return router;
}

}  // namespace authapi
