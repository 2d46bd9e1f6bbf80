#include "orders/order_host_checks.hpp"

#include "host/host_json.hpp"

#include <optional>
#include <set>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

// The host's warehouse codes, or the error that kept the host from answering.
Result<std::set<std::string>> warehouse_codes(HostServices& host) {
    TRY_ASSIGN(auto found, query_entities(host, "warehouse", json::object{}));
    std::set<std::string> codes;
    for (const auto& entry : found) {
        if (entry.is_object()) {
            codes.insert(text_field(entry.as_object(), "code"));
        }
    }
    return codes;
}

std::string joined(const std::set<std::string>& codes) {
    std::string out;
    for (const auto& code : codes) {
        out += (out.empty() ? "" : ", ") + code;
    }
    return out.empty() ? std::string("none") : out;
}

void check_single_customer(HostServices& host, const config::ChannelOrders& channel,
                           const std::string& path, HostChecks& out) {
    if (!channel.enabled ||
        channel.customer.strategy != config::CustomerStrategy::single_customer ||
        !channel.customer.code) {
        return;
    }
    const std::string& code = *channel.customer.code;
    auto found = query_entities(host, "customer", {{"code", code}, {"limit", 1}});
    if (!found) {
        out.warnings.push_back(path + ": the host could not be asked whether customer '" + code +
                               "' exists (" + found.error().message +
                               "); until it does, this channel's orders are parked with an ERROR");
    } else if (found->empty()) {
        out.errors.push_back(path + ": customer '" + code +
                             "' does not exist in the host: create it there (or name an existing "
                             "customer), then install again");
    }
}

void check_locations(const config::StoreConfig& store, const std::string& path,
                     const Result<std::set<std::string>>& codes, HostChecks& out) {
    if (store.filters.inventory_locations.empty()) {
        return;
    }
    if (!codes) {
        out.warnings.push_back(path + ": the host could not be asked for its warehouses (" +
                               codes.error().message + "); the filter matches warehouse codes");
        return;
    }
    for (const auto& location : store.filters.inventory_locations) {
        if (!codes->count(location)) {
            out.warnings.push_back(path + ": '" + location +
                                   "' is no host warehouse code (the host has: " + joined(*codes) +
                                   "); the filter matches warehouse codes exactly, so this entry "
                                   "never lets an order through");
        }
    }
}

} // namespace

HostChecks check_orders_against_host(HostServices& host, const config::Config& config) {
    HostChecks out;
    std::optional<Result<std::set<std::string>>> codes; // read once, when a store needs them
    for (size_t i = 0; i < config.stores.size(); ++i) {
        const auto& store = config.stores[i];
        if (store.retired || store.sync_level != config::SyncLevel::orders_and_stock) {
            continue;
        }
        const std::string base = "stores[" + std::to_string(i) + "]";
        check_single_customer(host, store.orders.fbm, base + ".orders.fbm.customer.code", out);
        check_single_customer(host, store.orders.fba, base + ".orders.fba.customer.code", out);
        if (!store.filters.inventory_locations.empty() && !codes) {
            codes = warehouse_codes(host);
        }
        if (codes) {
            check_locations(store, base + ".filters.inventory_locations", *codes, out);
        }
    }
    return out;
}

} // namespace amzconn::plugin
