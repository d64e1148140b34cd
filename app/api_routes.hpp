#pragma once

#include <memory>

#include "api_router.hpp"
#include "service_container.hpp"

namespace authapi {

// Every route of the API, declared in one place.
std::shared_ptr<const ApiRouter> make_api_router(ServiceContainer& services);

}  // namespace authapi
