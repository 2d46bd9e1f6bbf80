// The host order an outbound event (order_shipped, order_cancelled) names, as the idempotency key
// the order import gave it, whichever way the host wrote it.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"

#include <string>
#include <string_view>

namespace amzconn::plugin {

// "<store alias>:<Amazon order id>" as given (its store must be installed), else the one host
// order whose reference is the Amazon order id, else, with a single store, that store's key.
// Errors start with `event`, the event's name, and say what to give instead.
Result<std::string> resolve_order_key(HostServices& host, const config::Config& config,
                                      const std::string& order, std::string_view event);

} // namespace amzconn::plugin
