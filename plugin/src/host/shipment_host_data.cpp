#include "host/shipment_host_data.hpp"

#include "host/entity_pages.hpp"
#include "host/host_json.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

Result<std::vector<shipments::ShipmentLine>> parse_lines(const json::object& doc,
                                                         const std::string& where) {
    std::vector<shipments::ShipmentLine> lines;
    const auto* value = doc.if_contains("lines");
    if (!value) {
        return lines;
    }
    if (!value->is_array()) {
        return Error{Status::bad_input, where + ".lines: must be an array"};
    }
    for (size_t i = 0; i < value->as_array().size(); ++i) {
        const auto& entry = value->as_array()[i];
        const std::string at = where + ".lines[" + std::to_string(i) + "]";
        if (!entry.is_object()) {
            return Error{Status::bad_input, at + ": must be an object"};
        }
        shipments::ShipmentLine line{text_field(entry.as_object(), "sku"),
                                     int_field(entry.as_object(), "quantity")};
        if (line.sku.empty() || line.quantity <= 0) {
            return Error{Status::bad_input, at + ": needs a sku and a positive quantity"};
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

// The metadata's amazon_order_items (written by the order import).
std::vector<shipments::OrderItemRef> parse_item_refs(std::string_view text) {
    std::vector<shipments::OrderItemRef> refs;
    boost::system::error_code ec;
    const auto value = json::parse(text, ec);
    if (ec || !value.is_array()) {
        return refs;
    }
    for (const auto& entry : value.as_array()) {
        if (!entry.is_object()) {
            continue;
        }
        const auto& o = entry.as_object();
        shipments::OrderItemRef ref{text_field(o, "id"), text_field(o, "sku"),
                                    int_field(o, "quantity")};
        if (!ref.order_item_id.empty()) {
            refs.push_back(std::move(ref));
        }
    }
    return refs;
}

} // namespace

std::string shipment_key(std::string_view order, std::string_view tracking) {
    return std::string(order) + "#" + std::string(tracking);
}

std::string store_of_order_key(std::string_view order_key) {
    const auto colon = order_key.find(':');
    return colon == std::string_view::npos ? std::string()
                                           : std::string(order_key.substr(0, colon));
}

Result<HostShipmentDoc> parse_shipment(const json::object& doc) {
    HostShipmentDoc out;
    auto& s = out.shipment;
    s.order = text_field(doc, "order");
    s.tracking = text_field(doc, "tracking");
    s.key = shipment_key(s.order, s.tracking);
    const std::string where = "shipment " + s.key;
    if (s.order.empty() || s.tracking.empty()) {
        return Error{Status::bad_input, where + ": needs order and tracking"};
    }
    s.carrier = text_field(doc, "carrier");
    s.service = text_field(doc, "service");
    auto shipped = time::parse_rfc3339(text_field(doc, "shipped_at"));
    if (!shipped) {
        return Error{Status::bad_input, where + ".shipped_at: must be an RFC 3339 time"};
    }
    s.shipped_at = *shipped;
    TRY_ASSIGN(s.lines, parse_lines(doc, where));
    out.fingerprint = document_fingerprint(doc);
    return out;
}

Result<StoreShipments> read_store_shipments(HostServices& host, std::string_view store,
                                            std::string_view order) {
    StoreShipments out;
    json::object filter{{"store", store}};
    if (!order.empty()) {
        filter["order"] = order;
    }
    TRY(for_each_entity(host, "shipment", filter, [&](const json::object& doc) {
        auto parsed = parse_shipment(doc);
        if (parsed) {
            out.shipments.push_back(std::move(*parsed));
        } else {
            out.unreadable.emplace_back(
                shipment_key(text_field(doc, "order"), text_field(doc, "tracking")),
                parsed.error().message);
        }
    }));
    return out;
}

Result<std::optional<shipments::ShipmentOrder>> read_shipment_order(HostServices& host,
                                                                    std::string_view order_key) {
    TRY_ASSIGN(const auto found,
               query_entities(host, "sales_order", {{"idempotency_key", order_key}, {"limit", 1}}));
    if (found.empty() || !found.front().is_object()) {
        return std::optional<shipments::ShipmentOrder>{};
    }
    const auto* meta_value = found.front().as_object().if_contains("metadata");
    const json::object empty;
    const auto& meta = meta_value && meta_value->is_object() ? meta_value->as_object() : empty;
    shipments::ShipmentOrder order;
    order.amazon_order_id = text_field(meta, "amazon_order_id");
    if (order.amazon_order_id.empty()) {
        order.amazon_order_id = text_field(found.front().as_object(), "reference");
    }
    order.marketplace_id = text_field(meta, "marketplace");
    order.fulfilled_by_amazon = text_field(meta, "amazon_fulfillment_channel") == "AFN";
    order.consolidated = meta.contains("amazon_order_ids");
    order.items = parse_item_refs(text_field(meta, "amazon_order_items"));
    if (auto source = text_field(meta, "ship_from_supply_source_id"); !source.empty()) {
        order.supply_source_id = source;
    }
    return std::optional<shipments::ShipmentOrder>{std::move(order)};
}

} // namespace amzconn::plugin
