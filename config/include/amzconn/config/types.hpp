// The typed integrator config: one struct per YAML object. Every field is filled by the loader,
// defaults included; the defaults themselves live only in the schema table (config/schema/).
#pragma once

#include "base/marketplaces.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::config {

// A credential is never a literal in the config: it names where the host finds it.
struct SecretRef {
    enum class Kind { env, file, secret };
    Kind kind = Kind::secret;
    std::string name; // variable name, absolute path, or host secret-store name
    bool operator==(const SecretRef&) const = default;
};

// An interval or one of the keywords a schedule accepts.
struct Schedule {
    enum class Kind { never, on_change, every };
    Kind kind = Kind::never;
    std::chrono::seconds every{0};
    bool operator==(const Schedule&) const = default;
};

struct Timeouts {
    std::int64_t connect_s = 0;
    std::int64_t total_s = 0;
    std::int64_t low_speed_s = 0;
};

struct Tls {
    // PEM bundle of the authorities to trust instead of the system store (a private CA).
    std::optional<std::string> ca_file;
};

struct InstanceConfig {
    std::int64_t max_stores = 0;
    std::optional<std::string> proxy; // a URL or an ${env:NAME} reference, kept as written
    Timeouts timeouts;
    Tls tls;
    std::int64_t log_retention_days = 0;
};

struct Marketplaces {
    const amazon::Marketplace* primary = nullptr;
    std::vector<const amazon::Marketplace*> further;
    amazon::Region region = amazon::Region::na; // derived from primary
};

struct Credentials {
    SecretRef lwa_client_id;
    SecretRef lwa_client_secret;
    SecretRef refresh_token;
};

enum class OnOpen { catch_up_from_cursor, catch_up_from_install };
struct StoreStatus {
    bool open = false;
    OnOpen on_open = OnOpen::catch_up_from_cursor;
};

enum class SyncLevel { orders_and_stock, stock_only };

struct Schedules {
    Schedule orders;
    Schedule stock;
    Schedule prices;
};

enum class AmazonOrderStatus { unshipped, shipped };
enum class CustomerStrategy { per_order, single_customer };
enum class Consolidation { per_order, daily };
enum class HostOrderStatus { parked, placed, backordered, completed };
enum class AutoAssign { disabled, batch, serial, both };

struct Customer {
    CustomerStrategy strategy = CustomerStrategy::per_order;
    std::optional<std::string> code; // the host customer used with single_customer
};

// Settings shared by FBM and FBA order import; auto_assign is read for FBM only, guest_name for
// FBA only (the schema offers each key only where it applies).
struct ChannelOrders {
    bool enabled = false;
    std::vector<AmazonOrderStatus> statuses;
    Customer customer;
    Consolidation consolidation = Consolidation::per_order;
    HostOrderStatus host_status = HostOrderStatus::placed;
    std::optional<std::string> warehouse;
    std::optional<std::string> sales_group;
    std::optional<std::string> folder;
    AutoAssign auto_assign = AutoAssign::disabled;
    std::string guest_name;
};

struct Orders {
    ChannelOrders fbm;
    ChannelOrders fba;
};

enum class OrderProgram { business, prime, premium, ispu, replacement };

struct Filters {
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

struct Products {
    Identification identification = Identification::seller_sku;
    bool identification_migration = false;
    std::optional<std::string> sku_attribute;
    SkuCrop sku_crop;
    bool create_on_import = false;
    bool sync_from_amazon = false;
    std::optional<std::string> price_tier;
    std::optional<std::string> skip_attribute;
    std::int64_t lead_time_days = 0;
    std::optional<std::string> lead_time_attribute;
    std::optional<std::string> switch_fulfillment_attribute;
};

enum class TaxMode { line, order_charge, ignore };
enum class PricesIncludeTax { auto_by_marketplace, yes, no };

struct Taxes {
    TaxMode mode = TaxMode::line;
    PricesIncludeTax prices_include_tax = PricesIncludeTax::auto_by_marketplace;
    std::optional<std::string> charges_sales_account;
    std::map<std::string, std::string> tax_codes; // Amazon tax code -> host tax code
    std::string no_tax_code = "NONE";             // lines and charges at 0 % (order_charge, ignore)
    std::optional<std::string> vat_metadata_key;
};

struct ShipFrom {
    std::optional<std::string> name;
    std::optional<std::string> address_line1;
    std::optional<std::string> address_line2;
    std::optional<std::string> city;
    std::optional<std::string> state_or_region;
    std::optional<std::string> postal_code;
    std::optional<std::string> country_code;
};

struct Shipping {
    bool enabled = true; // confirm the host's shipments to Amazon (Order Desk: Sync Tracking)
    std::optional<std::string> default_service;
    std::optional<std::string> default_method;
    std::string default_carrier;                 // Amazon carrier code for unmapped carriers
    std::map<std::string, std::string> carriers; // host carrier -> Amazon carrier code
    std::optional<ShipFrom> ship_from;
    std::optional<std::string> supply_source_id; // shipFromSupplySourceId of every package
};

enum class CancelReason {
    NoInventory,
    ShippingAddressUndeliverable,
    CustomerExchange,
    BuyerCanceled,
    GeneralAdjustment,
    CarrierCreditDecision,
    RiskAssessmentInformationNotValid,
    CarrierCoverageFailure,
    CustomerReturn,
    MerchandiseNotReceived,
};

struct Cancellations {
    CancelReason default_reason = CancelReason::NoInventory;
    std::chrono::seconds batch_delay{0};
    bool accept_buyer_requests = false;
};

// How an assembly's quantity draws on its components (stock.assembly_mode).
enum class AssemblyMode { can_assemble, share_split };

struct Stock {
    bool enabled = false;
    std::vector<std::string> warehouses; // FBM warehouses counted; empty = every non-FBA one
    std::vector<std::string> fba_warehouses;
    bool include_assembly = false;
    AssemblyMode assembly_mode = AssemblyMode::can_assemble;
    std::optional<std::string> auto_assemble_attribute; // per-product "can auto-assemble"
    std::int64_t buffer = 0;
    std::optional<std::int64_t> maximum;
};

struct Prices {
    bool enabled = false;
    std::optional<std::string> default_tier;
    std::map<std::string, std::string> tiers; // marketplace country code -> host price tier
};

struct StoreConfig {
    std::string alias;
    std::optional<std::string> display_name;
    bool retired = false;
    Marketplaces marketplaces;
    std::string seller_id;
    Credentials credentials;
    std::optional<std::string> endpoint; // as written: a URL or an ${env:NAME} reference
    // The SP-API application (amzn1.sp.solution...) the admin console's Connect to Amazon
    // asks the seller to authorize; a draft app adds version=beta to the consent URL.
    std::optional<std::string> application_id;
    bool application_draft = false;
    StoreStatus status;
    SyncLevel sync_level = SyncLevel::orders_and_stock;
    Schedules schedules;
    Orders orders;
    Filters filters;
    Products products;
    Taxes taxes;
    Shipping shipping;
    Cancellations cancellations;
    Stock stock;
    Prices prices;
};

struct Config {
    InstanceConfig instance;
    std::vector<StoreConfig> stores;
};

} // namespace amzconn::config
