// RFC 3339 timestamps as Amazon sends them (including its variants: hour-only offsets such as
// "-07" and a comma as the decimal mark), held as UTC milliseconds; formatted back with 'Z' only.
#pragma once

#include "amzconn/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace amzconn::time {

// Milliseconds since 1970-01-01T00:00:00Z (negative before). Sub-millisecond digits are dropped.
struct Timestamp {
    int64_t unix_ms = 0;
    auto operator<=>(const Timestamp&) const = default;
};

// Strict: YYYY-MM-DD'T'hh:mm:ss[(.|,)fraction](Z|+hh|+hh:mm|+hhmm). 't' and 'z' are accepted in
// lower case (RFC 3339 §5.6). Rejects a missing offset, impossible dates (2024-02-30), 24:00:00,
// leap seconds (23:59:60: Amazon never sends them and the host cannot store them), offsets beyond
// 23:59, and years outside 0001-9999.
Result<Timestamp> parse_rfc3339(std::string_view text);

// "2024-12-24T14:20:00Z", or with ".123" when the milliseconds are not zero.
std::string format_rfc3339(Timestamp ts);

// The days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
void civil_from_days(int64_t days, int64_t& year, unsigned& month, unsigned& day);

} // namespace amzconn::time
