#include "orders/order_query.hpp"

namespace amzconn::plugin {

Result<time::Timestamp> parse_order_bound(std::string_view text, std::string_view name) {
    std::string value(text);
    if (value.size() == 10) {
        value += "T00:00:00Z";
    }
    auto parsed = time::parse_rfc3339(value);
    if (!parsed) {
        return Error{Status::bad_input, "--arg " + std::string(name) + "=" + std::string(text) +
                                            ": expected a date (2026-01-31) or an RFC 3339 time"};
    }
    return *parsed;
}

} // namespace amzconn::plugin
