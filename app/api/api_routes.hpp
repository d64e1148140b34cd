#pragma once

#include <memory>

#include "api_router.hpp"
#include "api_services.hpp"

namespace authapi {

// Every route of the API, declared in one place.
std::shared_ptr<const ApiRouter> make_api_router(const ApiServices& services);

}  // namespace authapi
