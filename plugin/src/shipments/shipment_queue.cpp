#include "shipments/shipment_queue.hpp"

#include "engine/store_registry.hpp"
#include "host/host_json.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr std::string_view k_prefix = "shipments/";

std::string queue_key(std::string_view order_key) {
    return std::string(k_prefix) + std::string(order_key);
}

json::object plan_json(const shipments::PackagePlan& p) {
    json::array items;
    for (const auto& item : p.items) {
        items.push_back(json::object{{"id", item.order_item_id}, {"quantity", item.quantity}});
    }
    return json::object{{"amazon_order_id", p.amazon_order_id},
                        {"marketplace_id", p.marketplace_id},
                        {"package_reference_id", p.package_reference_id},
                        {"carrier_code", p.carrier_code},
                        {"carrier_name", p.carrier_name},
                        {"shipping_method", p.shipping_method},
                        {"tracking_number", p.tracking_number},
                        {"ship_date", time::format_rfc3339(p.ship_date)},
                        {"supply_source_id", p.supply_source_id},
                        {"items", std::move(items)}};
}

shipments::PackagePlan plan_of(const json::object& o) {
    shipments::PackagePlan p;
    p.amazon_order_id = text_field(o, "amazon_order_id");
    p.marketplace_id = text_field(o, "marketplace_id");
    p.package_reference_id = text_field(o, "package_reference_id");
    p.carrier_code = text_field(o, "carrier_code");
    p.carrier_name = text_field(o, "carrier_name");
    p.shipping_method = text_field(o, "shipping_method");
    p.tracking_number = text_field(o, "tracking_number");
    if (auto date = time::parse_rfc3339(text_field(o, "ship_date"))) {
        p.ship_date = *date;
    }
    p.supply_source_id = text_field(o, "supply_source_id");
    if (const auto* items = o.if_contains("items"); items && items->is_array()) {
        for (const auto& item : items->as_array()) {
            if (item.is_object()) {
                p.items.push_back(
                    {text_field(item.as_object(), "id"), int_field(item.as_object(), "quantity")});
            }
        }
    }
    return p;
}

QueueState state_of(std::string_view text) {
    if (text == "sent") {
        return QueueState::sent;
    }
    return text == "parked" ? QueueState::parked : QueueState::sending;
}

json::object entry_json(const QueueEntry& e) {
    json::object o{{"state", to_string(e.state)},
                   {"fingerprint", e.fingerprint},
                   {"attempts", e.attempts},
                   {"updated_at", time::format_rfc3339({e.updated_ms})}};
    if (e.state == QueueState::parked) {
        o["reason"] = e.reason;
        o["fix"] = e.fix;
    } else {
        o["package"] = plan_json(e.plan);
    }
    if (!e.request_id.empty()) {
        o["request_id"] = e.request_id;
    }
    return o;
}

QueueEntry entry_of(const json::object& o) {
    QueueEntry e;
    e.state = state_of(text_field(o, "state"));
    e.fingerprint = text_field(o, "fingerprint");
    e.attempts = int_field(o, "attempts");
    e.reason = text_field(o, "reason");
    e.fix = text_field(o, "fix");
    e.request_id = text_field(o, "request_id");
    if (auto at = time::parse_rfc3339(text_field(o, "updated_at"))) {
        e.updated_ms = at->unix_ms;
    }
    if (const auto* p = o.if_contains("package"); p && p->is_object()) {
        e.plan = plan_of(p->as_object());
    }
    return e;
}

} // namespace

std::string_view to_string(QueueState state) {
    switch (state) {
    case QueueState::sending:
        return "sending";
    case QueueState::sent:
        return "sent";
    case QueueState::parked:
        return "parked";
    }
    return "sending";
}

shipments::CoveredQuantities OrderQueue::covered(std::string_view except) const {
    shipments::CoveredQuantities out;
    for (const auto& [key, entry] : entries) {
        if (key == except || entry.state == QueueState::parked) {
            continue;
        }
        for (const auto& item : entry.plan.items) {
            out[item.order_item_id] += item.quantity;
        }
    }
    return out;
}

Result<OrderQueue> read_order_queue(HostServices& host, std::string_view store,
                                    std::string_view order_key) {
    OrderQueue queue;
    queue.order_key = std::string(order_key);
    auto stored = host.state_get(store_namespace(store), queue_key(order_key));
    if (!stored) {
        if (stored.status() == Status::not_found) {
            return queue;
        }
        return stored.error();
    }
    boost::system::error_code ec;
    const auto doc = json::parse(stored->value, ec);
    const auto* entries =
        !ec && doc.is_object() ? doc.as_object().if_contains("packages") : nullptr;
    if (!entries || !entries->is_object()) {
        return Error{Status::internal, "the shipment queue of order " + std::string(order_key) +
                                           " in host state is unreadable (key " +
                                           queue_key(order_key) + ")"};
    }
    for (const auto& [key, value] : entries->as_object()) {
        if (value.is_object()) {
            queue.entries.emplace(std::string(key), entry_of(value.as_object()));
        }
    }
    queue.version = stored->version;
    return queue;
}

Outcome write_order_queue(HostServices& host, std::string_view store, OrderQueue& queue) {
    json::object packages;
    for (const auto& [key, entry] : queue.entries) {
        packages[key] = entry_json(entry);
    }
    const json::object doc{{"order", queue.order_key}, {"packages", std::move(packages)}};
    TRY_ASSIGN(queue.version, host.state_put(store_namespace(store), queue_key(queue.order_key),
                                             json::serialize(doc),
                                             queue.version > 0 ? queue.version : k_version_absent));
    return {};
}

} // namespace amzconn::plugin
