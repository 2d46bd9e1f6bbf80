// JobReport: what every job answers, as a value. The engines fill in status, counts and messages;
// the connector serialises it once, at the ABI. Shape (sdk/docs/contract.md): job, store, status,
// started_at, finished_at, counts, messages, retry_after_s when set, then the engine's own fields.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::plugin {

struct JobReport {
    std::string job;
    std::string store;
    // ok | partial | retry_later | cancelled | failed | store_closed | not_applicable
    std::string status = "ok";
    // Absent on the report of a job that did not start (a closed store, a store that failed in
    // an all-stores run): it then carries no times.
    std::optional<int64_t> started_ms;
    std::optional<int64_t> finished_ms;
    boost::json::object counts;
    std::vector<std::string> messages;
    int64_t retry_after_s = -1; // < 0: no retry_after_s field
    boost::json::object extra;  // the engine's own fields, after the envelope

    boost::json::object to_json() const;
    // An integer count, 0 when absent.
    int64_t count(std::string_view name) const;
};

} // namespace amzconn::plugin
