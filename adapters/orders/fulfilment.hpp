// Where and how the host fulfils an imported order: the warehouse per channel, the host status
// (completed falls back to backordered when the warehouse is short), and the oldest-first
// batch/serial assignment for FBM, never more than the warehouse holds.
#pragma once

#include "orders/channel_status.hpp"
#include "orders/host_view.hpp"
#include "orders/settings.hpp"

#include <optional>
#include <string>
#include <vector>

namespace amzconn::orders {

std::string_view host_status_text(HostOrderStatus status);

// The channel's warehouse, else the host's default; nullopt when neither exists.
std::optional<std::string> warehouse_for(const OrderSettings& store, Channel channel,
                                         const HostView& host);

struct Demand {
    std::string product;
    int64_t quantity = 0;
};

struct StatusChoice {
    std::string status;
    bool fell_back = false;
    std::string reason; // names the product that is short (no buyer data)
};

// The configured status; completed becomes backordered when `warehouse` lacks stock for any
// product (demands of one product are added up).
StatusChoice host_status_for(HostOrderStatus configured, const std::vector<Demand>& demands,
                             const std::string& warehouse, const HostView& host);

struct Assignment {
    std::optional<std::string> batch;
    std::optional<std::string> serial;
    int64_t quantity = 0;
};

// Assigns batches and/or serials (per `mode` and each product's tracking) oldest first, in the
// order of `demands`; result[i] belongs to demands[i]. Shortfalls are left unassigned and listed
// in `short_notes`.
std::vector<std::vector<Assignment>> assign_lots(AutoAssign mode,
                                                 const std::vector<Demand>& demands,
                                                 const std::vector<Tracking>& tracking,
                                                 const std::string& warehouse, const HostView& host,
                                                 std::vector<std::string>& short_notes);

// completed needs each batch-tracked or serialised unit of an FBM order assigned on import (as
// Unleashed completes such orders only with auto-assign on and the numbers in stock): `chosen`
// falls back to placed when orders.fbm.auto_assign does not assign a line's kind of number (the
// host assigns them, then completes the order), and to backordered when the lots or serials in
// `warehouse` fall short. Any other status, or a chosen fall-back, is returned as it is.
StatusChoice tracked_completion(StatusChoice chosen, AutoAssign mode,
                                const std::vector<Demand>& demands,
                                const std::vector<Tracking>& tracking,
                                const std::vector<std::vector<Assignment>>& assignments,
                                const std::string& warehouse);

} // namespace amzconn::orders
