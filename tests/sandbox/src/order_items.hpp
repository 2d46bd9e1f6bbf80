// Item quantities of an Orders 2026-01-01 document (ordered, shipped, still to ship; the rest was
// cancelled) and the order status they imply; shared by confirmShipment, the acknowledgement feed
// and the control API's state.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace amzconn::sandbox {

struct ItemQuantities {
    std::int64_t ordered = 0;
    std::int64_t shipped = 0;
    std::int64_t unshipped = 0;
    std::int64_t cancelled() const { return ordered - shipped - unshipped; }
};

// Missing fulfillment counts as nothing shipped, and everything unshipped unless the item's
// cancellation was executed (a buyer's request alone cancels nothing).
ItemQuantities item_quantities(const boost::json::object& item);
void set_item_quantities(boost::json::object& item, std::int64_t shipped, std::int64_t unshipped);
boost::json::object* find_item(boost::json::object& order, std::string_view item_id);
// CANCELLED when nothing is left and nothing shipped, SHIPPED when nothing is left,
// PARTIALLY_SHIPPED when some shipped, else `current` (PENDING/UNSHIPPED stay as they are).
std::string derived_status(const boost::json::object& order, std::string_view current);

} // namespace amzconn::sandbox
