#include "order_stream_schema.hpp"

#include "order_parser.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace amzconn::spapi::orders::stream {

namespace {

// How a value lands in its target: one function per member, generated from the member pointer.
template <typename T>
struct MemberOf;
template <typename C, typename V>
struct MemberOf<V C::*> {
    using Owner = C;
};
template <auto M>
auto& member(void* target) {
    using Owner = typename MemberOf<decltype(M)>::Owner;
    return static_cast<Owner*>(target)->*M;
}

void put(std::string& into, std::string_view text) {
    into.assign(text);
}
void put(std::optional<std::string>& into, std::string_view text) {
    into.emplace(text);
}

template <auto M>
bool assign_text(void* target, std::string_view text) {
    put(member<M>(target), text);
    return true;
}
template <auto M>
bool append_text(void* target, std::string_view text) {
    member<M>(target).emplace_back(text);
    return true;
}
template <auto M>
bool assign_time(void* target, std::string_view text) {
    auto t = time::parse_rfc3339(text);
    if (!t) {
        return false;
    }
    member<M>(target) = *t;
    return true;
}
template <auto M>
bool assign_integer(void* target, int64_t value) {
    member<M>(target) = value;
    return true;
}
template <auto M>
void assign_money(void* target, money::Money&& value) {
    member<M>(target) = std::move(value);
}
template <auto M>
void* open_optional(void* target) {
    return &member<M>(target).emplace();
}
template <auto M>
void* open_member(void* target) {
    return &member<M>(target);
}
template <auto M>
void* open_element(void* target) {
    auto& list = member<M>(target);
    if (list.empty()) {
        list.reserve(4); // an item's breakdowns, an order's items: rarely more
    }
    return &list.emplace_back();
}
void* same_target(void* target) {
    return target;
}

constexpr FieldSpec text(std::string_view key, uint32_t max_length,
                         bool (*set)(void*, std::string_view), bool required = false) {
    return {.key = key, .required = required, .max_length = max_length, .set_text = set};
}
// JsonReader::enumeration reads at most 128 bytes, then checks the value (in `set`).
constexpr FieldSpec enumeration(std::string_view key, bool (*set)(void*, std::string_view),
                                bool required = false) {
    return text(key, 128, set, required);
}
constexpr FieldSpec timestamp(std::string_view key, bool (*set)(void*, std::string_view),
                              bool required = false) {
    return {.key = key,
            .type = FieldType::timestamp,
            .required = required,
            .max_length = 64,
            .set_text = set};
}
constexpr FieldSpec integer(std::string_view key, int64_t min, int64_t max,
                            bool (*set)(void*, int64_t), bool required = false) {
    return {.key = key,
            .type = FieldType::integer,
            .required = required,
            .min = min,
            .max = max,
            .set_integer = set};
}
constexpr FieldSpec money_at(std::string_view key, void (*set)(void*, money::Money&&),
                             bool required = false) {
    return {.key = key, .type = FieldType::money, .required = required, .set_money = set};
}
constexpr FieldSpec object(std::string_view key, const KindSpec& child, void* (*open)(void*),
                           bool required = false) {
    return {
        .key = key, .type = FieldType::object, .required = required, .child = &child, .open = open};
}
constexpr FieldSpec objects(std::string_view key, const KindSpec& child, void* (*open)(void*),
                            bool required = false) {
    return {.key = key,
            .type = FieldType::objects,
            .required = required,
            .child = &child,
            .open = open};
}
constexpr FieldSpec texts(std::string_view key, bool (*append)(void*, std::string_view)) {
    return {.key = key, .type = FieldType::texts, .set_text = append};
}

#define AMZCONN_KIND(name, ...)                                                                    \
    constexpr FieldSpec name##_fields[] = {__VA_ARGS__};                                           \
    constexpr KindSpec name {                                                                      \
        name##_fields, required_bits(name##_fields)                                                \
    }

// The enumerations JsonReader::enumeration checks, with what each value sets.
bool set_channel_name(void* target, std::string_view text) {
    if (text != "AMAZON" && text != "NON_AMAZON") {
        return false;
    }
    static_cast<SalesChannel*>(target)->channel_name = std::string(text);
    return true;
}
bool set_fulfilled_by(void* target, std::string_view text) {
    if (text != "MERCHANT" && text != "AMAZON") {
        return false;
    }
    static_cast<OrderFulfillment*>(target)->fulfilled_by = std::string(text);
    return true;
}
bool set_fulfillment_status(void* target, std::string_view text) {
    for (auto s : {FulfillmentStatus::pending_availability, FulfillmentStatus::pending,
                   FulfillmentStatus::unshipped, FulfillmentStatus::partially_shipped,
                   FulfillmentStatus::shipped, FulfillmentStatus::cancelled,
                   FulfillmentStatus::unfulfillable}) {
        if (to_string(s) == text) {
            static_cast<OrderFulfillment*>(target)->fulfillment_status = s;
            return true;
        }
    }
    return false;
}
template <auto M>
bool set_mandatory(void* target, std::string_view text) {
    if (text != "MANDATORY") {
        return false;
    }
    member<M>(target) = true;
    return true;
}

constexpr uint32_t k_id = 64; // k_max_id in order_parser.cpp
constexpr int64_t k_max_quantity = 1000000;

AMZCONN_KIND(k_extended_fields,
             text("streetName", 1024, assign_text<&AddressExtendedFields::street_name>),
             text("streetNumber", 256, assign_text<&AddressExtendedFields::street_number>),
             text("complement", 1024, assign_text<&AddressExtendedFields::complement>),
             text("neighborhood", 256, assign_text<&AddressExtendedFields::neighborhood>));
AMZCONN_KIND(k_address, text("name", 1024, assign_text<&Address::name>),
             text("companyName", 1024, assign_text<&Address::company_name>),
             text("addressLine1", 1024, assign_text<&Address::address_line1>),
             text("addressLine2", 1024, assign_text<&Address::address_line2>),
             text("addressLine3", 1024, assign_text<&Address::address_line3>),
             text("city", 256, assign_text<&Address::city>),
             text("districtOrCounty", 256, assign_text<&Address::district_or_county>),
             text("stateOrRegion", 256, assign_text<&Address::state_or_region>),
             text("municipality", 256, assign_text<&Address::municipality>),
             text("postalCode", 64, assign_text<&Address::postal_code>),
             text("countryCode", 8, assign_text<&Address::country_code>),
             text("phone", 64, assign_text<&Address::phone>),
             text("addressType", 64, assign_text<&Address::address_type>),
             object("extendedFields", k_extended_fields, open_optional<&Address::extended_fields>));
AMZCONN_KIND(k_range, timestamp("earliestDateTime", assign_time<&DateTimeRange::earliest>),
             timestamp("latestDateTime", assign_time<&DateTimeRange::latest>));

AMZCONN_KIND(k_detailed_breakdown, text("subtype", 64, assign_text<&DetailedBreakdown::subtype>),
             money_at("value", assign_money<&DetailedBreakdown::value>));
AMZCONN_KIND(k_breakdown, text("type", 64, assign_text<&ProceedsBreakdown::type>, true),
             text("status", 64, assign_text<&ProceedsBreakdown::status>),
             money_at("subtotal", assign_money<&ProceedsBreakdown::subtotal>, true),
             objects("detailedBreakdowns", k_detailed_breakdown,
                     open_element<&ProceedsBreakdown::detailed_breakdowns>));

AMZCONN_KIND(k_condition, text("conditionType", 64, assign_text<&ItemCondition::condition_type>),
             text("conditionSubtype", 64, assign_text<&ItemCondition::condition_subtype>),
             text("conditionNote", 4096, assign_text<&ItemCondition::condition_note>));
AMZCONN_KIND(k_price, money_at("unitPrice", assign_money<&ItemProduct::unit_price>),
             text("priceDesignation", 64, assign_text<&ItemProduct::price_designation>));
AMZCONN_KIND(k_customization,
             text("customizedUrl", 4096, assign_text<&ItemProduct::customized_url>));
AMZCONN_KIND(k_product, text("asin", k_id, assign_text<&ItemProduct::asin>),
             text("title", 4096, assign_text<&ItemProduct::title>),
             text("sellerSku", 256, assign_text<&ItemProduct::seller_sku>),
             object("condition", k_condition, open_optional<&ItemProduct::condition>),
             object("price", k_price, same_target),
             texts("serialNumbers", append_text<&ItemProduct::serial_numbers>),
             object("customization", k_customization, same_target));

AMZCONN_KIND(k_points_granted,
             integer("pointsNumber", 0, INT64_MAX, assign_integer<&PointsGranted::points_number>),
             money_at("pointsMonetaryValue", assign_money<&PointsGranted::points_monetary_value>));
AMZCONN_KIND(k_points_cost,
             object("pointsGranted", k_points_granted, open_optional<&OrderItem::points_cost>));
AMZCONN_KIND(k_expense, object("pointsCost", k_points_cost, same_target));

AMZCONN_KIND(k_cancellation_request,
             text("requester", 64, assign_text<&ItemCancellation::requester>),
             text("cancelReason", 1024, assign_text<&ItemCancellation::request_reason>));
AMZCONN_KIND(k_cancellation_execution,
             text("cancelledBy", 64, assign_text<&ItemCancellation::cancelled_by>),
             text("cancelReason", 1024, assign_text<&ItemCancellation::execution_reason>));
AMZCONN_KIND(k_cancellation, object("cancellationRequest", k_cancellation_request, same_target),
             object("cancellationExecution", k_cancellation_execution, same_target));

AMZCONN_KIND(k_gift_option, text("giftMessage", 4096, assign_text<&GiftOption::gift_message>),
             text("giftWrapLevel", 256, assign_text<&GiftOption::gift_wrap_level>));
AMZCONN_KIND(k_serial_requirement,
             text("requirementType", 64, assign_text<&ItemFulfillment::serial_number_requirement>));
AMZCONN_KIND(k_packing,
             object("giftOption", k_gift_option, open_optional<&ItemFulfillment::gift_option>),
             object("serialNumberRequirement", k_serial_requirement, same_target));
AMZCONN_KIND(k_constraints,
             enumeration("palletDelivery", set_mandatory<&ShippingConstraints::pallet_delivery>),
             enumeration("cashOnDelivery", set_mandatory<&ShippingConstraints::cash_on_delivery>),
             enumeration("signatureConfirmation",
                         set_mandatory<&ShippingConstraints::signature_confirmation>),
             enumeration("recipientIdentityVerification",
                         set_mandatory<&ShippingConstraints::recipient_identity_verification>),
             enumeration("recipientAgeVerification",
                         set_mandatory<&ShippingConstraints::recipient_age_verification>));
AMZCONN_KIND(k_international, text("iossNumber", 64, assign_text<&ItemFulfillment::ioss_number>));
AMZCONN_KIND(k_item_shipping,
             object("scheduledDeliveryWindow", k_range,
                    open_optional<&ItemFulfillment::scheduled_delivery_window>),
             object("shippingConstraints", k_constraints,
                    open_member<&ItemFulfillment::shipping_constraints>),
             object("internationalShipping", k_international, same_target));
AMZCONN_KIND(k_item_fulfillment,
             integer("quantityFulfilled", 0, k_max_quantity,
                     assign_integer<&ItemFulfillment::quantity_fulfilled>),
             integer("quantityUnfulfilled", 0, k_max_quantity,
                     assign_integer<&ItemFulfillment::quantity_unfulfilled>),
             object("packing", k_packing, same_target),
             object("shipping", k_item_shipping, same_target));

AMZCONN_KIND(k_tax_calculation,
             text("reportingScheme", 64, append_text<&ItemTax::reporting_schemes>));
AMZCONN_KIND(k_tax_collection, text("model", 64, assign_text<&TaxCollection::model>),
             text("responsibleParty", 256, assign_text<&TaxCollection::responsible_party>));
AMZCONN_KIND(k_item_tax, objects("taxCalculationBreakdowns", k_tax_calculation, same_target),
             objects("taxCollections", k_tax_collection, open_element<&ItemTax::tax_collections>));

AMZCONN_KIND(k_promotion_breakdown,
             text("promotionId", 256, append_text<&OrderItem::promotion_ids>));
AMZCONN_KIND(k_promotion, objects("breakdowns", k_promotion_breakdown, same_target));
AMZCONN_KIND(k_item_proceeds,
             money_at("proceedsTotal", assign_money<&ItemProceeds::proceeds_total>),
             objects("breakdowns", k_breakdown, open_element<&ItemProceeds::breakdowns>));
AMZCONN_KIND(k_measurement, text("unit", 64, assign_text<&Measurement::unit>, true),
             {.key = "value",
              .type = FieldType::number,
              .required = true,
              .set_text = assign_text<&Measurement::value>});
AMZCONN_KIND(k_item, text("orderItemId", k_id, assign_text<&OrderItem::order_item_id>, true),
             integer("quantityOrdered", 0, k_max_quantity,
                     assign_integer<&OrderItem::quantity_ordered>, true),
             object("measurement", k_measurement, open_optional<&OrderItem::measurement>),
             texts("programs", append_text<&OrderItem::programs>),
             object("product", k_product, open_member<&OrderItem::product>, true),
             object("proceeds", k_item_proceeds, open_optional<&OrderItem::proceeds>),
             object("expense", k_expense, same_target),
             object("promotion", k_promotion, same_target),
             object("cancellation", k_cancellation, open_optional<&OrderItem::cancellation>),
             object("fulfillment", k_item_fulfillment, open_optional<&OrderItem::fulfillment>),
             object("tax", k_item_tax, open_optional<&OrderItem::tax>));

AMZCONN_KIND(k_alias, text("aliasId", 256, assign_text<&Alias::alias_id>, true),
             text("aliasType", 64, assign_text<&Alias::alias_type>, true));
AMZCONN_KIND(k_associated, text("orderId", k_id, assign_text<&AssociatedOrder::order_id>),
             text("associationType", 64, assign_text<&AssociatedOrder::association_type>));
AMZCONN_KIND(k_sales_channel, enumeration("channelName", set_channel_name, true),
             text("marketplaceId", k_id, assign_text<&SalesChannel::marketplace_id>),
             text("marketplaceName", 256, assign_text<&SalesChannel::marketplace_name>));
AMZCONN_KIND(k_buyer, text("buyerName", 1024, assign_text<&Buyer::buyer_name>),
             text("buyerEmail", 1024, assign_text<&Buyer::buyer_email>),
             text("buyerCompanyName", 1024, assign_text<&Buyer::buyer_company_name>),
             text("buyerPurchaseOrderNumber", 256,
                  assign_text<&Buyer::buyer_purchase_order_number>));
AMZCONN_KIND(k_delivery_preference,
             text("dropOffLocation", 1024, assign_text<&DeliveryPreference::drop_off_location>),
             text("addressInstruction", 4096,
                  assign_text<&DeliveryPreference::address_instruction>),
             texts("deliveryCapabilities",
                   append_text<&DeliveryPreference::delivery_capabilities>));
AMZCONN_KIND(k_recipient,
             object("deliveryAddress", k_address, open_optional<&Recipient::delivery_address>),
             object("deliveryPreference", k_delivery_preference,
                    open_optional<&Recipient::delivery_preference>));
AMZCONN_KIND(k_order_proceeds, money_at("grandTotal", assign_money<&OrderProceeds::grand_total>),
             objects("breakdowns", k_breakdown, open_element<&OrderProceeds::breakdowns>));
AMZCONN_KIND(k_payment_execution,
             text("paymentMethod", 64, assign_text<&PaymentExecution::payment_method>),
             money_at("paymentAmount", assign_money<&PaymentExecution::payment_amount>));
AMZCONN_KIND(k_payment, objects("paymentExecutions", k_payment_execution,
                                open_element<&Order::payment_executions>));
AMZCONN_KIND(k_tax_registration, text("entityType", 64, assign_text<&TaxRegistration::entity_type>),
             text("legalName", 1024, assign_text<&TaxRegistration::legal_name>),
             text("taxRegistrationType", 64, assign_text<&TaxRegistration::tax_registration_type>),
             text("taxRegistrationNumber", 256,
                  assign_text<&TaxRegistration::tax_registration_number>),
             object("taxRegistrationAddress", k_address,
                    open_optional<&TaxRegistration::tax_registration_address>));
AMZCONN_KIND(k_tax_invoicing,
             text("buyerInvoicePreference", 64, assign_text<&OrderTax::buyer_invoice_preference>),
             text("invoiceStatus", 64, assign_text<&OrderTax::invoice_status>));
AMZCONN_KIND(k_order_tax,
             objects("taxRegistrations", k_tax_registration,
                     open_element<&OrderTax::tax_registrations>),
             object("taxInvoicing", k_tax_invoicing, same_target));
AMZCONN_KIND(k_order_fulfillment, enumeration("fulfillmentStatus", set_fulfillment_status, true),
             enumeration("fulfilledBy", set_fulfilled_by),
             text("fulfillmentServiceLevel", 64,
                  assign_text<&OrderFulfillment::fulfillment_service_level>),
             object("shipByWindow", k_range, open_optional<&OrderFulfillment::ship_by_window>),
             object("deliverByWindow", k_range,
                    open_optional<&OrderFulfillment::deliver_by_window>),
             object("labelPrintingWindow", k_range,
                    open_optional<&OrderFulfillment::label_printing_window>));
AMZCONN_KIND(k_package_item,
             text("orderItemId", k_id, assign_text<&PackageItem::order_item_id>, true),
             integer("quantity", 0, k_max_quantity, assign_integer<&PackageItem::quantity>, true),
             texts("transparencyCodes", append_text<&PackageItem::transparency_codes>));
AMZCONN_KIND(k_package_status,
             text("status", 64, assign_text<&OrderPackage::package_status>, true));
AMZCONN_KIND(k_package,
             text("packageReferenceId", 256, assign_text<&OrderPackage::package_reference_id>,
                  true),
             timestamp("createdTime", assign_time<&OrderPackage::created_time>),
             object("packageStatus", k_package_status, same_target),
             text("carrier", 256, assign_text<&OrderPackage::carrier>),
             timestamp("shipTime", assign_time<&OrderPackage::ship_time>),
             text("shippingService", 256, assign_text<&OrderPackage::shipping_service>),
             text("trackingNumber", 256, assign_text<&OrderPackage::tracking_number>),
             objects("packageItems", k_package_item, open_element<&OrderPackage::package_items>));
AMZCONN_KIND(k_fulfillment_order,
             text("fulfillmentOrderId", 256, append_text<&Order::fulfillment_order_ids>, true));
AMZCONN_KIND(k_order, text("orderId", k_id, assign_text<&Order::order_id>, true),
             objects("orderAliases", k_alias, open_element<&Order::order_aliases>),
             timestamp("createdTime", assign_time<&Order::created_time>, true),
             timestamp("lastUpdatedTime", assign_time<&Order::last_updated_time>, true),
             texts("programs", append_text<&Order::programs>),
             objects("associatedOrders", k_associated, open_element<&Order::associated_orders>),
             object("salesChannel", k_sales_channel, open_member<&Order::sales_channel>, true),
             object("buyer", k_buyer, open_optional<&Order::buyer>),
             object("recipient", k_recipient, open_optional<&Order::recipient>),
             object("proceeds", k_order_proceeds, open_optional<&Order::proceeds>),
             object("payment", k_payment, same_target),
             object("tax", k_order_tax, open_optional<&Order::tax>),
             object("fulfillment", k_order_fulfillment, open_optional<&Order::fulfillment>),
             objects("orderItems", k_item, open_element<&Order::order_items>, true),
             objects("packages", k_package, open_element<&Order::packages>),
             objects("fulfillmentOrders", k_fulfillment_order, same_target));
AMZCONN_KIND(k_pagination, text("nextToken", 8192, assign_text<&SearchOrdersPage::next_token>));

} // namespace

AMZCONN_KIND(k_money_kind, text("amount", 64, assign_text<&MoneyText::amount>, true),
             text("currencyCode", 8, assign_text<&MoneyText::currency>, true));
AMZCONN_KIND(k_page_kind, objects("orders", k_order, open_element<&SearchOrdersPage::orders>, true),
             object("pagination", k_pagination, same_target),
             timestamp("lastUpdatedBefore", assign_time<&SearchOrdersPage::last_updated_before>),
             timestamp("createdBefore", assign_time<&SearchOrdersPage::created_before>));

} // namespace amzconn::spapi::orders::stream
