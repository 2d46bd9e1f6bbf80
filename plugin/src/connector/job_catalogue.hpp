// The jobs and actions the plugin publishes in its manifest, with their default schedules and
// whether this build implements them (an unimplemented job answers not_implemented, never "done").
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace amzconn::plugin {

struct JobInfo {
    std::string_view name;
    std::string_view description;
    std::optional<int> default_interval_s; // nullopt: manual or event-driven only
    bool per_store;
    bool implemented;
    std::string_view arguments; // human-readable list of --arg keys
};

std::span<const JobInfo> all_jobs();
const JobInfo* find_job(std::string_view name);

} // namespace amzconn::plugin
