// The host sales_order document of one imported order, built as a tree from what the rules
// decided (products, money, warehouse, customer, status, lot assignments).
#pragma once

#include "orders/fulfilment.hpp"
#include "orders/order_money.hpp"
#include "orders/products.hpp"
#include "orders/settings.hpp"
#include "spapi/order_types.hpp"

#include <boost/json/object.hpp>
#include <string>
#include <vector>

namespace amzconn::orders {

struct SalesOrderParts {
    const spapi::orders::Order& order;
    const OrderSettings& store;
    const ChannelSettings& channel;
    const Resolution& resolution;
    const MoneyPlan& money;
    const std::vector<std::vector<Assignment>>& assignments; // per priced line
    std::string idempotency_key;
    bool consolidated = false; // the day's order: lines and charges name their Amazon order
    std::string customer;      // host customer code
    std::string status;        // host status
    std::string warehouse;
    // Where the document's nodes are allocated (default: the heap).
    boost::json::storage_ptr storage = {};
};

boost::json::object sales_order_doc(const SalesOrderParts& parts);

} // namespace amzconn::orders
