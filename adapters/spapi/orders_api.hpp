// Orders operations: searchOrders (2026-01-01) with a safe auto-pagination walk, getOrder
// (2026-01-01) and confirmShipment (v0, the only write; never blindly re-posted).
#pragma once

#include "client.hpp"
#include "order_parser.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::spapi::orders {

struct SearchOrdersQuery {
    // Exactly one of created_after / last_updated_after.
    std::optional<time::Timestamp> created_after, created_before;
    std::optional<time::Timestamp> last_updated_after, last_updated_before;
    std::vector<std::string> fulfillment_statuses;
    std::vector<std::string> marketplace_ids; // at most 50
    std::vector<std::string> fulfilled_by;    // MERCHANT | AMAZON
    std::vector<std::string> included_data;   // BUYER, RECIPIENT, PROCEEDS, ...
    int max_results_per_page = 100;
};

// The query parameters, in a fixed order, without the pagination token. Every page of a walk
// sends exactly these plus paginationToken.
Result<QueryParams> search_orders_params(const SearchOrdersQuery& query);

enum class WalkEnd { complete, stopped, repeated_token, page_limit };
std::string_view to_string(WalkEnd end);

struct WalkSummary {
    int pages = 0;
    size_t orders = 0;
    size_t rejected = 0;
    WalkEnd end = WalkEnd::complete;
    // Server bounds of the first page (the cursor comes from these, not from the local clock).
    std::optional<time::Timestamp> last_updated_before;
    std::optional<time::Timestamp> created_before;
};

// Called once per page, in order. Return false to stop the walk (e.g. the host commit failed);
// the walk then ends with WalkEnd::stopped. The caller commits a page before returning true.
using PageHandler = std::function<bool(const SearchOrdersPage&)>;

// Walks every page. A repeated token (A -> B -> A) or more than options().max_pages pages stops
// the walk with a log line instead of looping. A token Amazon refuses (400) ends the walk with
// that error: restart from the persisted cursor, never from the token.
ApiResult<WalkSummary> search_orders(SpApiClient& client, const SearchOrdersQuery& query,
                                     const PageHandler& on_page);

// One page (for callers who drive pagination themselves).
ApiResult<SearchOrdersPage> search_orders_page(SpApiClient& client, const QueryParams& params,
                                               const std::optional<std::string>& token);

// One page of a walk as search_orders reads it: a page over the client's size limit is read
// again without optional data for its order ids, then order by order with getOrder; an order
// too large even for getOrder comes back in `rejected` with its id (the walk never stalls on it).
ApiResult<SearchOrdersPage> search_orders_page_whole(SpApiClient& client,
                                                     const SearchOrdersQuery& query,
                                                     const QueryParams& params,
                                                     const std::optional<std::string>& token);

ApiResult<Order> get_order(SpApiClient& client, std::string_view order_id,
                           const std::vector<std::string>& included_data);

struct ConfirmItem {
    std::string order_item_id;
    int64_t quantity = 0;
    std::vector<std::string> transparency_codes;
};

struct ConfirmShipmentRequest {
    std::string order_id;
    std::string marketplace_id;
    std::string package_reference_id; // numeric text, unique per order
    std::string carrier_code;         // Amazon's code, or "Other" with carrier_name
    std::string carrier_name;
    std::string shipping_method;
    std::string tracking_number;
    time::Timestamp ship_date;
    std::string ship_from_supply_source_id;
    std::vector<ConfirmItem> items;
};

enum class ConfirmOutcome {
    confirmed, // 204
    ambiguous, // the request may have been applied: re-read the order (getOrder packages) first
};

struct ConfirmResult {
    ConfirmOutcome outcome = ConfirmOutcome::confirmed;
    std::string request_id;
    std::string detail; // for ambiguous: what happened
};

// Builds the JSON body (exposed for tests).
Result<std::string> confirm_shipment_body(const ConfirmShipmentRequest& request);

// POST /orders/v0/orders/{orderId}/shipmentConfirmation. Not repeated after a failure that may
// have reached Amazon: that comes back as ConfirmOutcome::ambiguous, and the caller re-reads the
// order before deciding to send again. Definite refusals come back as errors.
ApiResult<ConfirmResult> confirm_shipment(SpApiClient& client,
                                          const ConfirmShipmentRequest& request);

} // namespace amzconn::spapi::orders
