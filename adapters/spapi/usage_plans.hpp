// The documented default usage plan (rate per second, burst) of every operation the client calls
// (../shared/docs/spapi-facts.md §3, from the models' "Usage Plan" tables).
#pragma once

#include <optional>
#include <string_view>

namespace amzconn::spapi {

struct UsagePlan {
    double rate_per_s; // sustained requests per second
    double burst;      // bucket size
};

std::optional<UsagePlan> documented_usage_plan(std::string_view operation);

} // namespace amzconn::spapi
