#pragma once

namespace authapi {

// LOG_FORMAT: how the access log writes its lines.
enum class LogFormat { Text, Json };

}  // namespace authapi
