// What every engine is given for one job on one store: the host, the store's SP-API client, the
// store's typed config and status, the cancel flag, and the clock (the host's, so a virtual clock
// moves every engine alike). The connector builds it; an engine never reaches past it.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"
#include "engine/job_report.hpp"
#include "engine/store_registry.hpp"
#include "spapi/client.hpp"

#include <atomic>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::plugin {

// The store's marketplaces, primary first: every Amazon call of the store is limited to them, or
// orders and listings of the seller's other marketplaces would land in this store.
inline std::vector<std::string> store_marketplace_ids(const config::StoreConfig& store) {
    std::vector<std::string> ids;
    if (store.marketplaces.primary) {
        ids.emplace_back(store.marketplaces.primary->id);
    }
    for (const auto* marketplace : store.marketplaces.further) {
        ids.emplace_back(marketplace->id);
    }
    return ids;
}

// A job's --arg values, by name.
using JobArgs = std::map<std::string, std::string>;

struct EngineContext {
    HostServices& host;
    spapi::SpApiClient& client;
    const config::StoreConfig& store;
    const StoreStatus& status;
    const std::atomic<bool>& cancelled;

    int64_t now_ms() const { return host.now_ms(); }
    bool cancel_requested() const { return cancelled.load(); }

    // An empty report of `job` for this store, started now.
    JobReport start_report(std::string_view job) const {
        JobReport report;
        report.job = std::string(job);
        report.store = store.alias;
        report.started_ms = host.now_ms();
        return report;
    }
    // Stamps the finish time.
    JobReport finish(JobReport report) const {
        report.finished_ms = host.now_ms();
        return report;
    }
};

} // namespace amzconn::plugin
