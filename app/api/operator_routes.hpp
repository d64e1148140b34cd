#pragma once

#include "api_router.hpp"
#include "api_services.hpp"

namespace authapi {

// The routes for whoever runs the service rather than for its users:
// GET /api/v1/health (the database answers) and GET /api/v1/metrics
// (Prometheus text, behind METRICS_TOKEN when set). Both are open to the
// auth gate (their routes say Access::Open).
void add_operator_routes(ApiRouter& router, const ApiServices& services);

}  // namespace authapi
