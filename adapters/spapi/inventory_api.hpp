// FBA Inventory v1: getInventorySummaries for one marketplace, all pages.
#pragma once

#include "base/time.hpp"
#include "client.hpp"

#include <optional>
#include <string>
#include <vector>

namespace amzconn::spapi::inventory {

struct InventorySummary {
    std::optional<std::string> asin, fn_sku, seller_sku, condition, product_name;
    std::optional<int64_t> fulfillable_quantity; // only with details=true
    std::optional<int64_t> total_quantity;
    std::optional<time::Timestamp> last_updated_time;
};

struct InventoryPage {
    std::vector<InventorySummary> summaries;
    std::optional<std::string> next_token; // expires after 30 s
};

ApiResult<InventoryPage> parse_inventory_page(std::string_view body, std::string_view rid);

// Walks every page (the token is used at once: it expires after 30 s).
ApiResult<std::vector<InventorySummary>>
get_inventory_summaries(SpApiClient& client, const std::string& marketplace_id, bool details,
                        const std::vector<std::string>& seller_skus = {});

} // namespace amzconn::spapi::inventory
