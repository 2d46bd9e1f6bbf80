// Text forms of time used on the command line: durations ("90s", "2h", "7d") and RFC 3339 UTC
// instants ("2026-01-01T00:00:00Z").
#pragma once

#include "amzconn/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace amzconn::refhost {

// "1500ms", "90s", "30m", "2h", "7d" (also combined: "1h30m") -> milliseconds.
Result<int64_t> parse_duration_ms(std::string_view text);

// "2026-01-01T00:00:00Z", optional fraction, "Z" or "+hh:mm" offset -> ms since the epoch.
Result<int64_t> parse_rfc3339_ms(std::string_view text);

// ms since the epoch -> "2026-01-01T00:00:00Z" (with ".mmm" when not a whole second).
std::string format_rfc3339(int64_t epoch_ms);

} // namespace amzconn::refhost
