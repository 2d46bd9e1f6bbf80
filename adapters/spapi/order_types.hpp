// The Orders API 2026-01-01 order shape as plain C++ data: every field the order rules need.
// Money is exact (money::Money), times are UTC (time::Timestamp). Names follow
// orders_2026-01-01.json. PII fields are present only when Amazon sent them (role-gated).
#pragma once

#include "base/money.hpp"
#include "base/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace amzconn::spapi::orders {

struct DateTimeRange {
    std::optional<time::Timestamp> earliest;
    std::optional<time::Timestamp> latest;
};

struct Alias {
    std::string alias_id;
    std::string alias_type; // SELLER_ORDER_ID, ...
};

struct AssociatedOrder {
    std::string order_id;
    std::string association_type; // REPLACEMENT_ORIGINAL_ID | EXCHANGE_ORIGINAL_ID
};

struct SalesChannel {
    std::string channel_name; // AMAZON | NON_AMAZON
    std::string marketplace_id;
    std::string marketplace_name;
};

struct Buyer {
    std::optional<std::string> buyer_name;
    std::optional<std::string> buyer_email; // anonymized relay address
    std::optional<std::string> buyer_company_name;
    std::optional<std::string> buyer_purchase_order_number;
};

struct AddressExtendedFields {
    std::optional<std::string> street_name, street_number, complement, neighborhood;
};

struct Address {
    std::optional<std::string> name, company_name, address_line1, address_line2, address_line3,
        city, district_or_county, state_or_region, municipality, postal_code, country_code, phone,
        address_type;
    std::optional<AddressExtendedFields> extended_fields;
};

struct DeliveryPreference {
    std::optional<std::string> drop_off_location;
    std::optional<std::string> address_instruction;
    std::vector<std::string> delivery_capabilities;
};

struct Recipient {
    std::optional<Address> delivery_address;
    std::optional<DeliveryPreference> delivery_preference;
};

struct DetailedBreakdown {
    std::string subtype; // ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER, DISCOUNT
    std::optional<money::Money> value;
};

struct ProceedsBreakdown {
    std::string
        type; // ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER, TAX, DISCOUNT (order: +DELIVERY_TIP...)
    std::optional<std::string> status;
    money::Money subtotal;
    std::vector<DetailedBreakdown> detailed_breakdowns;
};

struct OrderProceeds {
    std::optional<money::Money> grand_total;
    std::vector<ProceedsBreakdown> breakdowns;
};

struct PaymentExecution {
    std::optional<std::string> payment_method;
    std::optional<money::Money> payment_amount;
};

struct TaxRegistration {
    std::optional<std::string> entity_type, legal_name, tax_registration_type,
        tax_registration_number;
    std::optional<Address> tax_registration_address;
};

struct OrderTax {
    std::vector<TaxRegistration> tax_registrations;
    std::optional<std::string> buyer_invoice_preference;
    std::optional<std::string> invoice_status;
};

enum class FulfillmentStatus {
    pending_availability,
    pending,
    unshipped,
    partially_shipped,
    shipped,
    cancelled,
    unfulfillable
};
// Amazon's spelling of a status (Orders API 2026-01-01), e.g. "PARTIALLY_SHIPPED".
inline std::string_view to_string(FulfillmentStatus status) {
    switch (status) {
    case FulfillmentStatus::pending_availability: return "PENDING_AVAILABILITY";
    case FulfillmentStatus::pending: return "PENDING";
    case FulfillmentStatus::unshipped: return "UNSHIPPED";
    case FulfillmentStatus::partially_shipped: return "PARTIALLY_SHIPPED";
    case FulfillmentStatus::shipped: return "SHIPPED";
    case FulfillmentStatus::cancelled: return "CANCELLED";
    case FulfillmentStatus::unfulfillable: return "UNFULFILLABLE";
    }
    return "?";
}

struct OrderFulfillment {
    FulfillmentStatus fulfillment_status = FulfillmentStatus::pending;
    std::optional<std::string> fulfilled_by; // MERCHANT | AMAZON
    std::optional<std::string> fulfillment_service_level;
    std::optional<DateTimeRange> ship_by_window;
    std::optional<DateTimeRange> deliver_by_window;
    std::optional<DateTimeRange> label_printing_window;
};

struct ItemCondition {
    std::optional<std::string> condition_type, condition_subtype, condition_note;
};

struct ItemProduct {
    std::optional<std::string> asin;
    std::optional<std::string> title;
    std::optional<std::string> seller_sku;
    std::optional<ItemCondition> condition;
    std::optional<money::Money> unit_price;       // per unit (price.unitPrice)
    std::optional<std::string> price_designation; // BUSINESS_PRICE
    std::vector<std::string> serial_numbers;
    std::optional<std::string> customized_url;
};

struct ItemProceeds {
    std::optional<money::Money> proceeds_total;
    std::vector<ProceedsBreakdown> breakdowns; // line totals, not unit prices
};

struct PointsGranted {
    std::optional<int64_t> points_number;
    std::optional<money::Money> points_monetary_value;
};

struct ItemCancellation {
    std::optional<std::string> requester;
    std::optional<std::string> request_reason;
    std::optional<std::string> cancelled_by;
    std::optional<std::string> execution_reason;
};

struct GiftOption {
    std::optional<std::string> gift_message;
    std::optional<std::string> gift_wrap_level;
};

struct ShippingConstraints {
    bool pallet_delivery = false, cash_on_delivery = false, signature_confirmation = false,
         recipient_identity_verification = false, recipient_age_verification = false;
};

struct ItemFulfillment {
    std::optional<int64_t> quantity_fulfilled;
    std::optional<int64_t> quantity_unfulfilled;
    std::optional<GiftOption> gift_option;
    std::optional<std::string> serial_number_requirement;
    std::optional<DateTimeRange> scheduled_delivery_window;
    ShippingConstraints shipping_constraints;
    std::optional<std::string> ioss_number;
};

struct TaxCollection {
    std::optional<std::string> model;             // MARKETPLACE_FACILITATOR
    std::optional<std::string> responsible_party; // "Amazon Services, Inc."
};

struct ItemTax {
    std::vector<std::string> reporting_schemes; // IOSS, UOSS
    std::vector<TaxCollection> tax_collections;
};

struct Measurement {
    std::string unit;
    std::string value; // decimal text as sent (not money; kept exact)
};

struct OrderItem {
    std::string order_item_id;
    int64_t quantity_ordered = 0;
    std::optional<Measurement> measurement;
    std::vector<std::string> programs; // TRANSPARENCY, SUBSCRIBE_AND_SAVE, ...
    ItemProduct product;
    std::optional<ItemProceeds> proceeds;
    std::optional<PointsGranted> points_cost;
    std::vector<std::string> promotion_ids;
    std::optional<ItemCancellation> cancellation;
    std::optional<ItemFulfillment> fulfillment;
    std::optional<ItemTax> tax;
};

struct PackageItem {
    std::string order_item_id;
    int64_t quantity = 0;
    std::vector<std::string> transparency_codes;
};

struct OrderPackage {
    std::string package_reference_id;
    std::optional<time::Timestamp> created_time;
    std::optional<std::string> package_status;
    std::optional<std::string> carrier;
    std::optional<time::Timestamp> ship_time;
    std::optional<std::string> shipping_service;
    std::optional<std::string> tracking_number;
    std::vector<PackageItem> package_items;
};

struct Order {
    std::string order_id;
    std::vector<Alias> order_aliases;
    time::Timestamp created_time;
    time::Timestamp last_updated_time;
    std::vector<std::string> programs; // PRIME, AMAZON_BUSINESS, PREORDER, ...
    std::vector<AssociatedOrder> associated_orders;
    SalesChannel sales_channel;
    std::optional<Buyer> buyer;
    std::optional<Recipient> recipient;
    std::optional<OrderProceeds> proceeds;
    std::vector<PaymentExecution> payment_executions;
    std::optional<OrderTax> tax;
    std::optional<OrderFulfillment> fulfillment;
    std::vector<OrderItem> order_items;
    std::vector<OrderPackage> packages;
    std::vector<std::string> fulfillment_order_ids;

    // SELLER_ORDER_ID alias, if any.
    std::optional<std::string> seller_order_id() const;
};

} // namespace amzconn::spapi::orders
