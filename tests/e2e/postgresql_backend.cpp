#include "postgresql_backend.hpp"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <pqxx/pqxx>
#include <set>

namespace authapi::e2e {

std::optional<std::string> postgresql_backend_url() {
    const char* backend = std::getenv("AUTH_API_E2E_BACKEND");
    if (backend == nullptr || std::string(backend) != "postgresql") return std::nullopt;
    const char* url = std::getenv("AUTH_API_TEST_DATABASE_URL");
    if (url == nullptr || *url == '\0') return std::nullopt;
    return std::string(url);
}

std::string postgresql_schema_url(const std::string& base_url, const std::string& key) {
    char name[32];
    std::snprintf(name, sizeof name, "e2e_%016zx", std::hash<std::string>{}(key));
    static std::mutex mutex;
    static std::set<std::string> created;
    const std::lock_guard<std::mutex> lock(mutex);
    if (created.insert(name).second) {
        pqxx::connection connection(base_url);
        pqxx::nontransaction(connection)
            .exec(std::string("DROP SCHEMA IF EXISTS ") + name + " CASCADE; CREATE SCHEMA " + name);
    }
    return base_url + (base_url.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + name;
}

}  // namespace authapi::e2e
