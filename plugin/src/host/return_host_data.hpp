// What the returns import reads of the host: the imported sales order an Amazon order became (its
// idempotency key, and the product code each of its lines carries per Seller SKU).
#pragma once

#include "amzconn/host_services.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace amzconn::plugin {

struct ImportedOrder {
    std::string key;                               // the sales order's idempotency_key
    std::map<std::string, std::string> product_of; // Seller SKU -> host product code
};

// The store's sales order whose reference is the Amazon order id; nullopt when the host has none.
Result<std::optional<ImportedOrder>> find_imported_order(HostServices& host, std::string_view store,
                                                         std::string_view amazon_order_id);

} // namespace amzconn::plugin
