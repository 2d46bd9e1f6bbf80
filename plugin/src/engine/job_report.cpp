#include "engine/job_report.hpp"

#include "base/time.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

json::object JobReport::to_json() const {
    json::object out{{"job", job}, {"store", store}, {"status", status}};
    if (started_ms) {
        out["started_at"] = time::format_rfc3339({*started_ms});
    }
    if (finished_ms) {
        out["finished_at"] = time::format_rfc3339({*finished_ms});
    }
    json::array lines;
    for (const auto& message : messages) {
        lines.push_back(json::string(message));
    }
    out["counts"] = counts;
    out["messages"] = std::move(lines);
    if (retry_after_s >= 0) {
        out["retry_after_s"] = retry_after_s;
    }
    for (const auto& [key, value] : extra) {
        out[key] = value;
    }
    return out;
}

int64_t JobReport::count(std::string_view name) const {
    const auto* value = counts.if_contains(name);
    return value && value->is_int64() ? value->as_int64() : 0;
}

} // namespace amzconn::plugin
