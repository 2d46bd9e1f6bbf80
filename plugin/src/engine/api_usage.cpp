#include "engine/api_usage.hpp"

#include "spapi/usage_plans.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr int64_t k_usage_hour_ms = 3600LL * 1000;
constexpr int64_t k_usage_keep_ms = 7LL * 24 * k_usage_hour_ms;
constexpr int k_usage_cas_attempts = 5;

std::string usage_key(std::string_view alias, int64_t hour_ms) {
    return std::string(alias) + "/" + std::to_string(hour_ms);
}

// The stored record with `calls` added (a record that does not parse starts again from zero).
std::string merged_usage(const std::string* stored, std::string_view alias, int64_t hour_ms,
                         const std::map<std::string, int64_t>& calls) {
    json::object record{{"store", alias},
                        {"hour_ms", hour_ms},
                        {"calls", json::object{}},
                        {"plans", json::object{}}};
    if (stored != nullptr) {
        boost::system::error_code ec;
        auto parsed = json::parse(*stored, ec);
        if (!ec && parsed.is_object() && parsed.as_object().contains("calls") &&
            parsed.as_object().at("calls").is_object()) {
            record["calls"] = parsed.as_object().at("calls");
        }
    }
    auto& counts = record["calls"].as_object();
    auto& plans = record["plans"].as_object();
    for (const auto& [operation, n] : calls) {
        const auto* before = counts.if_contains(operation);
        counts[operation] = (before != nullptr && before->is_int64() ? before->as_int64() : 0) + n;
    }
    for (const auto& [operation, n] : counts) {
        if (auto plan = spapi::documented_usage_plan(operation)) {
            plans[operation] =
                json::object{{"rate_per_s", plan->rate_per_s}, {"burst", plan->burst}};
        }
    }
    return json::serialize(record);
}

// The store's records older than the week kept.
Outcome prune_usage(HostServices& host, std::string_view alias, int64_t hour_ms) {
    const std::string prefix = std::string(alias) + "/";
    TRY_ASSIGN(const auto entries, host.state_list(k_api_usage_ns, prefix));
    for (const auto& entry : entries) {
        int64_t at = 0;
        try {
            at = std::stoll(entry.key.substr(prefix.size()));
        } catch (const std::exception&) {
            continue;
        }
        if (at < hour_ms - k_usage_keep_ms) {
            TRY(host.state_delete(k_api_usage_ns, entry.key, entry.version));
        }
    }
    return {};
}

} // namespace

Outcome record_api_calls(HostServices& host, std::string_view alias,
                         const std::map<std::string, int64_t>& calls) {
    if (calls.empty()) {
        return {};
    }
    const int64_t now = host.now_ms();
    const int64_t hour_ms = now - now % k_usage_hour_ms;
    const auto key = usage_key(alias, hour_ms);
    for (int attempt = 0; attempt < k_usage_cas_attempts; ++attempt) {
        auto stored = host.state_get(k_api_usage_ns, key);
        if (!stored && stored.status() != Status::not_found) {
            return stored.error();
        }
        const int64_t version = stored ? stored->version : k_version_absent;
        auto put = host.state_put(
            k_api_usage_ns, key,
            merged_usage(stored ? &stored->value : nullptr, alias, hour_ms, calls), version);
        if (put) {
            return stored ? Outcome{} : prune_usage(host, alias, hour_ms);
        }
        if (put.status() != Status::conflict) {
            return put.error();
        }
    }
    return Error{Status::conflict, "the API call record " + key + " kept changing"};
}

} // namespace amzconn::plugin
