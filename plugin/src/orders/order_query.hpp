// The creation-time windows an admin passes to the order jobs as --arg from=/to=.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/result.hpp"
#include "base/time.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::plugin {

// Amazon refuses a createdBefore within two minutes of its now, and the clocks may differ: a
// window end closer than this to the host's now is left open (Amazon bounds it).
inline constexpr int64_t k_window_end_margin_ms = 10 * 60 * 1000;

// --arg from=: a date (2026-01-31, meaning its midnight UTC) or an RFC 3339 time; name is the
// argument's name for the message.
Result<time::Timestamp> parse_order_bound(std::string_view text, std::string_view name);

// --arg to=: a date covers that whole day (the window ends at the next midnight UTC, exclusive);
// an RFC 3339 time ends the window there. nullopt: the end is not yet behind Amazon's now, so the
// window is open (up to Amazon's now).
Result<std::optional<time::Timestamp>> parse_window_end(std::string_view text, int64_t now_ms);

// "orders created from 2026-01-25T00:00:00Z to 2026-01-27T00:00:00Z (exclusive)", or "... to
// Amazon's now" for an open end: what a report states as the window it used.
std::string window_text(time::Timestamp from, const std::optional<time::Timestamp>& to);

} // namespace amzconn::plugin
