// Channel and status rules: FBA and FBM apart, which Amazon statuses import per channel,
// pending orders wait, and what an Amazon change does to an order already in the host
// (statuses only move forward).
#pragma once

#include "orders/settings.hpp"
#include "spapi/order_types.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace amzconn::orders {

enum class Channel { fbm, fba };

// AMAZON -> fba, anything else (MERCHANT or absent) -> fbm.
Channel channel_of(const spapi::orders::Order& order);
std::string_view channel_code(Channel channel); // "AFN" | "MFN"
const ChannelSettings& channel_config(const OrderSettings& store, Channel channel);

enum class Admission { import, wait, skip };

struct StatusDecision {
    Admission admission = Admission::skip;
    std::string reason; // for wait and skip
};

// New orders (not yet in the host): is the channel enabled, is the Amazon status one the
// channel imports, or does it wait (pending, no prices yet)?
StatusDecision admit_new_order(const spapi::orders::Order& order, const OrderSettings& store);

// Host statuses in their forward order: parked < placed = backordered < completed < shipped;
// cancelled ends an order that has not shipped. Unknown text ranks nowhere (-1).
int host_status_rank(std::string_view status);
// May a host order move from `from` to `to` without going backwards?
bool may_move(std::string_view from, std::string_view to);

struct ExistingDecision {
    std::optional<std::string> to_status; // set: update; unset: unchanged
    std::string reason;
};

// An order already in the host: an Amazon cancellation cancels an order that has not shipped;
// an FBA order Amazon shipped becomes shipped, unless the channel's configured status is
// completed (then completed is final, and an order that fell back to backordered waits for the
// host to complete it once it has the stock); nothing ever goes backwards.
ExistingDecision decide_existing(const spapi::orders::Order& order, std::string_view host_status,
                                 HostOrderStatus configured);

} // namespace amzconn::orders
