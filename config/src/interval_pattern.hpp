// A regular expression that matches exactly the intervals (90s, 30m, 1h, 7d: 1 to 9 digits, no
// leading zero, one unit) from min_s to max_s seconds, so the JSON Schema refuses what `validate`
// refuses (schedules.orders: 1m) without numeric comparison.
#pragma once

#include <cstdint>
#include <string>

namespace amzconn::config::detail {

// The alternatives without anchors or group, e.g. "(?:[3-9]|[1-9][0-9]|...)m|..."; "" when no
// interval lies in the range.
std::string interval_alternatives(std::int64_t min_s, std::int64_t max_s);

// Digits of the decimal numbers lo..hi (1 <= lo <= hi), as one alternation.
std::string number_range_pattern(std::int64_t lo, std::int64_t hi);

} // namespace amzconn::config::detail
