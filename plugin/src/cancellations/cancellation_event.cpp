#include "cancellations/cancellation_event.hpp"

#include "cancellations/cancel_reasons.hpp"
#include "cancellations/cancellation_settings.hpp"
#include "connector/installed_stores.hpp"
#include "host/cancellation_host_data.hpp"
#include "host/host_json.hpp"
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

// The order's idempotency key: as given when it names a store, else found by Amazon order id.
Result<std::string> order_key_of(HostServices& host, const config::Config& config,
                                 const std::string& order) {
    if (const auto alias = store_of_order_key(order); !alias.empty()) {
        if (find_store(config, alias) != nullptr) {
            return order;
        }
        return Error{Status::not_found, "order_cancelled: no installed store '" + alias +
                                            "' (the order is <store alias>:<Amazon order id>)"};
    }
    TRY_ASSIGN(const auto found,
               query_entities(host, "sales_order", {{"reference", order}, {"limit", 2}}));
    if (found.size() == 1 && found.front().is_object()) {
        return text_field(found.front().as_object(), "idempotency_key");
    }
    if (found.empty() && config.stores.size() == 1) {
        return config.stores.front().alias + ":" + order;
    }
    return bad("order '" + order + "' does not name its store: give <store alias>:" + order);
}

} // namespace

Result<json::object> cancellation_from_event(HostServices& host, const config::Config& config,
                                             const json::object& event) {
    const auto order = text_field(event, "order");
    if (order.empty()) {
        return bad("order is required");
    }
    TRY_ASSIGN(const auto key, order_key_of(host, config, order));
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
