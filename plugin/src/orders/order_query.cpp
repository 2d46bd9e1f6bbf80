#include "orders/order_query.hpp"

#include "engine/durations.hpp"

namespace amzconn::plugin {

namespace {

bool date_only(std::string_view text) {
    return text.size() == 10;
}

} // namespace

Result<time::Timestamp> parse_order_bound(std::string_view text, std::string_view name) {
    std::string value(text);
    if (date_only(value)) {
        value += "T00:00:00Z";
    }
    auto parsed = time::parse_rfc3339(value);
    if (!parsed) {
        return Error{Status::bad_input, "--arg " + std::string(name) + "=" + std::string(text) +
                                            ": expected a date (2026-01-31) or an RFC 3339 time"};
    }
    return *parsed;
}

Result<std::optional<time::Timestamp>> parse_window_end(std::string_view text, int64_t now_ms) {
    TRY_ASSIGN(auto end, parse_order_bound(text, "to"));
    if (date_only(text)) {
        end.unix_ms += k_day_ms; // the whole day: up to the next midnight, exclusive
    }
    if (end.unix_ms > now_ms - k_window_end_margin_ms) {
        return std::optional<time::Timestamp>{};
    }
    return std::optional<time::Timestamp>{end};
}

std::string window_text(time::Timestamp from, const std::optional<time::Timestamp>& to) {
    return "orders created from " + time::format_rfc3339(from) + " to " +
           (to ? time::format_rfc3339(*to) + " (exclusive)" : std::string("Amazon's now"));
}

} // namespace amzconn::plugin
