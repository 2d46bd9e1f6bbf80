// Small JSON builders shared by the order documents: an Amazon address as an entity address.
#pragma once

#include "spapi/order_types.hpp"

#include <boost/json/object.hpp>

namespace amzconn::orders {

// Entity address: country_code required; name, company, line1-3, city, region, postal_code,
// phone where Amazon sent them. Allocated from `storage` (default: the heap).
boost::json::object address_json(const spapi::orders::Address& address,
                                 boost::json::storage_ptr storage = {});

} // namespace amzconn::orders
