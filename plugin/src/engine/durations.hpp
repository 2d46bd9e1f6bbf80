// Durations the engines share, in milliseconds of the host's clock, so that every engine that
// follows an Amazon report waits and reuses alike.
#pragma once

#include <cstdint>

namespace amzconn::plugin {

inline constexpr int64_t k_day_ms = 24LL * 60 * 60 * 1000;

// A job follows a requested report for about a minute (polls x interval); a report requested
// less than an hour ago is followed again rather than requested anew (older data is stale).
inline constexpr int k_report_polls = 12;
inline constexpr int64_t k_report_poll_ms = 5000;
inline constexpr int64_t k_report_reuse_ms = 3600LL * 1000;

} // namespace amzconn::plugin
