// Order filters from the store config: ship-to countries with exclusions ("US,CA" includes,
// "-US" excludes), inventory locations, order programs and the start date.
#pragma once

#include "orders/host_view.hpp"
#include "orders/settings.hpp"
#include "spapi/order_types.hpp"

#include <optional>
#include <string>
#include <vector>

namespace amzconn::orders {

struct FilterHit {
    std::string filter; // countries | inventory_locations | programs | start_date
    std::string reason;
};

// The ship-to country, or the marketplace's country when Amazon withholds the address.
std::string ship_to_country(const spapi::orders::Order& order);

std::optional<FilterHit> country_filter(const spapi::orders::Order& order,
                                        const FilterSettings& filters);
std::optional<FilterHit> program_filter(const spapi::orders::Order& order,
                                        const FilterSettings& filters);
std::optional<FilterHit> start_date_filter(const spapi::orders::Order& order,
                                           const FilterSettings& filters);
// `products[i]` is the host product code of order item i (nullopt when unknown). Every item
// must be available in one of the listed locations.
std::optional<FilterHit>
inventory_location_filter(const spapi::orders::Order& order,
                          const std::vector<std::optional<std::string>>& products,
                          const FilterSettings& filters, const HostView& host);

} // namespace amzconn::orders
