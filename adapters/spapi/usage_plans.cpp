#include "usage_plans.hpp"

#include <array>
#include <utility>

namespace amzconn::spapi {
namespace {

struct Entry {
    std::string_view operation;
    UsagePlan plan;
};

// Source: spapi-facts.md §3.1-§3.7 (the models' Usage Plan tables).
constexpr std::array k_plans{
    Entry{"searchOrders", {0.0056, 20}},
    Entry{"getOrder", {0.5, 30}},
    Entry{"confirmShipment", {2, 10}},
    Entry{"createFeedDocument", {0.5, 15}},
    Entry{"createFeed", {0.0083, 15}},
    Entry{"getFeed", {2, 15}},
    Entry{"getFeedDocument", {0.0222, 10}},
    Entry{"createReport", {0.0167, 15}},
    Entry{"getReport", {2, 15}},
    Entry{"getReportDocument", {0.0167, 15}},
    Entry{"getListingsItem", {5, 10}},
    Entry{"patchListingsItem", {5, 5}},
    Entry{"getInventorySummaries", {2, 2}},
    Entry{"getMarketplaceParticipations", {0.016, 15}},
};

} // namespace

std::optional<UsagePlan> documented_usage_plan(std::string_view operation) {
    for (const auto& e : k_plans) {
        if (e.operation == operation) {
            return e.plan;
        }
    }
    return std::nullopt;
}

} // namespace amzconn::spapi
