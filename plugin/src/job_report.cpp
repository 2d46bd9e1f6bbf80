#include "job_report.hpp"

#include "base/time.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

json::object job_report(std::string_view job, std::string_view store, std::string_view status,
                        int64_t started_ms, int64_t finished_ms, json::object counts,
                        const std::vector<std::string>& messages, int64_t retry_after_s) {
    json::array lines;
    for (const auto& message : messages) {
        lines.push_back(json::string(message));
    }
    json::object out{{"job", job},
                     {"store", store},
                     {"status", status},
                     {"started_at", time::format_rfc3339({started_ms})},
                     {"finished_at", time::format_rfc3339({finished_ms})},
                     {"counts", std::move(counts)},
                     {"messages", std::move(lines)}};
    if (retry_after_s >= 0) {
        out["retry_after_s"] = retry_after_s;
    }
    return out;
}

} // namespace amzconn::plugin
