// The jobs the plugin publishes, one row each: name, description, arguments, default schedule,
// what the store must use for the host's scheduler to be offered it, and the engine function that
// runs it (none: not implemented in this build; it then answers not_implemented, never "done").
// Adding a job is adding a row here; adding an engine is a folder beside orders/ and stock/ whose
// run functions the rows name.
#pragma once

#include "amzconn/config/types.hpp"
#include "engine/engine_context.hpp"

#include <boost/json/object.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace amzconn::plugin {

// Whether the host's scheduler is offered a job for a store, and at which interval: the configured
// schedule when there is one, else the row's default interval.
struct ScheduleOffer {
    bool applies = false;
    const config::Schedule* configured = nullptr; // nullptr: the row's default interval
};

struct JobInfo {
    std::string_view name;
    std::string_view description;
    std::optional<int> default_interval_s; // nullopt: manual or event-driven only
    std::string_view arguments;            // human-readable list of --arg keys
    // Order jobs do nothing on a store that syncs stock only.
    bool needs_orders = false;
    ScheduleOffer (*offer)(const config::StoreConfig&) = nullptr; // nullptr: never scheduled
    Result<JobReport> (*run)(EngineContext&, const JobArgs&) = nullptr;
    bool per_store = true; // every job so far runs per store

    bool implemented() const { return run != nullptr; }
};

std::span<const JobInfo> all_jobs();
const JobInfo* find_job(std::string_view name);
// "import_orders, import_missing_orders, ...", for messages.
std::string job_list();

// The jobs the host's scheduler is offered for an open store: {job: interval in seconds}. Only
// jobs this build implements and the store uses, at the configured interval or the row's default.
boost::json::object schedules_of(const config::StoreConfig& store);

} // namespace amzconn::plugin
