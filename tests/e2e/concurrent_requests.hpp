#pragma once

#include <functional>
#include <vector>

#include "http_client.hpp"

namespace authapi::e2e {

// Starts `count` threads that each run `request(i)` once, as close to the
// same moment as threads allow, and returns the answers in order. A request
// that throws gets a Response with status 0 and the error as its body.
std::vector<Response> all_at_once(int count, const std::function<Response(int)>& request);

// How many of `responses` have `status`.
int count_status(const std::vector<Response>& responses, int status);

}  // namespace authapi::e2e
