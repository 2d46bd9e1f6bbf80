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

namespace amzconn::plugin {

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
