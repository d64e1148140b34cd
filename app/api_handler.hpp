#pragma once

#include <pistache/http.h>

#include <memory>

#include "access_log.hpp"
#include "api_router.hpp"
#include "metrics.hpp"
#include "request_tracker.hpp"

namespace authapi {

// The only place where a Pistache request becomes an ApiRequest and an
// ApiResponse becomes bytes. Every request is answered, whatever is thrown,
// and logged as one line: method, path, status, microseconds.
class ApiHandler final : public Pistache::Http::Handler {
public:
    HTTP_PROTOTYPE(ApiHandler)

    // `metrics` may be null.
    ApiHandler(std::shared_ptr<const ApiRouter> router, std::shared_ptr<RequestTracker> tracker,
               AccessLog log = AccessLog(), Metrics* metrics = nullptr);

    void onRequest(const Pistache::Http::Request& request,
                   Pistache::Http::ResponseWriter writer) override;

private:
    std::shared_ptr<const ApiRouter> router_;
    std::shared_ptr<RequestTracker> tracker_;
    AccessLog log_;
    Metrics* metrics_;
};

}  // namespace authapi
