#include "orders/channel_status.hpp"

#include <algorithm>

namespace amzconn::orders {

using spapi::orders::FulfillmentStatus;
using spapi::orders::Order;

Channel channel_of(const Order& order) {
    if (order.fulfillment && order.fulfillment->fulfilled_by &&
        *order.fulfillment->fulfilled_by == "AMAZON") {
        return Channel::fba;
    }
    return Channel::fbm;
}

std::string_view channel_code(Channel channel) {
    return channel == Channel::fba ? "AFN" : "MFN";
}

const ChannelSettings& channel_config(const OrderSettings& store, Channel channel) {
    return channel == Channel::fba ? store.orders.fba : store.orders.fbm;
}

namespace {

FulfillmentStatus status_of(const Order& order) {
    return order.fulfillment ? order.fulfillment->fulfillment_status : FulfillmentStatus::pending;
}

bool wants(const ChannelSettings& channel, AmazonOrderStatus status) {
    return std::find(channel.statuses.begin(), channel.statuses.end(), status) !=
           channel.statuses.end();
}

} // namespace

StatusDecision admit_new_order(const Order& order, const OrderSettings& store) {
    const Channel channel = channel_of(order);
    const auto& cfg = channel_config(store, channel);
    const std::string name = channel == Channel::fba ? "FBA" : "FBM";
    if (!cfg.enabled) {
        return {Admission::skip, name + " orders are not imported (orders." +
                                     (channel == Channel::fba ? "fba" : "fbm") +
                                     ".enabled is false)"};
    }
    const FulfillmentStatus status = status_of(order);
    switch (status) {
    case FulfillmentStatus::pending:
    case FulfillmentStatus::pending_availability:
        // Amazon sends no prices, taxes or promotions before payment clears.
        return {Admission::wait, "Amazon status " + std::string(spapi::orders::to_string(status)) +
                                     ": the order is imported once Amazon confirms payment and "
                                     "prices"};
    case FulfillmentStatus::cancelled:
    case FulfillmentStatus::unfulfillable:
        return {Admission::skip, "Amazon status " + std::string(spapi::orders::to_string(status)) +
                                     " is never imported as a new order"};
    case FulfillmentStatus::unshipped:
    case FulfillmentStatus::partially_shipped:
        if (wants(cfg, AmazonOrderStatus::unshipped)) {
            return {Admission::import, {}};
        }
        return {Admission::skip, "Amazon status " + std::string(spapi::orders::to_string(status)) +
                                     ": " + name + " imports only shipped orders (orders." +
                                     (channel == Channel::fba ? "fba" : "fbm") + ".statuses)"};
    case FulfillmentStatus::shipped:
        if (wants(cfg, AmazonOrderStatus::shipped)) {
            return {Admission::import, {}};
        }
        return {Admission::skip, "Amazon status SHIPPED: " + name +
                                     " imports only unshipped orders (orders." +
                                     (channel == Channel::fba ? "fba" : "fbm") + ".statuses)"};
    }
    return {Admission::skip, "unknown Amazon status"};
}

int host_status_rank(std::string_view status) {
    if (status == "parked") {
        return 0;
    }
    if (status == "placed" || status == "backordered") {
        return 1;
    }
    if (status == "completed") {
        return 2;
    }
    if (status == "shipped") {
        return 3;
    }
    if (status == "cancelled") {
        return 4;
    }
    return -1;
}

bool may_move(std::string_view from, std::string_view to) {
    const int a = host_status_rank(from);
    const int b = host_status_rank(to);
    if (a < 0 || b < 0 || from == "cancelled") {
        return false; // cancelled is final; unknown statuses are left alone
    }
    if (to == "cancelled") {
        return a <= 1; // only an order that has not been completed or shipped is cancelled
    }
    return b > a;
}

ExistingDecision decide_existing(const Order& order, std::string_view host_status,
                                 HostOrderStatus configured) {
    const FulfillmentStatus status = status_of(order);
    const std::string from(host_status);
    if (status == FulfillmentStatus::cancelled) {
        if (host_status == "cancelled") {
            return {std::nullopt, "already cancelled in the host"};
        }
        if (may_move(host_status, "cancelled")) {
            return {std::string("cancelled"), "Amazon cancelled the order"};
        }
        return {std::nullopt, "Amazon cancelled the order but the host order is " + from +
                                  ": statuses never go backwards; handle it as a return"};
    }
    if (status == FulfillmentStatus::shipped) {
        // "completed" is the integrator's final state for an order (e.g. Unleashed): Amazon's
        // shipment moves only orders that are not done yet (an FBM order is shipped at Amazon once
        // confirm_shipments confirmed it; the update never creates a shipment). With completed
        // configured, an order that fell back to backordered (the FBA warehouse was short) stays so
        // until the host completes it: shipping it would skip the stock the host has not booked.
        const bool fba = channel_of(order) == Channel::fba;
        if (configured == HostOrderStatus::completed && host_status == "backordered") {
            return {std::nullopt, std::string("the host order is backordered (orders.") +
                                      (fba ? "fba" : "fbm") +
                                      ".host_status is completed and the warehouse was short): "
                                      "the host completes it once it has the stock"};
        }
        if (host_status != "completed" && may_move(host_status, "shipped")) {
            return {std::string("shipped"),
                    fba ? "Amazon shipped the FBA order" : "Amazon shows the FBM order shipped"};
        }
        return {std::nullopt, "the host order is already " + from};
    }
    return {std::nullopt, "no change the host needs (Amazon status " +
                              std::string(spapi::orders::to_string(status)) + ", host status " +
                              from + ")"};
}

} // namespace amzconn::orders
