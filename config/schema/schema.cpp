// THE config schema: every key, its type, limits, default and meaning, bound to the typed config.
// The validator, the typed defaults, the JSON Schema and config/README.md are all derived from it.
#include "../src/file_ref.hpp"
#include "../src/shown.hpp"
#include "../src/walker.hpp"
#include "base/url.hpp"

#include <regex>

namespace amzconn::config::detail {

namespace {

constexpr std::int64_t k_minute = 60;
constexpr std::int64_t k_hour = 3600;
constexpr std::int64_t k_day = 86400;
// searchOrders (Orders 2026-01-01) allows 0.0056 requests/s: one call per ~179 s. Polling faster
// than that only burns the burst and then waits (spapi-facts.md §3.2).
constexpr std::int64_t k_order_check_floor = 3 * k_minute;

Spec boolean() {
    return Spec{.type = Type::boolean};
}
Spec integer(std::int64_t min, std::int64_t max) {
    return Spec{.type = Type::integer, .min = min, .max = max};
}
Spec text() {
    return Spec{.type = Type::string};
}
Spec text_or_empty() {
    return Spec{.type = Type::string, .allow_empty = true};
}
Spec text(std::string pattern, std::string hint) {
    Spec spec{.type = Type::string, .pattern = std::move(pattern), .pattern_hint = std::move(hint)};
    spec.compiled = std::make_shared<const std::regex>(spec.pattern);
    return spec;
}
Spec choice(std::vector<std::string> names) {
    return Spec{.type = Type::enumeration, .choices = std::move(names)};
}
Spec schedule(std::vector<std::string> keywords, std::int64_t min, std::int64_t max) {
    return Spec{.type = Type::schedule, .min = min, .max = max, .choices = std::move(keywords)};
}
Spec duration(std::int64_t min, std::int64_t max) {
    return Spec{.type = Type::duration, .min = min, .max = max};
}
Spec checked(Spec spec, StringCheck check) {
    spec.check = std::move(check);
    return spec;
}
Spec secret() {
    return Spec{.type = Type::secret};
}
Spec marketplace() {
    return Spec{.type = Type::marketplace};
}
Spec date() {
    return Spec{.type = Type::date};
}
Spec object(const ObjectSpec& spec) {
    return Spec{.type = Type::object, .object = &spec};
}
Spec list(Spec item, std::size_t min_items = 0) {
    return Spec{.type = Type::array,
                .item = std::make_shared<const Spec>(std::move(item)),
                .min_items = min_items};
}
Spec dictionary(Spec key, Spec value) {
    return Spec{.type = Type::map,
                .item = std::make_shared<const Spec>(std::move(value)),
                .key = std::make_shared<const Spec>(std::move(key))};
}

Spec code() {
    return text("[A-Za-z0-9_./ -]{1,64}",
                "a host code: up to 64 letters, digits, '-', '_', '.', '/' or spaces");
}
Spec attribute() {
    return text("[A-Za-z_][A-Za-z0-9_.-]{0,63}",
                "an attribute name: a letter or '_', then letters, digits, '_', '.', '-'");
}

// Endpoint: https anywhere, plain http only to loopback (the sandbox). The host is parsed by the
// client's own URL parser, so the validator and the client agree on what loopback is.
std::optional<std::string> check_endpoint(std::string_view url) {
    const auto parts = parse_url(url);
    if (!parts || (parts->scheme != "https" && parts->scheme != "http") ||
        (!parts->path.empty() && parts->path != "/")) {
        return "not a base URL; write https://host[:port] with no path, e.g. "
               "https://sellingpartnerapi-eu.amazon.com";
    }
    if (!http_allowed(*parts)) {
        return "plain http is allowed only to loopback (127.0.0.1, localhost, [::1]); use https";
    }
    return std::nullopt;
}

// Proxy: the whole URL may hold credentials, so it is never echoed and userinfo must come by
// reference.
std::optional<std::string> check_proxy(std::string_view url) {
    static const std::regex shape(R"((http|https|socks5|socks5h)://[^\s/]+(:[0-9]{1,5})?/?)");
    if (!std::regex_match(url.begin(), url.end(), shape)) {
        return "not a proxy URL; write http://host:port, https://host:port or "
               "socks5://host:port";
    }
    const auto rest = url.substr(url.find("://") + 3);
    if (rest.find('@') != std::string_view::npos) {
        return "a proxy URL with credentials must not be written in the file; put the whole "
               "URL in an environment variable and write ${env:NAME}";
    }
    return std::nullopt;
}

std::optional<std::string> check_ca_file(std::string_view path) {
    return existing_file_problem(path, "tls.ca_file");
}

std::optional<std::string> check_guest_name(std::string_view value) {
    static const std::regex placeholder(R"(\{([^{}]*)\})");
    const std::string v(value);
    for (auto it = std::sregex_iterator(v.begin(), v.end(), placeholder);
         it != std::sregex_iterator(); ++it) {
        const std::string name = (*it)[1].str();
        if (name != "store" && name != "currency" && name != "marketplace") {
            return "unknown placeholder {" + name + "}; use {store}, {currency} or {marketplace}";
        }
    }
    return std::nullopt;
}

std::optional<std::string> check_regex(std::string_view value) {
    try {
        const std::regex re{std::string(value)};
        (void)re;
    } catch (const std::regex_error&) {
        return shown(std::string(value)) + " is not a valid regular expression (ECMAScript)";
    }
    return std::nullopt;
}

ObjectSpec make_timeouts() {
    return ObjectSpec{
        "timeouts",
        "HTTP timeouts for every call to Amazon.",
        {
            field("connect_s", &Timeouts::connect_s, integer(1, 120),
                  "Seconds to wait for a TCP + TLS connection.", {.default_yaml = "10"}),
            field("total_s", &Timeouts::total_s, integer(1, 3600),
                  "Seconds one request may take from start to end.", {.default_yaml = "120"}),
            field("low_speed_s", &Timeouts::low_speed_s, integer(1, 600),
                  "Abort a transfer that moves no data for this many seconds.",
                  {.default_yaml = "30"}),
        },
        {}};
}

ObjectSpec make_tls() {
    return ObjectSpec{
        "tls",
        "Which certificate authorities the connector trusts. Verification is always on.",
        {
            field("ca_file", &Tls::ca_file, checked(text(), check_ca_file),
                  "Absolute path of a PEM bundle of the certificate authorities to trust "
                  "instead of the system store: a private CA, or a TLS-inspecting proxy's CA "
                  "(add the public roots to the bundle if Amazon is also reached directly). "
                  "Unset: the SSL_CERT_FILE environment variable when it is set, else the "
                  "system store."),
        },
        {}};
}

ObjectSpec make_instance(const ObjectSpec& timeouts, const ObjectSpec& tls) {
    return ObjectSpec{
        "instance",
        "Settings shared by every store of this connector instance.",
        {
            field("max_stores", &InstanceConfig::max_stores, integer(1, 100),
                  "How many stores (not retired) this instance may hold. Raise it when you "
                  "need more.",
                  {.default_yaml = "5"}),
            field("proxy", &InstanceConfig::proxy,
                  Spec{.type = Type::url, .check = check_proxy, .env_ref = true},
                  "Outbound proxy: http://host:port, https://..., socks5://..., or "
                  "${env:NAME} when it carries credentials. Unset: direct connection."),
            field("timeouts", &InstanceConfig::timeouts, object(timeouts), "HTTP timeouts.",
                  {.default_yaml = "{}"}),
            field("tls", &InstanceConfig::tls, object(tls), "Trusted certificate authorities.",
                  {.default_yaml = "{}"}),
            field("log_retention_days", &InstanceConfig::log_retention_days, integer(1, 365),
                  "Days the host keeps connection-log entries (the reference host takes it on at "
                  "install and prunes older entries).",
                  {.default_yaml = "7"}),
        },
        {{"stores", "'stores' belongs at the top level, not under 'instance'"}}};
}

ObjectSpec make_marketplaces() {
    return ObjectSpec{
        "marketplaces",
        "Where the store sells. All marketplaces of one store must be in one region "
        "(NA, EU or FE); the region and its endpoint follow from them.",
        {
            field("primary", &Marketplaces::primary, marketplace(),
                  "The main marketplace: a country code (UK, DE, US...) or a marketplace id.",
                  {.required = true}),
            field("further", &Marketplaces::further, list(marketplace()),
                  "More marketplaces of the same seller account in the same region.",
                  {.default_yaml = "[]"}),
        },
        {}};
}

ObjectSpec make_credentials() {
    const std::string ref = " By reference only: ${env:NAME}, ${file:/absolute/path} or "
                            "${secret:NAME} (host secret store).";
    return ObjectSpec{
        "credentials",
        "Login with Amazon (LWA) credentials, by reference only; never written in the file.",
        {
            field("lwa_client_id", &Credentials::lwa_client_id, secret(),
                  "LWA client id of the SP-API application." + ref,
                  {.required = true, .ui = "password"}),
            field("lwa_client_secret", &Credentials::lwa_client_secret, secret(),
                  "LWA client secret." + ref, {.required = true, .ui = "password"}),
            field("refresh_token", &Credentials::refresh_token, secret(),
                  "The seller's refresh token from authorising the application." + ref +
                      " Connect to Amazon in the admin console saves it as ${secret:NAME} (needs "
                      "stores[].application_id).",
                  {.required = true, .ui = "password"}),
        },
        {}};
}

ObjectSpec make_status() {
    return ObjectSpec{
        "status",
        "Whether the store is open at install, and what opening it does.",
        {
            field("open", &StoreStatus::open, boolean(),
                  "Open at install. A closed store runs no job; admins open it from the host.",
                  {.default_yaml = "false"}),
            field("on_open", &StoreStatus::on_open,
                  choice({"catch_up_from_cursor", "catch_up_from_install"}),
                  "What the next order import reads after an admin opens the store: "
                  "catch_up_from_cursor goes on from the last cursor (the orders placed while "
                  "closed included; install time on a first open); catch_up_from_install walks "
                  "again from filters.start_date or install time, orders already imported "
                  "recognised and not written twice.",
                  {.default_yaml = "catch_up_from_cursor"}),
        },
        {}};
}

ObjectSpec make_schedules() {
    return ObjectSpec{
        "schedules",
        "How often jobs run.",
        {
            field("orders", &Schedules::orders, schedule({"never"}, k_order_check_floor, k_day),
                  "Order check: never, 1h, 2h, 6h, 12h, 24h, or any interval from 3m (the "
                  "searchOrders usage-plan floor) to 24h.",
                  {.default_yaml = "1h"}),
            field("stock", &Schedules::stock,
                  schedule({"never", "on_change"}, 30 * k_minute, k_day),
                  "Stock export: on_change (pushed on every stock movement), 30m, 60m, 12h, "
                  "24h (any interval from 30m to 24h), or never.",
                  {.default_yaml = "1h"}),
            field("prices", &Schedules::prices,
                  schedule({"never", "on_change"}, 30 * k_minute, 7 * k_day),
                  "Price export: on_change, never, or an interval from 30m to 7d.",
                  {.default_yaml = "24h"}),
        },
        {}};
}

ObjectSpec make_customer() {
    return ObjectSpec{
        "customer",
        "Which host customer imported orders belong to.",
        {
            field("strategy", &Customer::strategy, choice({"per_order", "single_customer"}),
                  "per_order: a customer per Amazon order; single_customer: every order goes "
                  "to the customer 'code'.",
                  {.default_yaml = "per_order"}),
            field("code", &Customer::code, code(),
                  "The host customer code used with single_customer."),
        },
        {}};
}

// The rules between a channel's keys (validate and the JSON Schema both apply them).
std::vector<CrossRule> channel_rules(bool fba) {
    using Need = CrossRule::Need;
    std::vector<CrossRule> rules{
        {"customer.strategy", "single_customer", "host_status", Need::differs, "completed",
         "host_status",
         "host_status completed cannot be used with customer.strategy single_customer (one "
         "customer's orders cannot be closed one by one); use placed or backordered"},
        {"customer.strategy", "single_customer", "customer.code", Need::present, nullptr,
         "customer.strategy",
         "single_customer needs customer.code: the host customer that receives every order"},
        {"consolidation", "daily", "customer.strategy", Need::equals, "single_customer",
         "consolidation",
         "daily consolidation needs customer.strategy single_customer (one order per day for "
         "one customer)"},
    };
    if (fba) {
        rules.push_back({"enabled", true, "warehouse", Need::present, nullptr, "enabled",
                         "FBA import needs orders.fba.warehouse: the host warehouse that holds "
                         "FBA stock, so FBA orders never take FBM stock"});
    }
    return rules;
}

ObjectSpec make_channel(bool fba, const ObjectSpec& customer) {
    const std::string who = fba ? "FBA (Amazon-fulfilled)" : "FBM (merchant-fulfilled)";
    std::vector<Field> fields{
        field("enabled", &ChannelOrders::enabled, boolean(), "Import " + who + " orders.",
              {.default_yaml = fba ? "false" : "true"}),
        field("statuses", &ChannelOrders::statuses, list(choice({"unshipped", "shipped"}), 1),
              "Amazon order statuses to import.",
              {.default_yaml = fba ? "[shipped]" : "[unshipped]"}),
        field("customer", &ChannelOrders::customer, object(customer), "Customer strategy.",
              {.default_yaml = "{}"}),
        field("consolidation", &ChannelOrders::consolidation, choice({"per_order", "daily"}),
              "per_order: one host order per Amazon order; daily: one order per day (needs "
              "customer.strategy single_customer).",
              {.default_yaml = "per_order"}),
        field("host_status", &ChannelOrders::host_status,
              choice({"parked", "placed", "backordered", "completed"}),
              "Status of new host orders. completed cannot be used with a single customer.",
              {.default_yaml = "placed"}),
        field("warehouse", &ChannelOrders::warehouse, code(),
              fba ? "Host warehouse code holding FBA stock; required when enabled. Never "
                    "counted in stock export."
                  : "Host warehouse code the orders ship from; unset, FBM orders are parked "
                    "until it is set (the host entities name no default warehouse)."),
        field("sales_group", &ChannelOrders::sales_group, code(),
              "Sales group / team set on new orders."),
        field("folder", &ChannelOrders::folder, code(), "Folder or tag for new host orders."),
    };
    std::vector<std::pair<std::string, std::string>> misplaced;
    if (fba) {
        fields.push_back(
            field("guest_name", &ChannelOrders::guest_name, checked(text(), check_guest_name),
                  "Name of the FBA guest customer (one per store and currency). Placeholders: "
                  "{store} (the store's alias, not its display name), {currency} (e.g. EUR), "
                  "{marketplace} (country code, e.g. DE).",
                  {.default_yaml = "\"{store} FBA {currency} Amazon Guests\""}));
        misplaced.emplace_back("auto_assign",
                               "auto_assign applies to FBM orders only (orders.fbm.auto_assign); "
                               "Amazon picks the units of FBA orders");
    } else {
        fields.push_back(field("auto_assign", &ChannelOrders::auto_assign,
                               choice({"disabled", "batch", "serial", "both"}),
                               "Assign the oldest batch and/or serial numbers on import (the "
                               "products need batch/serial tracking). With host_status "
                               "completed, an order of a tracked product completes on import "
                               "only when its numbers are assigned: placed when this does not "
                               "assign its kind, backordered when the numbers fall short.",
                               {.default_yaml = "disabled"}));
        misplaced.emplace_back("guest_name",
                               "guest_name applies to FBA orders only (orders.fba.guest_name)");
    }
    return ObjectSpec{fba ? "fba" : "fbm", "Import of " + who + " orders.", std::move(fields),
                      std::move(misplaced), channel_rules(fba)};
}

ObjectSpec make_orders(const ObjectSpec& fbm, const ObjectSpec& fba) {
    return ObjectSpec{"orders",
                      "Order import, set separately for each fulfilment channel.",
                      {
                          field("fbm", &Orders::fbm, object(fbm), "Merchant-fulfilled orders.",
                                {.default_yaml = "{}"}),
                          field("fba", &Orders::fba, object(fba), "Amazon-fulfilled orders.",
                                {.default_yaml = "{}"}),
                      },
                      {}};
}

ObjectSpec make_filters() {
    return ObjectSpec{
        "filters",
        "Which Amazon orders to import.",
        {
            field("countries", &Filters::countries,
                  list(text("-?[A-Z]{2}",
                            "an ISO country code like DE, or -US to exclude a country")),
                  "Ship-to countries: codes to include (only those are imported), and -XX to "
                  "exclude. A list that starts with -XX excludes every code it names: [-US, CA, "
                  "MX] imports all but those three, as Order Desk's -US,CA,MX. Empty: every "
                  "country.",
                  {.default_yaml = "[]"}),
            field("inventory_locations", &Filters::inventory_locations, list(code()),
                  "Import only orders whose items are kept in one of these host warehouses (the "
                  "host has a stock level for the item there, whatever its quantity: a sold-out "
                  "item still belongs there), by warehouse code (exact and case-sensitive: "
                  "BERLIN, not Berlin). A code no host warehouse has matches nothing. Empty: no "
                  "filter.",
                  {.default_yaml = "[]"}),
            field("skip_programs", &Filters::skip_programs,
                  list(choice({"business", "prime", "premium", "ispu", "replacement"})),
                  "Order programs to skip, e.g. business (Amazon Business orders).",
                  {.default_yaml = "[]"}),
            field("start_date", &Filters::start_date, date(),
                  "First import: orders created on or after this date (YYYY-MM-DD). Unset: "
                  "from install time."),
        },
        {}};
}

ObjectSpec make_replace() {
    return ObjectSpec{"replace",
                      "One regular-expression replacement applied to the Seller SKU.",
                      {
                          field("pattern", &SkuReplace::pattern, checked(text(), check_regex),
                                "ECMAScript regular expression.", {.required = true}),
                          field("with", &SkuReplace::with, text_or_empty(),
                                "Replacement text ($1 for groups).", {.required = true}),
                      },
                      {}};
}

ObjectSpec make_sku_crop(const ObjectSpec& replace) {
    return ObjectSpec{
        "sku_crop",
        "How the Amazon Seller SKU of an ordered item becomes the host SKU on order import: "
        "prefix and suffix cut, then the replacements.",
        {
            field("prefix", &SkuCrop::prefix, text_or_empty(), "Prefix cut from the Amazon SKU.",
                  {.default_yaml = "\"\""}),
            field("suffix", &SkuCrop::suffix, text_or_empty(), "Suffix cut from the Amazon SKU.",
                  {.default_yaml = "\"\""}),
            field("replace", &SkuCrop::replace, list(object(replace)),
                  "Replacements applied in order after prefix and suffix.", {.default_yaml = "[]"}),
        },
        {}};
}

ObjectSpec make_products(const ObjectSpec& sku_crop) {
    return ObjectSpec{
        "products",
        "How Amazon listings and host products are matched and synced.",
        {
            field("identification", &Products::identification, choice({"seller_sku", "asin"}),
                  "What identifies a product: the Seller SKU or the ASIN, for orders and "
                  "product import, and for matching Amazon's listings to products in stock and "
                  "price export, import_prices and list_products. Cannot change after install "
                  "unless identification_migration is true.",
                  {.default_yaml = "seller_sku"}),
            field("identification_migration", &Products::identification_migration, boolean(),
                  "Allow changing identification on an installed store, and let "
                  "migrate_identification apply=true give every product its key under the new "
                  "identification first (its dry run lists what changes), so none is created "
                  "twice.",
                  {.default_yaml = "false"}),
            field("sku_attribute", &Products::sku_attribute, attribute(),
                  "Where host products hold the identification key (the Seller SKU, or the ASIN "
                  "with identification asin): code or barcode (the product's own fields), else "
                  "the name of a product attribute. Unset: the product code (for asin: the "
                  "attribute amazon_asin, which products created on import carry)."),
            field("sku_crop", &Products::sku_crop, object(sku_crop), "SKU cropping rules.",
                  {.default_yaml = "{}"}),
            field("create_on_import", &Products::create_on_import, boolean(),
                  "Create an unknown product when an order names it (else the order is "
                  "parked).",
                  {.default_yaml = "false"}),
            field("sync_from_amazon", &Products::sync_from_amazon, boolean(),
                  "import_products overwrites an existing host product's description (Amazon's "
                  "title), barcode (Amazon's EAN, UPC or ISBN) and attribute amazon_asin; never "
                  "the other way. Off: existing products are left as they are (new ones are "
                  "created either way).",
                  {.default_yaml = "false"}),
            field("price_tier", &Products::price_tier, code(),
                  "Host price tier that receives Amazon's prices: import_prices writes them "
                  "there, daily on the schedule and whenever it is run. A tier the store also "
                  "exports is refused (it would loop)."),
            field("skip_attribute", &Products::skip_attribute, attribute(),
                  "Host product attribute that, when true, excludes the product from stock and "
                  "price export (e.g. amazon_skip)."),
            field("lead_time_days", &Products::lead_time_days, integer(0, 30),
                  "Default handling time in days sent with stock.", {.default_yaml = "2"}),
            field("lead_time_attribute", &Products::lead_time_attribute, attribute(),
                  "Host product attribute with a per-product handling time in days."),
            field("switch_fulfillment_attribute", &Products::switch_fulfillment_attribute,
                  attribute(),
                  "Host product attribute (AFN or MFN) that switches a listing's fulfilment "
                  "channel."),
        },
        {}};
}

ObjectSpec make_taxes() {
    return ObjectSpec{
        "taxes",
        "How Amazon's taxes land on host orders.",
        {
            field("mode", &Taxes::mode, choice({"line", "order_charge", "ignore"}),
                  "line: tax on each line with rate and code; order_charge: Amazon's tax as "
                  "one order-level tax charge, every line and charge at 0 % with no_tax_code; "
                  "ignore: no tax is read from Amazon, every line and charge at 0 % with "
                  "no_tax_code.",
                  {.default_yaml = "line"}),
            field("prices_include_tax", &Taxes::prices_include_tax,
                  choice({"auto", "true", "false"}),
                  "Whether Amazon prices include tax: auto follows the marketplace (VAT "
                  "inclusive in EU/UK/JP...), or true/false.",
                  {.default_yaml = "auto"}),
            field("charges_sales_account", &Taxes::charges_sales_account, code(),
                  "Sales account for tax and shipping charge lines."),
            field("tax_codes", &Taxes::tax_codes, dictionary(code(), code()),
                  "Amazon tax code -> host tax code.", {.default_yaml = "{}"}),
            field("no_tax_code", &Taxes::no_tax_code, code(),
                  "Host tax code on lines and charges at 0 % (mode order_charge or ignore), as "
                  "Unleashed's NONE.",
                  {.default_yaml = "NONE"}),
            field("vat_metadata_key", &Taxes::vat_metadata_key, attribute(),
                  "Order metadata key that keeps Amazon's VAT amount (e.g. vat_tax)."),
        },
        {}};
}

ObjectSpec make_ship_from() {
    return ObjectSpec{
        "ship_from",
        "Address the seller ships from (sent with shipment confirmations).",
        {
            field("name", &ShipFrom::name, text(), "Name or company."),
            field("address_line1", &ShipFrom::address_line1, text(), "Street and number.",
                  {.required = true}),
            field("address_line2", &ShipFrom::address_line2, text(), "More address."),
            field("city", &ShipFrom::city, text(), "City.", {.required = true}),
            field("state_or_region", &ShipFrom::state_or_region, text(), "State or region."),
            field("postal_code", &ShipFrom::postal_code, text(), "Postal code.",
                  {.required = true}),
            field("country_code", &ShipFrom::country_code,
                  text("[A-Z]{2}", "an ISO 3166-1 alpha-2 code such as GB or DE"), "Country code.",
                  {.required = true}),
        },
        {}};
}

ObjectSpec make_shipping(const ObjectSpec& ship_from) {
    return ObjectSpec{
        "shipping",
        "Shipment confirmation (confirm_shipments) defaults.",
        {
            field("enabled", &Shipping::enabled, boolean(),
                  "Confirm the host's shipments (carrier, tracking, items) to Amazon: "
                  "confirm_shipments and order_shipped events. false: another system tells "
                  "Amazon; shipments are kept in the host and nothing is sent.",
                  {.default_yaml = "true"}),
            field("default_service", &Shipping::default_service, text(),
                  "Shipping method (shippingMethod) sent when the host shipment names no "
                  "service."),
            field("default_method", &Shipping::default_method, text(),
                  "Name of the shipping charge line on imported orders (unset: Amazon's "
                  "shipment service level, else 'Shipping'), and the carrier name sent with "
                  "Other when the host shipment names no carrier."),
            field("default_carrier", &Shipping::default_carrier,
                  text("[A-Za-z0-9 ._&/!-]{1,64}", "an Amazon carrier code such as UPS or Other"),
                  "Amazon carrier code for host carriers that are neither in 'carriers' nor an "
                  "Amazon carrier code themselves (Other sends the carrier name).",
                  {.default_yaml = "Other"}),
            field("carriers", &Shipping::carriers, dictionary(text(), text()),
                  "Host carrier -> Amazon carrier code (e.g. 'RM Tracked: Royal Mail'); a host "
                  "carrier spelled like an Amazon code needs no entry.",
                  {.default_yaml = "{}"}),
            field("supply_source_id", &Shipping::supply_source_id, text(),
                  "Amazon supply source id sent as shipFromSupplySourceId with every package; a "
                  "host order's metadata 'ship_from_supply_source_id' overrides it."),
            field("ship_from", &Shipping::ship_from, object(ship_from),
                  "Ship-from address. confirmShipment takes no address (Amazon uses the supply "
                  "source's, see supply_source_id), so this build does not send it.",
                  {.ignored = true}),
        },
        {}};
}

ObjectSpec make_cancellations() {
    return ObjectSpec{
        "cancellations",
        "Cancelling orders at Amazon from the host.",
        {
            field("default_reason", &Cancellations::default_reason,
                  choice({"NoInventory", "ShippingAddressUndeliverable", "CustomerExchange",
                          "BuyerCanceled", "GeneralAdjustment", "CarrierCreditDecision",
                          "RiskAssessmentInformationNotValid", "CarrierCoverageFailure",
                          "CustomerReturn", "MerchandiseNotReceived"}),
                  "Amazon CancelReason sent when the host gives none.",
                  {.default_yaml = "NoInventory"}),
            field("batch_delay", &Cancellations::batch_delay, duration(k_minute, k_hour),
                  "How long cancellations wait to be sent together in one feed (1m to 1h).",
                  {.default_yaml = "5m"}),
            field("accept_buyer_requests", &Cancellations::accept_buyer_requests, boolean(),
                  "Answer a buyer's cancellation request by cancelling the requested items with "
                  "BuyerCanceled (false: the request is shown on the host order and logged).",
                  {.default_yaml = "false"}),
        },
        {}};
}

ObjectSpec make_stock() {
    return ObjectSpec{
        "stock",
        "Stock export to Amazon (FBM listings only; FBA listings never get a quantity).",
        {
            field("enabled", &Stock::enabled, boolean(), "Export stock.", {.default_yaml = "true"}),
            field("warehouses", &Stock::warehouses, list(code()),
                  "FBM warehouse codes counted (on hand - allocated). Empty: every warehouse "
                  "except FBA ones.",
                  {.default_yaml = "[]"}),
            field("fba_warehouses", &Stock::fba_warehouses, list(code()),
                  "Host warehouses that hold Amazon-fulfilled stock; never counted. "
                  "orders.fba.warehouse is always one of them.",
                  {.default_yaml = "[]"}),
            field("include_assembly", &Stock::include_assembly, boolean(),
                  "Assemblies add what can be assembled from their components' available "
                  "(Unleashed's rule: a component still shows its own available). Only for "
                  "assemblies that can auto-assemble (see auto_assemble_attribute).",
                  {.default_yaml = "false"}),
            field("assembly_mode", &Stock::assembly_mode, choice({"can_assemble", "share_split"}),
                  "With include_assembly. can_assemble: a component shows its own available, an "
                  "assembly its own available plus what its components' available can build (the "
                  "same units count for both). share_split: a component's units are split between "
                  "its own listing and its assemblies, so no unit is promised twice.",
                  {.default_yaml = "can_assemble"}),
            field("auto_assemble_attribute", &Stock::auto_assemble_attribute, attribute(),
                  "Product attribute saying an assembly can auto-assemble (true/false, per bill "
                  "of materials). Unset: every assembly can. An assembly that cannot shows only "
                  "its own available."),
            field("buffer", &Stock::buffer, integer(0, 1000000),
                  "Units held back from every listing.", {.default_yaml = "0"}),
            field("maximum", &Stock::maximum, integer(1, 1000000),
                  "Never list more than this many units. Unset: no maximum."),
        },
        {}};
}

ObjectSpec make_prices() {
    return ObjectSpec{
        "prices",
        "Price export to Amazon.",
        {
            field("enabled", &Prices::enabled, boolean(), "Export prices.",
                  {.default_yaml = "false"}),
            field("default_tier", &Prices::default_tier, code(),
                  "Host price tier for marketplaces missing from 'tiers'."),
            field("tiers", &Prices::tiers, dictionary(text(), code()),
                  "Marketplace (country code) -> host price tier, e.g. {UK: GBP-retail}.",
                  {.default_yaml = "{}"}),
        },
        {}};
}

struct Specs {
    ObjectSpec timeouts = make_timeouts();
    ObjectSpec tls = make_tls();
    ObjectSpec instance = make_instance(timeouts, tls);
    ObjectSpec marketplaces = make_marketplaces();
    ObjectSpec credentials = make_credentials();
    ObjectSpec status = make_status();
    ObjectSpec schedules = make_schedules();
    ObjectSpec customer = make_customer();
    ObjectSpec fbm = make_channel(false, customer);
    ObjectSpec fba = make_channel(true, customer);
    ObjectSpec orders = make_orders(fbm, fba);
    ObjectSpec filters = make_filters();
    ObjectSpec replace = make_replace();
    ObjectSpec sku_crop = make_sku_crop(replace);
    ObjectSpec products = make_products(sku_crop);
    ObjectSpec taxes = make_taxes();
    ObjectSpec ship_from = make_ship_from();
    ObjectSpec shipping = make_shipping(ship_from);
    ObjectSpec cancellations = make_cancellations();
    ObjectSpec stock = make_stock();
    ObjectSpec prices = make_prices();
    ObjectSpec store = make_store();
    ObjectSpec root = make_root();

    ObjectSpec make_store() const {
        return ObjectSpec{
            "store",
            "One Amazon seller account in one region.",
            {
                field("alias", &StoreConfig::alias,
                      text("[a-z0-9-]{1,8}",
                           "use 1 to 8 lowercase letters, digits or '-' (e.g. uk1)"),
                      "Short unique name of the store; immutable once installed.",
                      {.required = true}),
                field("display_name", &StoreConfig::display_name, text(),
                      "Name shown in the host. Unset: the alias."),
                field("retired", &StoreConfig::retired, boolean(),
                      "A retired store runs nothing and does not count against max_stores; "
                      "installed stores are retired, never removed or renamed.",
                      {.default_yaml = "false"}),
                field("marketplaces", &StoreConfig::marketplaces, object(marketplaces),
                      "Primary and further marketplaces.", {.required = true}),
                field("seller_id", &StoreConfig::seller_id,
                      text("[A-Z0-9]{5,20}", "Amazon's merchant token: 5 to 20 capital letters "
                                             "or digits"),
                      "Amazon seller (merchant) id.", {.required = true}),
                field("credentials", &StoreConfig::credentials, object(credentials),
                      "LWA credentials by reference.", {.required = true}),
                field("endpoint", &StoreConfig::endpoint,
                      Spec{.type = Type::url, .check = check_endpoint, .env_ref = true},
                      "SP-API base URL override: https://..., http:// to loopback only (the "
                      "sandbox), or ${env:NAME} checked after expansion. Unset: the region's "
                      "endpoint."),
                field("application_id", &StoreConfig::application_id,
                      text("amzn1\\.sp\\.solution\\.[A-Za-z0-9-]{1,64}",
                           "the SP-API application id from the Developer Central, "
                           "amzn1.sp.solution.<id>"),
                      "The SP-API application the seller authorizes with Connect to Amazon "
                      "(website authorization workflow) in the admin console (`amzconn-host "
                      "serve --http`). Unset: set the refresh token by hand."),
                field("application_draft", &StoreConfig::application_draft, boolean(),
                      "The application is a draft (not yet published): the consent URL "
                      "carries version=beta.",
                      {.default_yaml = "false"}),
                field("status", &StoreConfig::status, object(status), "Open/closed at install.",
                      {.default_yaml = "{}"}),
                field("sync_level", &StoreConfig::sync_level,
                      choice({"orders_and_stock", "stock_only"}),
                      "orders_and_stock: import orders and export stock; stock_only: no "
                      "order import.",
                      {.default_yaml = "orders_and_stock"}),
                field("schedules", &StoreConfig::schedules, object(schedules), "Job schedules.",
                      {.default_yaml = "{}"}),
                field("orders", &StoreConfig::orders, object(orders), "Order import.",
                      {.default_yaml = "{}"}),
                field("filters", &StoreConfig::filters, object(filters), "Order filters.",
                      {.default_yaml = "{}"}),
                field("products", &StoreConfig::products, object(products), "Product matching.",
                      {.default_yaml = "{}"}),
                field("taxes", &StoreConfig::taxes, object(taxes), "Taxes.",
                      {.default_yaml = "{}"}),
                field("shipping", &StoreConfig::shipping, object(shipping), "Shipping.",
                      {.default_yaml = "{}"}),
                field("cancellations", &StoreConfig::cancellations, object(cancellations),
                      "Cancellations.", {.default_yaml = "{}"}),
                field("stock", &StoreConfig::stock, object(stock), "Stock export.",
                      {.default_yaml = "{}"}),
                field("prices", &StoreConfig::prices, object(prices), "Price export.",
                      {.default_yaml = "{}"}),
            },
            {{"max_stores", "max_stores belongs under 'instance'"},
             {"proxy", "proxy belongs under 'instance'"}}};
    }

    ObjectSpec make_root() const {
        return ObjectSpec{
            "config",
            "An amzconn config file: the instance settings and the stores.",
            {
                field("instance", &Config::instance, object(instance), "Instance settings.",
                      {.default_yaml = "{}"}),
                field("stores", &Config::stores, list(object(store), 1),
                      "The Amazon stores, one entry per seller account and region.",
                      {.required = true}),
            },
            {{"alias", "store keys go under 'stores:' as a list entry: '- alias: ...'"}}};
    }
};

} // namespace

const ObjectSpec& root_spec() {
    static const Specs specs;
    return specs.root;
}

const Field* find_field(const ObjectSpec& spec, std::string_view dotted) {
    const auto dot = dotted.find('.');
    const std::string_view head = dotted.substr(0, dot);
    for (const auto& field : spec.fields) {
        if (field.key != head) {
            continue;
        }
        if (dot == std::string_view::npos) {
            return &field;
        }
        return field.spec.type == Type::object
                   ? find_field(*field.spec.object, dotted.substr(dot + 1))
                   : nullptr;
    }
    return nullptr;
}

} // namespace amzconn::config::detail
