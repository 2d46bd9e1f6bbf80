// The pieces of an order search every order job shares: the store's marketplaces and the dates
// an admin passes as --arg from=/to=.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/result.hpp"
#include "base/time.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace amzconn::plugin {

// The store's marketplaces: every search is limited to them, or orders of the seller's other
// marketplaces would land in this store.
std::vector<std::string> order_marketplace_ids(const config::StoreConfig& store);

// A job argument that is a date (2026-01-31, meaning its midnight UTC) or an RFC 3339 time;
// name is the argument's name for the message.
Result<time::Timestamp> parse_order_bound(std::string_view text, std::string_view name);

} // namespace amzconn::plugin
