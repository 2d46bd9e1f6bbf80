// The report every job answers with: job, store, status, start and finish times, counts, messages
// for the admin, and when to retry. The engines fill in their counts; the envelope is one shape.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::plugin {

// retry_after_s < 0: no retry_after_s field.
boost::json::object job_report(std::string_view job, std::string_view store,
                               std::string_view status, int64_t started_ms, int64_t finished_ms,
                               boost::json::object counts, const std::vector<std::string>& messages,
                               int64_t retry_after_s = -1);

} // namespace amzconn::plugin
