#include "orders/metadata.hpp"

#include "orders/channel_status.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

namespace amzconn::orders {

using spapi::orders::Order;

namespace {

void put_window(MetadataList& m, const char* earliest_key, const char* latest_key,
                const std::optional<spapi::orders::DateTimeRange>& w) {
    if (!w) {
        return;
    }
    if (w->earliest) {
        m.add_new(earliest_key, time::format_rfc3339(*w->earliest));
    }
    if (w->latest) {
        m.add_new(latest_key, time::format_rfc3339(*w->latest));
    }
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) {
        out += (out.empty() ? "" : ",") + s;
    }
    return out;
}

// Appends `text` as a JSON string exactly as boost::json::serialize writes it: as it is between
// quotes when nothing in it needs an escape (nearly always), else by the serializer itself.
void append_json_string(std::string& out, std::string_view text) {
    const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
    });
    if (!plain) {
        out += boost::json::serialize(boost::json::string_view(text.data(), text.size()));
        return;
    }
    out += '"';
    out += text;
    out += '"';
}

// Amazon's order item ids with their SKU and ordered quantity, as JSON text: the shipment
// confirmation (confirm_shipments) names the items of a package by these ids. Written straight
// as the text boost::json::serialize gives for [{"id", "sku", "quantity"}, ...]: no tree.
std::string order_items_text(const Order& order) {
    std::string out;
    out.reserve(64 * order.order_items.size() + 2);
    out += '[';
    for (const auto& item : order.order_items) {
        out += out.size() == 1 ? "{\"id\":" : ",{\"id\":";
        append_json_string(out, item.order_item_id);
        out += ",\"sku\":";
        append_json_string(out, item.product.seller_sku ? std::string_view(*item.product.seller_sku)
                                                        : std::string_view());
        out += ",\"quantity\":";
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, item.quantity_ordered).ptr;
        out.append(digits, end);
        if (item.product.customized_url) {
            // Amazon Custom: where the buyer's customisation (text, images) is to be fetched.
            out += ",\"customized_url\":";
            append_json_string(out, *item.product.customized_url);
        }
        out += '}';
    }
    out += ']';
    return out;
}

} // namespace

std::string& MetadataList::operator[](std::string_view key) {
    for (auto& [k, v] : m_entries) {
        if (k == key) {
            return v;
        }
    }
    if (m_entries.empty()) {
        m_entries.reserve(24);
    }
    return m_entries.emplace_back(key, std::string()).second;
}

void MetadataList::add_new(std::string_view key, std::string value) {
    if (m_entries.empty()) {
        m_entries.reserve(24);
    }
    m_entries.emplace_back(key, std::move(value));
}

std::vector<const MetadataList::Entry*> MetadataList::in_key_order() const {
    // Pointers are sorted, not the pairs: no value string is moved.
    std::vector<const Entry*> out;
    out.reserve(m_entries.size());
    for (const auto& e : m_entries) {
        out.push_back(&e);
    }
    std::sort(out.begin(), out.end(), [](const Entry* a, const Entry* b) {
        // The keys mostly differ in their first byte: compared inline (as unsigned
        // bytes, like the string compare) before the library compare.
        const std::string_view x = a->first;
        const std::string_view y = b->first;
        if (!x.empty() && !y.empty() && x[0] != y[0]) {
            return static_cast<unsigned char>(x[0]) < static_cast<unsigned char>(y[0]);
        }
        return x < y;
    });
    return out;
}

MetadataList order_metadata(const Order& order, const OrderSettings& store) {
    MetadataList m;
    m.add_new("amazon_order_id", order.order_id);
    m.add_new("store", store.alias);
    m.add_new("marketplace", order.sales_channel.marketplace_id);
    if (!order.sales_channel.marketplace_name.empty()) {
        m.add_new("marketplace_name", order.sales_channel.marketplace_name);
    }
    m.add_new("amazon_fulfillment_channel", std::string(channel_code(channel_of(order))));
    m.add_new("programs", join(order.programs));
    for (const auto& program : order.programs) {
        if (program == "PRIME") {
            m["is_prime"] = "true";
        } else if (program == "AMAZON_BUSINESS") {
            m["is_business"] = "true";
        }
    }
    if (order.fulfillment) {
        m.add_new("amazon_status",
                  std::string(spapi::orders::to_string(order.fulfillment->fulfillment_status)));
        if (order.fulfillment->fulfillment_service_level) {
            m.add_new("service_level", *order.fulfillment->fulfillment_service_level);
        }
        put_window(m, "ship_by_earliest", "ship_by_latest", order.fulfillment->ship_by_window);
        put_window(m, "deliver_by_earliest", "deliver_by_latest",
                   order.fulfillment->deliver_by_window);
    }
    if (order.buyer && order.buyer->buyer_purchase_order_number) {
        m.add_new("buyer_purchase_order_number", *order.buyer->buyer_purchase_order_number);
    }
    for (const auto& alias : order.order_aliases) {
        if (alias.alias_type == "SELLER_ORDER_ID") {
            m["seller_order_id"] = alias.alias_id;
        }
    }
    for (const auto& a : order.associated_orders) {
        if (a.association_type == "REPLACEMENT_ORIGINAL_ID") {
            m["replaces_order_id"] = a.order_id;
        }
    }
    if (!order.order_items.empty()) {
        m.add_new("amazon_order_items", order_items_text(order));
    }
    m.add_new("amazon_last_updated", time::format_rfc3339(order.last_updated_time));
    return m;
}

} // namespace amzconn::orders
