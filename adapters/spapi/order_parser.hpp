// Strict parsing of Orders 2026-01-01 JSON into order_types.hpp. A bad order is reported with
// its field path; the page parser keeps going with the other orders (design rule 6).
#pragma once

#include "api_error.hpp"
#include "json_reader.hpp"
#include "order_types.hpp"

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::spapi::orders {

// Parses one order object; on failure the reader holds the error (path under `path`).
std::optional<Order> parse_order(const boost::json::value& v, std::string_view path,
                                 JsonReader& reader);

struct RejectedOrder {
    std::string order_id; // "" when even the id was unreadable (missing, not a string, empty,
                          // over 64 bytes, holds NUL, or the order is not an object)
    size_t position = 0;  // index in the page's orders array
    ApiError error;       // kind data; the field path in the message, the page's request id
};

struct SearchOrdersPage {
    std::vector<Order> orders;
    std::vector<RejectedOrder> rejected;
    std::optional<std::string> next_token; // absent or "" -> last page
    std::optional<time::Timestamp> last_updated_before;
    std::optional<time::Timestamp> created_before;
    std::string request_id;
};

// The body of searchOrders. Fails (data) when the page itself is malformed: orders missing or
// not an array, more than 100 orders, bad pagination. A clean page is read in one streaming pass
// (order_stream.hpp); any other goes to the tree parser below, which names each problem's path.
ApiResult<SearchOrdersPage> parse_search_orders(std::string_view body, std::string_view request_id);

// The same from the page's tree: the reference for the streaming pass, and the parser of every
// page that pass does not take.
ApiResult<SearchOrdersPage> parse_search_orders_tree(std::string_view body,
                                                     std::string_view request_id);

// The body of getOrder ({"order": {...}}).
ApiResult<Order> parse_get_order(std::string_view body, std::string_view request_id);

} // namespace amzconn::spapi::orders
