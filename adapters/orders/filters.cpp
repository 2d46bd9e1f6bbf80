#include "orders/filters.hpp"

#include "base/marketplaces.hpp"

#include <algorithm>

namespace amzconn::orders {

using spapi::orders::Order;

std::string ship_to_country(const Order& order) {
    if (order.recipient && order.recipient->delivery_address &&
        order.recipient->delivery_address->country_code &&
        !order.recipient->delivery_address->country_code->empty()) {
        return *order.recipient->delivery_address->country_code;
    }
    if (const auto* m = amazon::find_marketplace(order.sales_channel.marketplace_id)) {
        return std::string(m->iso_country);
    }
    return {};
}

std::optional<FilterHit> country_filter(const Order& order, const FilterSettings& filters) {
    if (filters.countries.empty()) {
        return std::nullopt;
    }
    const std::string country = ship_to_country(order);
    // A list that starts with an exclusion excludes every code it names, as Order Desk reads
    // "-US,CA,MX" (all three excluded).
    const bool all_excluded = filters.countries.front().starts_with('-');
    bool has_includes = false;
    bool included = false;
    for (const auto& entry : filters.countries) {
        if (all_excluded || entry.starts_with('-')) {
            const std::string_view code = std::string_view(entry).substr(entry.starts_with('-'));
            if (code == country) {
                return FilterHit{"countries",
                                 "ship-to country " + country + " is excluded (filters.countries " +
                                     (entry.starts_with('-')
                                          ? "has " + entry
                                          : "starts with " + filters.countries.front() +
                                                ", so every code in it is excluded") +
                                     ")"};
            }
        } else {
            has_includes = true;
            included = included || entry == country;
        }
    }
    if (has_includes && !included) {
        return FilterHit{"countries", "ship-to country " +
                                          (country.empty() ? std::string("(unknown)") : country) +
                                          " is not in filters.countries"};
    }
    return std::nullopt;
}

namespace {

bool has_program(const Order& order, std::string_view program) {
    return std::find(order.programs.begin(), order.programs.end(), program) != order.programs.end();
}

} // namespace

std::optional<FilterHit> program_filter(const Order& order, const FilterSettings& filters) {
    for (auto program : filters.skip_programs) {
        std::string_view amazon;
        std::string_view name;
        bool hit = false;
        switch (program) {
        case OrderProgram::business:
            amazon = "AMAZON_BUSINESS";
            name = "business";
            break;
        case OrderProgram::prime:
            amazon = "PRIME";
            name = "prime";
            break;
        case OrderProgram::premium:
            amazon = "PREMIUM";
            name = "premium";
            break;
        case OrderProgram::ispu:
            amazon = "IN_STORE_PICK_UP";
            name = "ispu";
            break;
        case OrderProgram::replacement:
            name = "replacement";
            hit = std::any_of(
                order.associated_orders.begin(), order.associated_orders.end(),
                [](const auto& a) { return a.association_type == "REPLACEMENT_ORIGINAL_ID"; });
            break;
        }
        if (!amazon.empty()) {
            hit = has_program(order, amazon);
        }
        if (hit) {
            return FilterHit{"programs", "order program " + std::string(name) +
                                             " is skipped (filters.skip_programs)"};
        }
    }
    return std::nullopt;
}

std::optional<FilterHit> start_date_filter(const Order& order, const FilterSettings& filters) {
    if (!filters.start_date) {
        return std::nullopt;
    }
    auto start = time::parse_rfc3339(*filters.start_date + "T00:00:00Z");
    if (!start.ok()) {
        return std::nullopt; // the loader validated the date; nothing to compare against
    }
    if (order.created_time < *start) {
        return FilterHit{"start_date", "created " + time::format_rfc3339(order.created_time) +
                                           ", before filters.start_date " + *filters.start_date};
    }
    return std::nullopt;
}

std::optional<FilterHit>
inventory_location_filter(const Order& order,
                          const std::vector<std::optional<std::string>>& products,
                          const FilterSettings& filters, const HostView& host) {
    if (filters.inventory_locations.empty()) {
        return std::nullopt;
    }
    for (size_t i = 0; i < order.order_items.size(); ++i) {
        const auto& sku = order.order_items[i].product.seller_sku;
        const std::string label = sku ? "SKU '" + *sku + "'" : "item " + std::to_string(i);
        if (i >= products.size() || !products[i]) {
            return FilterHit{"inventory_locations", label +
                                                        " has no host product, so it is in none of "
                                                        "filters.inventory_locations"};
        }
        // An item is at a location when the host keeps it there (a stock level), sold out or not:
        // an order for the last units, or oversold, is still that location's to fulfil.
        bool located = false;
        for (const auto& location : filters.inventory_locations) {
            const auto it = host.stock.find(StockKeyLess::View{*products[i], location});
            located = located ||
                      (it != host.stock.end() && (it->second.kept || it->second.available > 0));
        }
        if (!located) {
            return FilterHit{"inventory_locations",
                             label + " has no stock level in any of filters.inventory_locations"};
        }
    }
    return std::nullopt;
}

} // namespace amzconn::orders
