#include "host/host_view_reader.hpp"

#include "host/host_json.hpp"
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

Outcome read_stock(HostServices& host, const std::string& product, const std::string& warehouse,
                   orders::HostView& view) {
    TRY_ASSIGN(auto levels, query_entities(host, "stock_level",
                                           {{"product", product}, {"warehouse", warehouse}}));
    orders::WarehouseStock stock;
    stock.kept = !levels.empty();
    for (const auto& entry : levels) {
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
    TRY_ASSIGN(auto found, query_entities(host, kind, {{field, value}, {"limit", 1}}));
    if (found.empty()) {
        return std::optional<std::string>{};
    }
    return std::optional<std::string>{json::serialize(found.front())};
}

Result<std::optional<json::object>> find_doc(HostServices& host, std::string_view kind,
                                             std::string_view field, std::string_view value) {
    TRY_ASSIGN(auto found, query_entities(host, kind, {{field, value}, {"limit", 1}}));
    if (found.empty() || !found.front().is_object()) {
        return std::optional<json::object>{};
    }
    json::object doc = std::move(found.front().as_object());
    doc.erase("id");
    return std::optional<json::object>{std::move(doc)};
}

Result<orders::HostView> read_host_view(HostServices& host, const config::StoreConfig& store,
                                        const spapi::orders::Order& order,
                                        std::string_view idempotency_key) {
    orders::HostView view;
    const bool fba = order.fulfillment && order.fulfillment->fulfilled_by == "AMAZON";
    const auto& channel = fba ? store.orders.fba : store.orders.fbm;
    const auto products = product_settings(store.products);
    const std::string key_path = orders::key_field(products).query_path();

    for (const auto& key : orders::lookup_keys(order, products)) {
        TRY_ASSIGN(auto found, query_entities(host, "product", {{key_path, key}, {"limit", 1}}));
        if (found.empty()) {
            continue;
        }
        const auto& product = found.front().as_object();
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
            TRY(read_stock(host, host_product.code, *channel.warehouse, view));
        }
        // filters.inventory_locations are warehouse codes: the filter needs their stock too.
        for (const auto& location : store.filters.inventory_locations) {
            if (!view.stock.count({host_product.code, location})) {
                TRY(read_stock(host, host_product.code, location, view));
            }
        }
        view.products.emplace(key, std::move(host_product));
    }

    if (order.buyer && order.buyer->buyer_email && !order.buyer->buyer_email->empty()) {
        TRY_ASSIGN(
            auto customer,
            query_entities(host, "customer", {{"email", *order.buyer->buyer_email}, {"limit", 1}}));
        if (!customer.empty()) {
            view.customers_by_email.emplace(*order.buyer->buyer_email,
                                            text_field(customer.front().as_object(), "code"));
        }
    }

    if (channel.customer.strategy == config::CustomerStrategy::single_customer &&
        channel.customer.code) {
        TRY_ASSIGN(auto customer, query_entities(host, "customer",
                                                 {{"code", *channel.customer.code}, {"limit", 1}}));
        if (!customer.empty()) {
            view.single_customers.insert(*channel.customer.code);
        }
    }

    TRY_ASSIGN(auto existing, query_entities(host, "sales_order",
                                             {{"idempotency_key", idempotency_key}, {"limit", 1}}));
    if (!existing.empty()) {
        view.existing_status = text_field(existing.front().as_object(), "status");
    }
    return view;
}

} // namespace amzconn::plugin
