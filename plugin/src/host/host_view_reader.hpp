// Reads from the host exactly what the order rules need for one Amazon order (its products, the
// buyer's customer, stock and batches in the channel's warehouse, the host order if it exists),
// so the rules themselves stay pure.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"
#include "orders/host_view.hpp"
#include "spapi/order_types.hpp"

#include <boost/json/object.hpp>
#include <optional>
#include <string>

namespace amzconn::plugin {

Result<orders::HostView> read_host_view(HostServices& host, const config::StoreConfig& store,
                                        const spapi::orders::Order& order,
                                        std::string_view idempotency_key);

// The one host document of a kind whose field equals value, or nullopt.
Result<std::optional<std::string>> find_one(HostServices& host, std::string_view kind,
                                            std::string_view field, std::string_view value);
// The same as a tree, without the "id" the host adds to what it returns: the document as the
// plugin writes it back.
Result<std::optional<boost::json::object>> find_doc(HostServices& host, std::string_view kind,
                                                    std::string_view field, std::string_view value);

} // namespace amzconn::plugin
