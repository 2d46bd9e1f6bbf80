#include "orders/order_settings.hpp"

namespace amzconn::plugin {

namespace {

// The config's enums and the rules' enums list the same values in the same order; each mapping
// is still spelled out so a value added on one side fails to compile here, not at run time.
orders::AmazonOrderStatus status_of(config::AmazonOrderStatus status) {
    switch (status) {
    case config::AmazonOrderStatus::unshipped:
        return orders::AmazonOrderStatus::unshipped;
    case config::AmazonOrderStatus::shipped:
        return orders::AmazonOrderStatus::shipped;
    }
    return orders::AmazonOrderStatus::unshipped;
}

orders::HostOrderStatus host_status_of(config::HostOrderStatus status) {
    switch (status) {
    case config::HostOrderStatus::parked:
        return orders::HostOrderStatus::parked;
    case config::HostOrderStatus::placed:
        return orders::HostOrderStatus::placed;
    case config::HostOrderStatus::backordered:
        return orders::HostOrderStatus::backordered;
    case config::HostOrderStatus::completed:
        return orders::HostOrderStatus::completed;
    }
    return orders::HostOrderStatus::placed;
}

orders::AutoAssign auto_assign_of(config::AutoAssign mode) {
    switch (mode) {
    case config::AutoAssign::disabled:
        return orders::AutoAssign::disabled;
    case config::AutoAssign::batch:
        return orders::AutoAssign::batch;
    case config::AutoAssign::serial:
        return orders::AutoAssign::serial;
    case config::AutoAssign::both:
        return orders::AutoAssign::both;
    }
    return orders::AutoAssign::disabled;
}

orders::ChannelSettings channel_settings(const config::ChannelOrders& channel) {
    orders::ChannelSettings out;
    out.enabled = channel.enabled;
    for (const auto status : channel.statuses) {
        out.statuses.push_back(status_of(status));
    }
    out.customer.strategy = channel.customer.strategy == config::CustomerStrategy::single_customer
                                ? orders::CustomerStrategy::single_customer
                                : orders::CustomerStrategy::per_order;
    out.customer.code = channel.customer.code;
    out.consolidation = channel.consolidation == config::Consolidation::daily
                            ? orders::Consolidation::daily
                            : orders::Consolidation::per_order;
    out.host_status = host_status_of(channel.host_status);
    out.warehouse = channel.warehouse;
    out.sales_group = channel.sales_group;
    out.folder = channel.folder;
    out.auto_assign = auto_assign_of(channel.auto_assign);
    out.guest_name = channel.guest_name;
    return out;
}

orders::OrderProgram program_of(config::OrderProgram program) {
    switch (program) {
    case config::OrderProgram::business:
        return orders::OrderProgram::business;
    case config::OrderProgram::prime:
        return orders::OrderProgram::prime;
    case config::OrderProgram::premium:
        return orders::OrderProgram::premium;
    case config::OrderProgram::ispu:
        return orders::OrderProgram::ispu;
    case config::OrderProgram::replacement:
        return orders::OrderProgram::replacement;
    }
    return orders::OrderProgram::business;
}

orders::FilterSettings filter_settings(const config::Filters& filters) {
    orders::FilterSettings out;
    out.countries = filters.countries;
    out.inventory_locations = filters.inventory_locations;
    for (const auto program : filters.skip_programs) {
        out.skip_programs.push_back(program_of(program));
    }
    out.start_date = filters.start_date;
    return out;
}

orders::TaxMode tax_mode_of(config::TaxMode mode) {
    switch (mode) {
    case config::TaxMode::line:
        return orders::TaxMode::line;
    case config::TaxMode::order_charge:
        return orders::TaxMode::order_charge;
    case config::TaxMode::ignore:
        return orders::TaxMode::ignore;
    }
    return orders::TaxMode::line;
}

orders::PricesIncludeTax prices_include_tax_of(config::PricesIncludeTax value) {
    switch (value) {
    case config::PricesIncludeTax::auto_by_marketplace:
        return orders::PricesIncludeTax::auto_by_marketplace;
    case config::PricesIncludeTax::yes:
        return orders::PricesIncludeTax::yes;
    case config::PricesIncludeTax::no:
        return orders::PricesIncludeTax::no;
    }
    return orders::PricesIncludeTax::auto_by_marketplace;
}

orders::TaxSettings tax_settings(const config::Taxes& taxes) {
    orders::TaxSettings out;
    out.mode = tax_mode_of(taxes.mode);
    out.prices_include_tax = prices_include_tax_of(taxes.prices_include_tax);
    out.charges_sales_account = taxes.charges_sales_account;
    out.tax_codes = taxes.tax_codes;
    out.no_tax_code = taxes.no_tax_code;
    out.vat_metadata_key = taxes.vat_metadata_key;
    return out;
}

} // namespace

orders::ProductSettings product_settings(const config::Products& products) {
    orders::ProductSettings out;
    out.identification = products.identification == config::Identification::asin
                             ? orders::Identification::asin
                             : orders::Identification::seller_sku;
    out.sku_attribute = products.sku_attribute;
    out.sku_crop.prefix = products.sku_crop.prefix;
    out.sku_crop.suffix = products.sku_crop.suffix;
    for (const auto& replace : products.sku_crop.replace) {
        out.sku_crop.replace.push_back({replace.pattern, replace.with});
    }
    out.create_on_import = products.create_on_import;
    return out;
}

orders::OrderSettings order_settings(const config::StoreConfig& store) {
    orders::OrderSettings out;
    out.alias = store.alias;
    out.primary_marketplace = store.marketplaces.primary;
    out.orders.fbm = channel_settings(store.orders.fbm);
    out.orders.fba = channel_settings(store.orders.fba);
    out.filters = filter_settings(store.filters);
    out.products = product_settings(store.products);
    out.taxes = tax_settings(store.taxes);
    out.shipping.default_method = store.shipping.default_method;
    return out;
}

} // namespace amzconn::plugin
