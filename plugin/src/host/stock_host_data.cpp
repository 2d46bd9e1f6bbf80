#include "host/stock_host_data.hpp"

#include "host/entity_pages.hpp"
#include "host/host_json.hpp"
#include "orders/order_settings.hpp"
#include "orders/products.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

stock::StockSettings stock_settings(const config::StoreConfig& store,
                                    const std::vector<std::string>& fbm_warehouses) {
    stock::StockSettings s;
    s.warehouses = store.stock.warehouses.empty() ? fbm_warehouses : store.stock.warehouses;
    s.include_assemblies = store.stock.include_assembly;
    s.assembly_mode = store.stock.assembly_mode == config::AssemblyMode::share_split
                          ? stock::AssemblyMode::share_split
                          : stock::AssemblyMode::can_assemble;
    s.auto_assemble_attribute = store.stock.auto_assemble_attribute.value_or("");
    s.buffer = store.stock.buffer;
    s.maximum = store.stock.maximum;
    s.skip_attribute = store.products.skip_attribute.value_or("");
    s.lead_time_attribute = store.products.lead_time_attribute.value_or("");
    s.default_lead_time_days = static_cast<int>(store.products.lead_time_days);
    s.switch_fulfillment_attribute = store.products.switch_fulfillment_attribute.value_or("");
    const auto match = listing_match(store.products);
    s.sku_field = match.field;
    s.match_by_asin = match.by_asin;
    return s;
}

orders::KeyField sku_field(const config::Products& products) {
    return products.sku_attribute ? orders::KeyField::named(*products.sku_attribute)
                                  : orders::KeyField{};
}

ListingMatch listing_match(const config::Products& products) {
    const auto settings = product_settings(products);
    return ListingMatch{settings.identification == orders::Identification::asin,
                        orders::key_field(settings), settings.sku_crop};
}

Result<std::string> ListingMatch::key_of(const std::string& sku, const std::string& asin) const {
    if (by_asin) {
        return asin;
    }
    if (crop.prefix.empty() && crop.suffix.empty() && crop.replace.empty()) {
        return sku;
    }
    return orders::crop_sku(sku, crop);
}

Outcome key_listings(const ListingMatch& match, std::vector<stock::Listing>& listings) {
    for (auto& listing : listings) {
        TRY_ASSIGN(auto key, match.key_of(listing.sku, listing.asin));
        listing.host_sku = key == listing.sku && !match.by_asin ? std::string() : std::move(key);
    }
    return {};
}

Result<std::vector<stock::HostWarehouse>> read_warehouses(HostServices& host) {
    std::vector<stock::HostWarehouse> warehouses;
    auto done = for_each_entity(host, "warehouse", {}, [&](const json::object& w) {
        const auto* fba = w.if_contains("is_fba");
        warehouses.push_back({text_field(w, "code"), fba && fba->is_bool() && fba->as_bool()});
    });
    if (!done) {
        return done.error();
    }
    return warehouses;
}

std::vector<std::string> fbm_codes(const std::vector<stock::HostWarehouse>& warehouses) {
    std::vector<std::string> codes;
    for (const auto& w : warehouses) {
        if (!w.is_fba) {
            codes.push_back(w.code);
        }
    }
    return codes;
}

Result<std::vector<std::string>> read_fbm_warehouses(HostServices& host) {
    TRY_ASSIGN(const auto warehouses, read_warehouses(host));
    return fbm_codes(warehouses);
}

Result<std::vector<stock::Product>> read_products(HostServices& host) {
    std::vector<stock::Product> products;
    auto done = for_each_entity(host, "product", {}, [&](const json::object& p) {
        stock::Product product;
        product.code = text_field(p, "code");
        product.barcode = text_field(p, "barcode");
        if (const auto* attributes = p.if_contains("attributes");
            attributes && attributes->is_object()) {
            for (const auto& [name, value] : attributes->as_object()) {
                if (value.is_string()) {
                    product.attributes.emplace(std::string(name), std::string(value.as_string()));
                }
            }
        }
        const auto* assembly = p.if_contains("is_assembly");
        product.is_assembly = assembly && assembly->is_bool() && assembly->as_bool();
        if (const auto* bom = p.if_contains("bom"); bom && bom->is_array()) {
            for (const auto& line : bom->as_array()) {
                if (line.is_object()) {
                    product.bom.push_back({text_field(line.as_object(), "component"),
                                           int_field(line.as_object(), "quantity")});
                }
            }
        }
        products.push_back(std::move(product));
    });
    if (!done) {
        return done.error();
    }
    return products;
}

Result<std::vector<stock::StockLevel>> read_levels(HostServices& host,
                                                   const std::vector<std::string>& warehouses) {
    std::vector<stock::StockLevel> levels;
    for (const auto& warehouse : warehouses) {
        auto done = for_each_entity(
            host, "stock_level", {{"warehouse", warehouse}}, [&](const json::object& l) {
                levels.push_back({text_field(l, "product"), text_field(l, "warehouse"),
                                  int_field(l, "on_hand"), int_field(l, "allocated")});
            });
        if (!done) {
            return done.error();
        }
    }
    return levels;
}

} // namespace amzconn::plugin
