#include "orders/fulfilment.hpp"

#include <algorithm>
#include <map>

namespace amzconn::orders {

std::string_view host_status_text(HostOrderStatus status) {
    switch (status) {
    case HostOrderStatus::parked:
        return "parked";
    case HostOrderStatus::placed:
        return "placed";
    case HostOrderStatus::backordered:
        return "backordered";
    case HostOrderStatus::completed:
        return "completed";
    }
    return "placed";
}

std::optional<std::string> warehouse_for(const OrderSettings& store, Channel channel,
                                         const HostView& host) {
    const auto& cfg = channel_config(store, channel);
    if (cfg.warehouse) {
        return cfg.warehouse;
    }
    return host.default_warehouse;
}

StatusChoice host_status_for(HostOrderStatus configured, const std::vector<Demand>& demands,
                             const std::string& warehouse, const HostView& host) {
    StatusChoice out{std::string(host_status_text(configured)), false, {}};
    if (configured != HostOrderStatus::completed) {
        return out;
    }
    // Each product once with its total, in code order (as a std::map gave them): an order has a
    // few lines, so a flat list, and no code copied.
    std::vector<std::pair<std::string_view, int64_t>> need;
    need.reserve(demands.size());
    for (const auto& d : demands) {
        auto it = std::find_if(need.begin(), need.end(),
                               [&d](const auto& n) { return n.first == d.product; });
        if (it == need.end()) {
            need.emplace_back(d.product, d.quantity);
        } else {
            it->second += d.quantity;
        }
    }
    std::sort(need.begin(), need.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [product, quantity] : need) {
        auto it = host.stock.find(StockKeyLess::View{product, warehouse});
        const int64_t available = it == host.stock.end() ? 0 : it->second.available;
        if (available < quantity) {
            out.status = "backordered";
            out.fell_back = true;
            out.reason = "completed falls back to backordered: warehouse " + warehouse + " has " +
                         std::to_string(available) + " of product " + std::string(product) +
                         ", the order needs " + std::to_string(quantity);
            return out;
        }
    }
    return out;
}

namespace {

// Undated lots go last; ties by name so the choice is deterministic.
template <typename T>
bool older(const T& a, const T& b, const std::string& name_a, const std::string& name_b) {
    if (a.date.has_value() != b.date.has_value()) {
        return a.date.has_value();
    }
    if (a.date && *a.date != *b.date) {
        return *a.date < *b.date;
    }
    return name_a < name_b;
}

struct Pool {
    std::vector<BatchLot> batches;
    std::vector<SerialUnit> serials;
    size_t next_serial = 0;
};

// Whether `mode` assigns the numbers of a product tracked by `tracking` (batch or serial).
bool assigns(AutoAssign mode, Tracking tracking) {
    const bool batches = mode == AutoAssign::batch || mode == AutoAssign::both;
    const bool serials = mode == AutoAssign::serial || mode == AutoAssign::both;
    return tracking == Tracking::batch ? batches : serials;
}

} // namespace

std::vector<std::vector<Assignment>> assign_lots(AutoAssign mode,
                                                 const std::vector<Demand>& demands,
                                                 const std::vector<Tracking>& tracking,
                                                 const std::string& warehouse, const HostView& host,
                                                 std::vector<std::string>& short_notes) {
    std::vector<std::vector<Assignment>> out(demands.size());
    if (mode == AutoAssign::disabled) {
        return out;
    }
    std::map<std::string, Pool> pools; // what is left per product as lines consume it
    for (size_t i = 0; i < demands.size(); ++i) {
        const auto& d = demands[i];
        const Tracking t = i < tracking.size() ? tracking[i] : Tracking::none;
        if (t == Tracking::none || !assigns(mode, t)) {
            continue;
        }
        auto [pit, fresh] = pools.try_emplace(d.product);
        Pool& pool = pit->second;
        if (fresh) {
            if (auto it = host.stock.find(StockKeyLess::View{d.product, warehouse});
                it != host.stock.end()) {
                pool.batches = it->second.batches;
                pool.serials = it->second.serials;
            }
            std::sort(
                pool.batches.begin(), pool.batches.end(),
                [](const BatchLot& a, const BatchLot& b) { return older(a, b, a.batch, b.batch); });
            std::sort(pool.serials.begin(), pool.serials.end(),
                      [](const SerialUnit& a, const SerialUnit& b) {
                          return older(a, b, a.serial, b.serial);
                      });
        }
        int64_t left = d.quantity;
        if (t == Tracking::batch) {
            for (auto& lot : pool.batches) {
                if (left == 0) {
                    break;
                }
                const int64_t take = std::min(left, lot.quantity);
                if (take <= 0) {
                    continue;
                }
                out[i].push_back(Assignment{lot.batch, std::nullopt, take});
                lot.quantity -= take;
                left -= take;
            }
        } else {
            while (left > 0 && pool.next_serial < pool.serials.size()) {
                out[i].push_back(
                    Assignment{std::nullopt, pool.serials[pool.next_serial++].serial, 1});
                --left;
            }
        }
        if (left > 0) {
            short_notes.push_back("product " + d.product + ": " + std::to_string(left) + " of " +
                                  std::to_string(d.quantity) + " unit(s) left without a " +
                                  (t == Tracking::batch ? "batch" : "serial") + " in warehouse " +
                                  warehouse);
        }
    }
    return out;
}

StatusChoice tracked_completion(StatusChoice chosen, AutoAssign mode,
                                const std::vector<Demand>& demands,
                                const std::vector<Tracking>& tracking,
                                const std::vector<std::vector<Assignment>>& assignments,
                                const std::string& warehouse) {
    if (chosen.status != "completed") {
        return chosen;
    }
    for (size_t i = 0; i < demands.size() && i < tracking.size(); ++i) {
        if (tracking[i] == Tracking::none) {
            continue;
        }
        const std::string kind = tracking[i] == Tracking::batch ? "batch" : "serial";
        if (!assigns(mode, tracking[i])) {
            return {"placed", true,
                    "completed falls back to placed: product " + demands[i].product + " is " +
                        kind + "-tracked and orders.fbm.auto_assign does not assign " + kind +
                        " numbers; the host assigns them, then completes the order"};
        }
        int64_t assigned = 0;
        if (i < assignments.size()) {
            for (const auto& a : assignments[i]) {
                assigned += a.quantity;
            }
        }
        if (assigned < demands[i].quantity) {
            return {"backordered", true,
                    "completed falls back to backordered: warehouse " + warehouse + " has " +
                        std::to_string(assigned) + " unit(s) of product " + demands[i].product +
                        " with a " + kind + " number, the order needs " +
                        std::to_string(demands[i].quantity)};
        }
    }
    return chosen;
}

} // namespace amzconn::orders
