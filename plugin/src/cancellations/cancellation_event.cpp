#include "cancellations/cancellation_event.hpp"

#include "cancellations/cancel_reasons.hpp"
#include "cancellations/cancellation_settings.hpp"
#include "connector/installed_stores.hpp"
#include "host/cancellation_host_data.hpp"
#include "host/host_json.hpp"
#include "host/order_key.hpp"
#include "host/shipment_host_data.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr std::string_view k_shape =
    "{\"kind\":\"order_cancelled\",\"order\":\"<store>:<Amazon order id>\",\"reason\":"
    "\"NoInventory\",\"lines\":[{\"sku\":\"SKU\",\"quantity\":1}]} (reason and lines optional: "
    "the store's cancellations.default_reason, the whole order)";

Error bad(std::string what) {
    return Error{Status::bad_input,
                 "order_cancelled: " + what + "; the event is " + std::string(k_shape)};
}

} // namespace

Result<json::object> cancellation_from_event(HostServices& host, const config::Config& config,
                                             const json::object& event) {
    const auto order = text_field(event, "order");
    if (order.empty()) {
        return bad("order is required");
    }
    TRY_ASSIGN(const auto key, resolve_order_key(host, config, order, "order_cancelled"));
    const auto alias = store_of_order_key(key);
    auto reason = text_field(event, "reason");
    if (reason.empty()) {
        reason = cancellation_settings(*find_store(config, alias)).default_reason;
    } else if (auto problem = cancellations::reason_problem(reason)) {
        return Error{Status::bad_input, "order_cancelled: " + *problem + "; nothing was recorded"};
    }
    json::object doc{
        {"order", key}, {"store", alias}, {"reference", key.substr(key.find(':') + 1)}};
    if (const auto* at = event.if_contains("cancelled_at"); at && at->is_string()) {
        doc["cancelled_at"] = at->as_string();
    } else {
        doc["cancelled_at"] = time::format_rfc3339({host.now_ms()});
    }
    doc["reason"] = reason;
    if (const auto* lines = event.if_contains("lines")) {
        if (!lines->is_array()) {
            return bad("lines must be an array");
        }
        doc["lines"] = *lines;
    }
    TRY(parse_cancellation(doc)); // what the engine needs of it, checked before it is recorded
    return doc;
}

} // namespace amzconn::plugin
