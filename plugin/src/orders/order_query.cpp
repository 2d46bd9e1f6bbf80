#include "orders/order_query.hpp"

namespace amzconn::plugin {

std::vector<std::string> order_marketplace_ids(const config::StoreConfig& store) {
    std::vector<std::string> ids;
    if (store.marketplaces.primary) {
        ids.emplace_back(store.marketplaces.primary->id);
    }
    for (const auto* marketplace : store.marketplaces.further) {
        ids.emplace_back(marketplace->id);
    }
    return ids;
}

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
