// The metadata every imported order carries: Amazon order id, store, marketplace, fulfilment
// channel (AFN/MFN), programs, ship-by and deliver-by windows, buyer purchase order number.
#pragma once

#include "orders/settings.hpp"
#include "spapi/order_types.hpp"

#include <map>
#include <string>

namespace amzconn::orders {

std::map<std::string, std::string> order_metadata(const spapi::orders::Order& order,
                                                  const OrderSettings& store);

} // namespace amzconn::orders
