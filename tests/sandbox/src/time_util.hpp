// RFC 3339 / HTTP-date formatting and parsing on integer milliseconds since the Unix epoch (UTC).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace amzconn::sandbox {

using Millis = std::int64_t;

constexpr Millis k_second = 1000;
constexpr Millis k_minute = 60 * k_second;
constexpr Millis k_hour = 60 * k_minute;
constexpr Millis k_day = 24 * k_hour;

// "2026-01-01T00:00:00Z" (whole seconds, like Amazon's examples).
std::string format_rfc3339(Millis t);
// "Thu, 01 Jan 2026 00:00:00 GMT" (RFC 7231 IMF-fixdate, for the Date header).
std::string format_http_date(Millis t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)".
std::optional<Millis> parse_rfc3339(std::string_view text);

} // namespace amzconn::sandbox
