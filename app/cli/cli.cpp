#include "cli.hpp"

#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "api/api_routes.hpp"
#include "cli/backup_command.hpp"
#include "cli/usage.hpp"
#include "config.hpp"
#include "fail_open_settings.hpp"
#include "import_command.hpp"
#include "server/http_server.hpp"
#include "server/session_sweeper.hpp"
#include "service_container.hpp"
#include "session_commands.hpp"
#include "user_commands.hpp"
#include "user_repository.hpp"
#include "user_service.hpp"
#include "visible_text.hpp"

#ifndef AUTH_API_VERSION
#define AUTH_API_VERSION "dev"
#endif

namespace authapi {

namespace {

// One line on stderr in one write: the HTTP threads are writing access-log
// lines there at the same time, and a line written in pieces (`std::cerr <<
// a << b`) can have one of theirs land in its middle.
void say(const std::string& line) {
    const std::string whole = line + "\n";
    std::fwrite(whole.data(), 1, whole.size(), stderr);
}

// The composition root in action: every failure here is the user's to fix.
std::optional<ServiceContainer> open_services(const Config& config, int& exit_code) {
    try {
        return std::optional<ServiceContainer>(std::in_place, config);
    } catch (const std::exception& e) {
        std::cerr << "auth-api: cannot open database " << describe_database(config) << ": "
                  << e.what() << "\n";
        exit_code = 1;
        return std::nullopt;
    }
}

void print_migrations(const std::vector<std::string>& applied, std::ostream& out) {
    if (applied.empty()) {
        out << "database is up to date\n";
        return;
    }
    for (const auto& name : applied) out << "applied migration " << name << "\n";
}

// What a browser deployment depends on, for the startup line: the cookie
// (when there is one) and the origin and proxy settings that are set.
std::string describe_web_settings(const ServiceContainer& services) {
    const Config& config = services.config();
    std::string out;
    const AuthType type = config.auth_type;
    if (type == AuthType::SessionAuth || type == AuthType::SessionExpAuth ||
        type == AuthType::SessionDbAuth) {
        out += ", cookie: " + describe_session_cookie(services.session_cookie());
    }
    if (config.public_origin) out += ", public origin: " + *config.public_origin;
    if (!config.allowed_origins.empty()) {
        out += ", allowed origins:";
        for (const auto& origin : config.allowed_origins) out += " " + origin;
    }
    if (!config.trusted_proxies.empty()) {
        out += ", trusted proxies:";
        for (const auto& network : config.trusted_proxies) out += " " + network.to_string();
    }
    return out;
}

// One descriptor per connection: the usual soft limit of 1024 would refuse
// clients long before memory or CPU run out. The hard limit is the admin's.
void raise_open_file_limit() {
    rlimit limit{};
    constexpr rlim_t kEnough = 1 << 20;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < kEnough &&
        limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = std::min(limit.rlim_max, kEnough);
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// The HTTP server's settings: listening address, threads, queues, bounds,
// timeouts, logs.
ServerOptions server_options(const Config& config, ServiceContainer& services) {
    ServerOptions options;
    options.host = config.host;
    options.port = config.port;
    options.threads = config.threads;
    options.hash_threads = config.hash_threads;
    options.hash_nice = config.hash_nice;
    options.hash_queue = config.hash_queue;
    options.hash_queue_per_client = waiting_hash_jobs_per_ip(config);
    options.limits.max_request_bytes = config.max_request_bytes;
    options.limits.max_connections = config.max_connections;
    options.limits.max_pending_head_bytes = config.max_pending_head_bytes;
    options.timeouts.header = std::chrono::seconds(config.request_timeout_seconds);
    options.timeouts.body = std::chrono::seconds(config.request_timeout_seconds);
    options.timeouts.keepalive = std::chrono::seconds(config.keepalive_timeout_seconds);
    options.log = AccessLog(stderr, config.log_format, config.access_log, config.access_log_buffer);
    options.metrics = &services.metrics();
    options.forwarding = ForwardingPolicy(config.trusted_proxies);
    options.thread_idle = [&services] { services.release_thread_snapshot(); };
    options.session_lookups = services.session_lookup_pipelines();
    return options;
}

int serve(const Config& config) {
    // Block the signals before any thread exists so that only sigwait sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);
    raise_open_file_limit();

    for (const auto& warning : config.warnings)
        std::cerr << "auth-api: warning: " << warning << "\n";
    for (const auto& warning : fail_open_warnings(config))
        std::cerr << "auth-api: warning: " << warning << "\n";
    int exit_code = 0;
    auto services = open_services(config, exit_code);
    if (!services) return exit_code;
    print_migrations(services->applied_migrations(), std::cerr);

    HttpServer server(server_options(config, *services), make_api_router(services->api_services()));
    try {
        server.start();
    } catch (const std::exception& e) {
        std::cerr << "auth-api: cannot listen on " << config.host << ":" << config.port << ": "
                  << e.what() << "\n";
        return 1;
    }
    // Declared after the services: it stops before they go away.
    std::optional<SessionSweeper> sweeper;
    if (config.session_sweep_interval > 0) {
        std::vector<SessionService*> swept{&services->stored_sessions()};
        if (services->sessions() && services->sessions() != &services->stored_sessions()) {
            swept.push_back(services->sessions());
        }
        sweeper.emplace(swept, std::chrono::seconds(config.session_sweep_interval),
                        [](const std::string& message) { say("auth-api: " + message); });
    }
    std::ostringstream listening;
    listening << "auth-api " << AUTH_API_VERSION << " listening on "
              << http_url(config.host, server.port())
              << " (auth: " << auth_type_name(config.auth_type)
              << ", database: " << describe_database(config) << ", threads: " << config.threads
              << ", hash threads: " << config.hash_threads << describe_web_settings(*services)
              << ")";
    say(listening.str());

    int received = 0;
    sigwait(&signals, &received);
    say(std::string("auth-api: ") + (received == SIGINT ? "SIGINT" : "SIGTERM") +
        ": finishing requests in flight");
    server.drain_and_stop(std::chrono::seconds(10));
    say("auth-api: stopped");
    return 0;
}

int create_user(const Config& config, const std::vector<std::string>& args) {
    std::map<std::string, std::string> options;
    bool admin = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (flag == "--admin") {
            admin = true;
            continue;
        }
        if (flag != "--email" && flag != "--password" && flag != "--first-name" &&
            flag != "--last-name") {
            std::cerr << "auth-api create-user: unknown option " << flag << "\n";
            write_usage(std::cerr, "create-user");
            return 2;
        }
        if (i + 1 >= args.size()) {
            std::cerr << "auth-api create-user: " << flag << " needs a value\n";
            return 1;
        }
        options[flag] = args[++i];
    }
    NewUser input;
    auto take = [&](const char* flag) -> std::optional<std::string> {
        auto it = options.find(flag);
        if (it == options.end()) return std::nullopt;
        return it->second;
    };
    input.email = take("--email");
    input.password = take("--password");
    input.first_name = take("--first-name");
    input.last_name = take("--last-name");
    input.is_admin = admin;
    try {
        UserService::validate(input);
    } catch (const InvalidEmail&) {
        std::cerr << "auth-api create-user: the email " << visible_text(*input.email)
                  << " holds a control character; give the address as it is written\n";
        return 1;
    } catch (const InvalidInput& e) {
        std::cerr << "auth-api create-user: " << e.what() << " (--email E --password P)\n";
        return 1;
    }
    int exit_code = 0;
    auto services = open_services(config, exit_code);
    if (!services) return exit_code;
    print_migrations(services->applied_migrations(), std::cerr);
    try {
        const User user = services->users().create(input);
        std::cout << user.id << std::endl;
        return 0;
    } catch (const EmailAlreadyExists&) {
        std::cerr << "auth-api create-user: a user with email " << visible_text(*input.email)
                  << " already exists (emails are compared without case and surrounding "
                     "whitespace)\n";
    } catch (const std::exception& e) {
        std::cerr << "auth-api create-user: " << e.what() << "\n";
    }
    return 1;
}

int migrate(const Config& config) {
    int exit_code = 0;
    auto services = open_services(config, exit_code);
    if (!services) return exit_code;
    print_migrations(services->applied_migrations(), std::cout);
    return 0;
}

}  // namespace

int run_cli(const std::vector<std::string>& args) {
    const std::string command = args.empty() ? "serve" : args[0];
    if (command == "--help" || command == "-h" || command == "help") {
        write_help(std::cout);
        return 0;
    }
    if (command == "--version") {
        std::cout << "auth-api " << AUTH_API_VERSION << "\n";
        return 0;
    }
    const bool admin = command == "sessions" || command == "users" || command == "import";
    if (command != "serve" && command != "create-user" && command != "migrate" &&
        command != "backup" && !admin) {
        std::cerr << "auth-api: unknown command " << command << "\n";
        write_usage(std::cerr);
        return 2;
    }
    Config config;
    try {
        config = load_config(process_environment());
    } catch (const ConfigError& e) {
        std::cerr << "auth-api: configuration error: " << e.what() << "\n";
        return 2;
    }
    if (command == "create-user") return create_user(config, args);
    if (command == "backup") return backup_command(config, args);
    if (admin) {
        std::optional<ServiceContainer> services;
        const OpenServices open = [&]() -> ServiceContainer* {
            try {
                services.emplace(config);
            } catch (const std::exception& e) {
                std::cerr << "auth-api: cannot open database " << config.db_path << ": " << e.what()
                          << "\n";
                return nullptr;
            }
            // Only news: the output of these commands is for reading.
            if (!services->applied_migrations().empty()) {
                print_migrations(services->applied_migrations(), std::cerr);
            }
            return &*services;
        };
        if (command == "sessions") return sessions_command(args, open);
        if (command == "import") return import_command(args, open);
        return users_command(args, open);
    }
    if (args.size() > 1) {
        std::cerr << "auth-api " << command << ": unexpected argument " << args[1] << "\n";
        return 2;
    }
    if (command == "migrate") return migrate(config);
    return serve(config);
}

}  // namespace authapi
