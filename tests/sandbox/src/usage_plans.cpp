#include "usage_plans.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

namespace amzconn::sandbox {

namespace {
struct Documented {
    const char* operation;
    const char* rate;
    double burst;
};
// Default plans from the official models (docs/spapi-facts.md §3).
constexpr Documented k_documented[] = {
    {"getMarketplaceParticipations", "0.016", 15},
    {"searchOrders", "0.0056", 20},
    {"getOrder", "0.5", 30},
    {"confirmShipment", "2", 10},
    {"createFeedDocument", "0.5", 15},
    {"createFeed", "0.0083", 15},
    // JSON_LISTINGS_FEED: 5 submissions per 5 minutes per region (since 2025-05-06), checked on
    // top of createFeed's own plan.
    {"createFeed:JSON_LISTINGS_FEED", "0.0167", 5},
    {"getFeed", "2", 15},
    {"getFeeds", "0.0222", 10},
    {"cancelFeed", "2", 15},
    {"getFeedDocument", "0.0222", 10},
    {"createReport", "0.0167", 15},
    {"getReport", "2", 15},
    {"getReports", "0.0222", 10},
    {"cancelReport", "0.0222", 10},
    {"getReportDocument", "0.0167", 15},
    {"getListingsItem", "5", 10},
    {"patchListingsItem", "5", 5},
    {"getInventorySummaries", "2", 2},
};
} // namespace

UsagePlans::UsagePlans() {
    for (const auto& d : k_documented) {
        m_plans[d.operation] = UsagePlan{std::stod(d.rate), d.burst, d.rate};
    }
}

Result<void> UsagePlans::configure(const std::string& mode) {
    if (mode == "off") {
        m_enforce = false;
        return {};
    }
    m_enforce = true;
    if (mode == "documented") {
        return {};
    }
    std::ifstream in(mode);
    if (!in) {
        return make_error(Status::bad_input, "--rate-limits: cannot read \"" + mode +
                                                 "\"; give off, documented or a JSON file");
    }
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    const auto doc = boost::json::parse(text.str(), ec);
    if (ec || !doc.is_object()) {
        return make_error(Status::bad_input,
                          "--rate-limits " + mode +
                              ": expected a JSON object {\"op\": {\"rate\": r, \"burst\": b}}");
    }
    for (const auto& [key, value] : doc.as_object()) {
        const auto* rate = value.is_object() ? value.as_object().if_contains("rate") : nullptr;
        const auto* burst = value.is_object() ? value.as_object().if_contains("burst") : nullptr;
        if (rate == nullptr || burst == nullptr || !rate->is_number() || !burst->is_number()) {
            return make_error(Status::bad_input, "--rate-limits " + mode + ": \"" +
                                                     std::string(key) +
                                                     "\" needs numeric rate and burst");
        }
        UsagePlan plan;
        plan.rate = rate->to_number<double>();
        plan.burst = burst->to_number<double>();
        plan.header = boost::json::serialize(*rate);
        m_plans[std::string(key)] = plan;
    }
    return {};
}

std::optional<UsagePlan> UsagePlans::plan(const std::string& operation) const {
    const auto it = m_plans.find(operation);
    if (it == m_plans.end()) {
        return std::nullopt;
    }
    return it->second;
}

bool UsagePlans::try_acquire(const std::string& operation, Millis now) {
    if (!m_enforce) {
        return true;
    }
    const auto plan_it = m_plans.find(operation);
    if (plan_it == m_plans.end()) {
        return true;
    }
    const auto& plan = plan_it->second;
    std::lock_guard lock(m_mutex);
    auto& bucket = m_buckets[operation];
    if (!bucket.started) {
        bucket.started = true;
        bucket.tokens = plan.burst;
        bucket.last = now;
    }
    if (now > bucket.last) {
        bucket.tokens += static_cast<double>(now - bucket.last) / 1000.0 * plan.rate;
        if (bucket.tokens > plan.burst) {
            bucket.tokens = plan.burst;
        }
        bucket.last = now;
    }
    // A hair of tolerance so "wait exactly 1/rate seconds" refills one whole token.
    if (bucket.tokens + 1e-9 < 1.0) {
        return false;
    }
    bucket.tokens -= 1.0;
    return true;
}

void UsagePlans::reset() {
    std::lock_guard lock(m_mutex);
    m_buckets.clear();
}

} // namespace amzconn::sandbox
