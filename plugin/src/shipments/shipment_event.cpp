#include "shipments/shipment_event.hpp"

#include "host/host_json.hpp"
#include "host/order_key.hpp"
#include "host/shipment_host_data.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr std::string_view k_shape =
    "{\"kind\":\"order_shipped\",\"order\":\"<store>:<Amazon order id>\",\"tracking\":\"T\","
    "\"carrier\":\"C\",\"service\":\"S\",\"shipped_at\":\"RFC 3339\","
    "\"lines\":[{\"sku\":\"SKU\",\"quantity\":1}]} (carrier, service, shipped_at and lines "
    "optional)";

Error bad(std::string what) {
    return Error{Status::bad_input,
                 "order_shipped: " + what + "; the event is " + std::string(k_shape)};
}

} // namespace

Result<json::object> shipment_from_event(HostServices& host, const config::Config& config,
                                         const json::object& event) {
    const auto order = text_field(event, "order");
    const auto tracking = text_field(event, "tracking");
    if (order.empty() || tracking.empty()) {
        return bad("order and tracking are required");
    }
    TRY_ASSIGN(const auto key, resolve_order_key(host, config, order, "order_shipped"));
    json::object doc{{"order", key},
                     {"store", store_of_order_key(key)},
                     {"reference", key.substr(key.find(':') + 1)}};
    if (const auto* at = event.if_contains("shipped_at"); at && at->is_string()) {
        doc["shipped_at"] = at->as_string();
    } else {
        doc["shipped_at"] = time::format_rfc3339({host.now_ms()});
    }
    for (const auto* field : {"carrier", "service"}) {
        if (auto value = text_field(event, field); !value.empty()) {
            doc[field] = value;
        }
    }
    doc["tracking"] = tracking;
    if (const auto* lines = event.if_contains("lines")) {
        if (!lines->is_array()) {
            return bad("lines must be an array");
        }
        doc["lines"] = *lines;
    }
    TRY(parse_shipment(doc)); // what the engine needs of it, checked before it is recorded
    return doc;
}

} // namespace amzconn::plugin
