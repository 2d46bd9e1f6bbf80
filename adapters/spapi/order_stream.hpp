// The fast path of parse_search_orders: one pass over the page's bytes (Boost.JSON's
// basic_parser, no tree) straight into the typed orders, with the tree parser's checks. It takes
// only pages the tree parser reads without a single problem; anything else (a bad field, a bad
// order, a duplicate key, bad JSON) gives nullopt and the caller parses the page as a tree, which
// reports it with its path exactly as before.
#pragma once

#include "order_parser.hpp"

#include <optional>
#include <string_view>

namespace amzconn::spapi::orders {

std::optional<SearchOrdersPage> stream_search_orders(std::string_view body,
                                                     std::string_view request_id);

} // namespace amzconn::spapi::orders
