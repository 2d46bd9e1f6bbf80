// The Orders API 2026-01-01 order shape as plain C++ data: every field the order rules need.
// Money is exact (money::Money), times are UTC (time::Timestamp). Names follow
// orders_2026-01-01.json. PII fields are present only when Amazon sent them (role-gated).
// Equality is member by member (the streaming and the tree parser are tested against each other).
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

    bool operator==(const DateTimeRange&) const = default;
};

struct Alias {
    std::string alias_id;
    std::string alias_type; // SELLER_ORDER_ID, ...

    bool operator==(const Alias&) const = default;
};

struct AssociatedOrder {
    std::string order_id;
    std::string association_type; // REPLACEMENT_ORIGINAL_ID | EXCHANGE_ORIGINAL_ID

    bool operator==(const AssociatedOrder&) const = default;
};

struct SalesChannel {
    std::string channel_name; // AMAZON | NON_AMAZON
    std::string marketplace_id;
    std::string marketplace_name;

    bool operator==(const SalesChannel&) const = default;
};

struct Buyer {
    std::optional<std::string> buyer_name;
    std::optional<std::string> buyer_email; // anonymized relay address
    std::optional<std::string> buyer_company_name;
    std::optional<std::string> buyer_purchase_order_number;

    bool operator==(const Buyer&) const = default;
};

struct AddressExtendedFields {
    std::optional<std::string> street_name, street_number, complement, neighborhood;

    bool operator==(const AddressExtendedFields&) const = default;
};

struct Address {
    std::optional<std::string> name, company_name, address_line1, address_line2, address_line3,
        city, district_or_county, state_or_region, municipality, postal_code, country_code, phone,
        address_type;
    std::optional<AddressExtendedFields> extended_fields;

    bool operator==(const Address&) const = default;
};

struct DeliveryPreference {
    std::optional<std::string> drop_off_location;
    std::optional<std::string> address_instruction;
    std::vector<std::string> delivery_capabilities;

    bool operator==(const DeliveryPreference&) const = default;
};

struct Recipient {
    std::optional<Address> delivery_address;
    std::optional<DeliveryPreference> delivery_preference;

    bool operator==(const Recipient&) const = default;
};

struct DetailedBreakdown {
    std::string subtype; // ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER, DISCOUNT
    std::optional<money::Money> value;

    bool operator==(const DetailedBreakdown&) const = default;
};

struct ProceedsBreakdown {
    std::string
        type; // ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER, TAX, DISCOUNT (order: +DELIVERY_TIP...)
    std::optional<std::string> status;
    money::Money subtotal;
    std::vector<DetailedBreakdown> detailed_breakdowns;

    bool operator==(const ProceedsBreakdown&) const = default;
};

struct OrderProceeds {
    std::optional<money::Money> grand_total;
    std::vector<ProceedsBreakdown> breakdowns;

    bool operator==(const OrderProceeds&) const = default;
};

struct PaymentExecution {
    std::optional<std::string> payment_method;
    std::optional<money::Money> payment_amount;

    bool operator==(const PaymentExecution&) const = default;
};

struct TaxRegistration {
    std::optional<std::string> entity_type, legal_name, tax_registration_type,
        tax_registration_number;
    std::optional<Address> tax_registration_address;

    bool operator==(const TaxRegistration&) const = default;
};

struct OrderTax {
    std::vector<TaxRegistration> tax_registrations;
    std::optional<std::string> buyer_invoice_preference;
    std::optional<std::string> invoice_status;

    bool operator==(const OrderTax&) const = default;
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
    case FulfillmentStatus::pending_availability:
        return "PENDING_AVAILABILITY";
    case FulfillmentStatus::pending:
        return "PENDING";
    case FulfillmentStatus::unshipped:
        return "UNSHIPPED";
    case FulfillmentStatus::partially_shipped:
        return "PARTIALLY_SHIPPED";
    case FulfillmentStatus::shipped:
        return "SHIPPED";
    case FulfillmentStatus::cancelled:
        return "CANCELLED";
    case FulfillmentStatus::unfulfillable:
        return "UNFULFILLABLE";
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

    bool operator==(const OrderFulfillment&) const = default;
};

struct ItemCondition {
    std::optional<std::string> condition_type, condition_subtype, condition_note;

    bool operator==(const ItemCondition&) const = default;
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

    bool operator==(const ItemProduct&) const = default;
};

struct ItemProceeds {
    std::optional<money::Money> proceeds_total;
    std::vector<ProceedsBreakdown> breakdowns; // line totals, not unit prices

    bool operator==(const ItemProceeds&) const = default;
};

struct PointsGranted {
    std::optional<int64_t> points_number;
    std::optional<money::Money> points_monetary_value;

    bool operator==(const PointsGranted&) const = default;
};

struct ItemCancellation {
    std::optional<std::string> requester;
    std::optional<std::string> request_reason;
    std::optional<std::string> cancelled_by;
    std::optional<std::string> execution_reason;

    bool operator==(const ItemCancellation&) const = default;
};

struct GiftOption {
    std::optional<std::string> gift_message;
    std::optional<std::string> gift_wrap_level;

    bool operator==(const GiftOption&) const = default;
};

struct ShippingConstraints {
    bool pallet_delivery = false, cash_on_delivery = false, signature_confirmation = false,
         recipient_identity_verification = false, recipient_age_verification = false;

    bool operator==(const ShippingConstraints&) const = default;
};

struct ItemFulfillment {
    std::optional<int64_t> quantity_fulfilled;
    std::optional<int64_t> quantity_unfulfilled;
    std::optional<GiftOption> gift_option;
    std::optional<std::string> serial_number_requirement;
    std::optional<DateTimeRange> scheduled_delivery_window;
    ShippingConstraints shipping_constraints;
    std::optional<std::string> ioss_number;

    bool operator==(const ItemFulfillment&) const = default;
};

struct TaxCollection {
    std::optional<std::string> model;             // MARKETPLACE_FACILITATOR
    std::optional<std::string> responsible_party; // "Amazon Services, Inc."

    bool operator==(const TaxCollection&) const = default;
};

struct ItemTax {
    std::vector<std::string> reporting_schemes; // IOSS, UOSS
    std::vector<TaxCollection> tax_collections;

    bool operator==(const ItemTax&) const = default;
};

struct Measurement {
    std::string unit;
    std::string value; // decimal text as sent (not money; kept exact)

    bool operator==(const Measurement&) const = default;
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

    bool operator==(const OrderItem&) const = default;
};

struct PackageItem {
    std::string order_item_id;
    int64_t quantity = 0;
    std::vector<std::string> transparency_codes;

    bool operator==(const PackageItem&) const = default;
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

    bool operator==(const OrderPackage&) const = default;
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

    bool operator==(const Order&) const = default;
};

} // namespace amzconn::spapi::orders
