#include "api_handler.hpp"

#include <chrono>

#include "cache_control.hpp"
#include "cors.hpp"
#include "guarded_transport.hpp"
#include "http/ascii_text.hpp"
#include "http/percent_decoding.hpp"
#include "request_head_filter.hpp"
#include "user_repository.hpp"

namespace authapi {

using namespace Pistache;

namespace {

// Pistache writes only typed headers; this one carries any name and value.
class NamedHeader final : public Http::Header::Header {
public:
    NamedHeader(std::string name, std::string value)
        : name_(std::move(name)), value_(std::move(value)) {}
    const char* name() const override { return name_.c_str(); }
    void write(std::ostream& os) const override { os << value_; }
    uint64_t hash() const override {
        uint64_t h = 14695981039346656037ull;  // FNV-1a, as Pistache's NAME() does
        for (unsigned char c : name_) h = (h ^ c) * 1099511628211ull;
        return h;
    }

private:
    std::string name_;
    std::string value_;
};

std::optional<std::string> raw_header(const Http::Request& request, std::string_view name,
                                      bool renamed) {
    const std::string key = renamed ? raw_header_name(name) : std::string(name);
    auto raw = request.headers().tryGetRaw(key);
    if (!raw) return std::nullopt;
    return raw->value();
}

ApiRequest to_api_request(const Http::Request& request) {
    ApiRequest api;
    api.method = Http::methodString(request.method());
    // Routing and the auth gate see the decoded path, as Flask's request.path.
    api.path = percent_decode(request.resource(), false);
    api.authorization = raw_header(request, "Authorization", true);
    api.cookie = raw_header(request, "Cookie", true);
    api.content_type = raw_header(request, "Content-Type", true);
    api.origin = raw_header(request, "Origin", false);
    api.cors_request_method = raw_header(request, "Access-Control-Request-Method", false);
    api.cors_request_headers = raw_header(request, "Access-Control-Request-Headers", false);
    api.host = raw_header(request, "Host", true);
    api.sec_fetch_site = raw_header(request, "Sec-Fetch-Site", false);
    api.client_ip = request.address().host();
    api.body = request.body();
    return api;
}

bool wants_keep_alive(const Http::Request& request) {
    if (auto connection = request.headers().tryGetRaw("Connection")) {
        std::string value = connection->value();
        for (auto& c : value) c = ascii_lower(c);
        if (value.find("close") != std::string::npos) return false;
        if (value.find("keep-alive") != std::string::npos) return true;
    }
    // HTTP/1.1 is persistent unless told otherwise; HTTP/1.0 is not.
    return request.version() == Http::Version::Http11;
}

}  // namespace

ApiHandler::ApiHandler(std::shared_ptr<const ApiRouter> router,
                       std::shared_ptr<RequestTracker> tracker, AccessLog log, Metrics* metrics)
    : router_(std::move(router)), tracker_(std::move(tracker)), log_(log), metrics_(metrics) {}

void ApiHandler::onRequest(const Http::Request& request, Http::ResponseWriter writer) {
    const auto started = std::chrono::steady_clock::now();
    RequestTracker::Scope in_flight(*tracker_);

    const ApiRequest api_request = to_api_request(request);
    ApiResponse response;
    bool keep_alive = wants_keep_alive(request);
    if (tracker_->draining()) {
        response = error_response(503, "Service Unavailable");
        keep_alive = false;
    } else {
        try {
            response = router_->dispatch(api_request);
        } catch (const StorageError& e) {
            // The store is down or broken: the client may retry; details stay in the log.
            log_.error(Http::methodString(request.method()), request.resource(), e.what());
            response = error_response(503, "Service Unavailable");
        } catch (const std::exception& e) {
            log_.error(Http::methodString(request.method()), request.resource(), e.what());
            response = error_response(500, "Internal Server Error");
        } catch (...) {
            log_.error(Http::methodString(request.method()), request.resource(),
                       "unknown exception");
            response = error_response(500, "Internal Server Error");
        }
    }

    // Every /api/v1 answer, errors included, as flask-cors does.
    if (is_cors_path(api_request.path)) add_cors_headers(api_request, response);
    add_no_store(api_request, response);

    auto& headers = writer.headers();
    headers.remove<Http::Header::Connection>();
    headers.add<Http::Header::Connection>(keep_alive ? Http::ConnectionControl::KeepAlive
                                                     : Http::ConnectionControl::Close);
    for (auto& [name, value] : response.headers) {
        headers.add(std::make_shared<NamedHeader>(std::move(name), std::move(value)));
    }
    const auto code = static_cast<Http::Code>(response.status);
    if (request.method() == Http::Method::Head) response.body.clear();
    std::shared_ptr<Tcp::Peer> peer;
    if (!keep_alive) {
        try {
            peer = writer.peer();
        } catch (const std::exception&) {
            // The client is already gone: nothing to close.
        }
    }
    auto written = response.json ? writer.send(code, response.body, MIME(Application, Json))
                                 : writer.send(code, response.body);
    if (peer) close_after(std::move(written), std::move(peer));

    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
    log_.request(Http::methodString(request.method()), request.resource(), response.status,
                 static_cast<long long>(micros));
    if (metrics_) {
        metrics_->observe_request(router_->route_index(api_request.path), response.status, micros);
    }
}

}  // namespace authapi
