// What the order pages read from the host: its sales orders (and the shipments, cancellations and
// failed-order entries beside them) as the documents of sdk/docs/entities.md, with their host id.
// Only the host's own data: no page here calls the connector to read an order.
#pragma once

#include "sqlite_host.hpp"

#include <boost/json/object.hpp>
#include <string>
#include <vector>

namespace amzconn::refhost::console {

// Every KIND document matching `filter` (entity_query's field equalities), each with "id".
Result<std::vector<boost::json::object>> host_entities(SqliteHost& host, std::string_view kind,
                                                       const boost::json::object& filter = {});

// The sales order whose idempotency key is `key`, or nullopt.
Result<std::optional<boost::json::object>> host_order(SqliteHost& host, std::string_view key);

// A metadata value of a sales order as text ("" when absent).
std::string order_meta(const boost::json::object& order, std::string_view key);

// "FBA" for an Amazon-fulfilled order (metadata amazon_fulfillment_channel AFN), else "FBM".
std::string fulfilment_of(const boost::json::object& order);

// The Amazon order id of a sales order: its reference, else what follows "<store>:" in its key.
std::string amazon_order_id(const boost::json::object& order);

} // namespace amzconn::refhost::console
