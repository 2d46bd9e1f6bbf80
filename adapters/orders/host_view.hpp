// What the order rules need to know about the host, as plain data the plugin reads before it
// calls map_order (the rules themselves never call the host).
#pragma once

#include "base/money.hpp"
#include "base/time.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amzconn::orders {

enum class Tracking { none, batch, serial };

struct HostProduct {
    std::string code;
    Tracking tracking = Tracking::none;
    // Percent, e.g. 20. Used for VAT-inclusive marketplaces when Amazon sends no tax amount.
    std::optional<money::Decimal> tax_rate;
};

struct BatchLot {
    std::string batch;
    int64_t quantity = 0;
    std::optional<time::Timestamp> date; // received or expiry: the older goes first
};

struct SerialUnit {
    std::string serial;
    std::optional<time::Timestamp> date;
};

// One product in one warehouse (or inventory location).
struct WarehouseStock {
    int64_t available = 0; // on hand - allocated
    bool kept = false;     // the host has a stock level for it there, whatever its quantity
    std::vector<BatchLot> batches;
    std::vector<SerialUnit> serials;
};

using StockKey = std::pair<std::string, std::string>; // (product code, warehouse code)

// Orders StockKeys as std::less does, and finds one by a pair of views: a look-up copies no code.
struct StockKeyLess {
    using is_transparent = void;
    using View = std::pair<std::string_view, std::string_view>;
    static View view(const StockKey& k) { return {k.first, k.second}; }
    static const View& view(const View& k) { return k; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
        return view(a) < view(b);
    }
};

struct HostView {
    // Host products by identification key: the cropped Seller SKU (as held in the configured
    // attribute, or the product code) or the ASIN. lookup_keys() lists the keys an order needs.
    std::map<std::string, HostProduct, std::less<>> products;
    // Existing customers by Amazon's anonymized buyer e-mail.
    std::map<std::string, std::string, std::less<>> customers_by_email;
    // The configured single customers (orders.<channel>.customer.code) the host holds; an order
    // for one that is missing is parked with what to create.
    std::set<std::string, std::less<>> single_customers;
    std::map<StockKey, WarehouseStock, StockKeyLess> stock;
    // The host's default warehouse, used when the channel maps none.
    std::optional<std::string> default_warehouse;
    // Status of the host order that already carries this order's idempotency key, if any
    // (parked, placed, backordered, completed, shipped, cancelled).
    std::optional<std::string> existing_status;
};

} // namespace amzconn::orders
