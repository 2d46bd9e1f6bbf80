#include "host_view_reader.hpp"

#include "host_json.hpp"
#include "orders/order_settings.hpp"
#include "orders/products.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

std::optional<time::Timestamp> date(const json::object& o, std::string_view key) {
    auto parsed = time::parse_rfc3339(text_field(o, key));
    return parsed ? std::optional(*parsed) : std::nullopt;
}

orders::Tracking tracking_of(const json::object& product) {
    const auto value = text_field(product, "tracking");
    return value == "batch"    ? orders::Tracking::batch
           : value == "serial" ? orders::Tracking::serial
                               : orders::Tracking::none;
}

// The attribute that carries the identification key, or "" for the product code itself.
std::string key_attribute(const config::Products& products) {
    if (products.sku_attribute) {
        return *products.sku_attribute;
    }
    return products.identification == config::Identification::asin ? "asin" : "";
}

Outcome read_stock(HostServices& host, const std::string& product, const std::string& warehouse,
                   orders::HostView& view) {
    auto levels =
        query_entities(host, "stock_level", {{"product", product}, {"warehouse", warehouse}});
    if (!levels) {
        return levels.error();
    }
    orders::WarehouseStock stock;
    for (const auto& entry : *levels) {
        const auto& level = entry.as_object();
        stock.available +=
            std::max<int64_t>(0, int_field(level, "on_hand") - int_field(level, "allocated"));
        if (const auto* batches = level.if_contains("batches"); batches && batches->is_array()) {
            for (const auto& b : batches->as_array()) {
                const auto& batch = b.as_object();
                stock.batches.push_back({text_field(batch, "batch"), int_field(batch, "quantity"),
                                         date(batch, "expiry")});
            }
        }
        if (const auto* serials = level.if_contains("serials"); serials && serials->is_array()) {
            for (const auto& s : serials->as_array()) {
                const auto& serial = s.as_object();
                stock.serials.push_back({text_field(serial, "serial"), date(serial, "received")});
            }
        }
    }
    view.stock[{product, warehouse}] = std::move(stock);
    return {};
}

} // namespace

Result<std::optional<std::string>> find_one(HostServices& host, std::string_view kind,
                                            std::string_view field, std::string_view value) {
    auto found = query_entities(host, kind, {{field, value}, {"limit", 1}});
    if (!found) {
        return found.error();
    }
    if (found->empty()) {
        return std::optional<std::string>{};
    }
    return std::optional<std::string>{json::serialize(found->front())};
}

Result<orders::HostView> read_host_view(HostServices& host, const config::StoreConfig& store,
                                        const spapi::orders::Order& order,
                                        std::string_view idempotency_key) {
    orders::HostView view;
    const bool fba = order.fulfillment && order.fulfillment->fulfilled_by == "AMAZON";
    const auto& channel = fba ? store.orders.fba : store.orders.fbm;
    const std::string attribute = key_attribute(store.products);

    for (const auto& key : orders::lookup_keys(order, product_settings(store.products))) {
        auto found = query_entities(
            host, "product",
            {{attribute.empty() ? "code" : "attributes." + attribute, key}, {"limit", 1}});
        if (!found) {
            return found.error();
        }
        if (found->empty()) {
            continue;
        }
        const auto& product = found->front().as_object();
        orders::HostProduct host_product;
        host_product.code = text_field(product, "code");
        host_product.tracking = tracking_of(product);
        if (const auto* attributes = product.if_contains("attributes");
            attributes && attributes->is_object()) {
            const auto rate = text_field(attributes->as_object(), "tax_rate");
            if (auto parsed = money::parse_decimal(rate); !rate.empty() && parsed) {
                host_product.tax_rate = *parsed;
            }
        }
        if (channel.warehouse) {
            if (auto stock = read_stock(host, host_product.code, *channel.warehouse, view);
                !stock) {
                return stock.error();
            }
        }
        view.products.emplace(key, std::move(host_product));
    }

    if (order.buyer && order.buyer->buyer_email && !order.buyer->buyer_email->empty()) {
        auto customer =
            query_entities(host, "customer", {{"email", *order.buyer->buyer_email}, {"limit", 1}});
        if (!customer) {
            return customer.error();
        }
        if (!customer->empty()) {
            view.customers_by_email.emplace(*order.buyer->buyer_email,
                                            text_field(customer->front().as_object(), "code"));
        }
    }

    auto existing =
        query_entities(host, "sales_order", {{"idempotency_key", idempotency_key}, {"limit", 1}});
    if (!existing) {
        return existing.error();
    }
    if (!existing->empty()) {
        view.existing_status = text_field(existing->front().as_object(), "status");
    }
    return view;
}

} // namespace amzconn::plugin
