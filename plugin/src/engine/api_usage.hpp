// The SP-API calls of one job or event, added to the host's hourly record of a store's calls per
// operation, with the documented usage plan each operation is paced to. Host state namespace
// `api_usage`, key `<alias>/<hour start, ms since the epoch>`, value
// {"store", "hour_ms", "calls": {op: n}, "plans": {op: {"rate_per_s", "burst"}}}; records older
// than 7 days are deleted when a store's new hour begins. The reference host's console charts them.
#pragma once

#include "amzconn/host_services.hpp"

#include <map>
#include <string>
#include <string_view>

namespace amzconn::plugin {

inline constexpr std::string_view k_api_usage_ns = "api_usage";

// Adds `calls` (requests sent per operation) to the store's record of the current hour
// (compare-and-set, so concurrent jobs lose no count). Nothing is written when there were none.
Outcome record_api_calls(HostServices& host, std::string_view alias,
                         const std::map<std::string, int64_t>& calls);

} // namespace amzconn::plugin
