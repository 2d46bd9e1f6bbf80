// When a scheduled job runs next: on its schedule, or when its last report asked to run again
// (retry_after_s: Amazon's report not ready, a throttle), sooner or later than the schedule.
// serve and the admin console's job runner record a run the same way.
#pragma once

#include "sqlite_host.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace amzconn::refhost {

// A report's status ("done" when it has none) and the retry_after_s it asks for (0: none).
struct ReportOutcome {
    std::string status;
    int64_t retry_after_s = 0;
};
ReportOutcome report_outcome(const std::string& report_json);

// What to record for a run started at `started` that answered `outcome`.
SqliteHost::ScheduleEntry entry_after_run(int64_t started, const ReportOutcome& outcome);

// Whether a job last recorded as `last` (none: never run) is due at `now`.
bool is_due(const std::optional<SqliteHost::ScheduleEntry>& last, int64_t now, int64_t interval_ms);

} // namespace amzconn::refhost
