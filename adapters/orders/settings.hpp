// The order rules' own settings: what they read of one store's config, as plain data. The plugin
// fills it from the integrator config (plugin/src/orders/order_settings.hpp); tests fill it too.
#pragma once

#include "base/marketplaces.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::orders {

enum class AmazonOrderStatus { unshipped, shipped };
enum class CustomerStrategy { per_order, single_customer };
enum class Consolidation { per_order, daily };
enum class HostOrderStatus { parked, placed, backordered, completed };
enum class AutoAssign { disabled, batch, serial, both };

struct CustomerSettings {
    CustomerStrategy strategy = CustomerStrategy::per_order;
    std::optional<std::string> code; // the host customer used with single_customer
};

// Import settings of one channel (FBM or FBA); auto_assign is read for FBM only, guest_name for
// FBA only.
struct ChannelSettings {
    bool enabled = false;
    std::vector<AmazonOrderStatus> statuses;
    CustomerSettings customer;
    Consolidation consolidation = Consolidation::per_order;
    HostOrderStatus host_status = HostOrderStatus::placed;
    std::optional<std::string> warehouse;
    std::optional<std::string> sales_group;
    std::optional<std::string> folder;
    AutoAssign auto_assign = AutoAssign::disabled;
    std::string guest_name;
};

struct ChannelPair {
    ChannelSettings fbm;
    ChannelSettings fba;
};

enum class OrderProgram { business, prime, premium, ispu, replacement };

struct FilterSettings {
    std::vector<std::string> countries; // "DE" includes, "-US" excludes (ISO 3166-1 alpha-2)
    std::vector<std::string> inventory_locations;
    std::vector<OrderProgram> skip_programs;
    std::optional<std::string> start_date; // YYYY-MM-DD
};

struct SkuReplace {
    std::string pattern; // ECMAScript regular expression
    std::string with;
};

struct SkuCrop {
    std::string prefix;
    std::string suffix;
    std::vector<SkuReplace> replace;
};

enum class Identification { seller_sku, asin };

struct ProductSettings {
    Identification identification = Identification::seller_sku;
    std::optional<std::string> sku_attribute;
    SkuCrop sku_crop;
    bool create_on_import = false;
};

enum class TaxMode { line, order_charge, ignore };
enum class PricesIncludeTax { auto_by_marketplace, yes, no };

struct TaxSettings {
    TaxMode mode = TaxMode::line;
    PricesIncludeTax prices_include_tax = PricesIncludeTax::auto_by_marketplace;
    std::optional<std::string> charges_sales_account;
    std::map<std::string, std::string> tax_codes; // Amazon tax code -> host tax code
    std::string no_tax_code = "NONE"; // on lines and charges at 0 % (order_charge, ignore)
    std::optional<std::string> vat_metadata_key;
};

struct ShippingSettings {
    std::optional<std::string> default_method;
};

// Everything the order rules read of one store.
struct OrderSettings {
    std::string alias;
    const amazon::Marketplace* primary_marketplace = nullptr;
    ChannelPair orders;
    FilterSettings filters;
    ProductSettings products;
    TaxSettings taxes;
    ShippingSettings shipping;
};

} // namespace amzconn::orders
