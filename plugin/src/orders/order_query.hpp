// The dates an admin passes to the order jobs as --arg from=/to=.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/result.hpp"
#include "base/time.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace amzconn::plugin {

// A job argument that is a date (2026-01-31, meaning its midnight UTC) or an RFC 3339 time;
// name is the argument's name for the message.
Result<time::Timestamp> parse_order_bound(std::string_view text, std::string_view name);

} // namespace amzconn::plugin
