#include "job_schedule.hpp"

#include "json_fields.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace amzconn::refhost {

namespace json = boost::json;

ReportOutcome report_outcome(const std::string& report_json) {
    boost::system::error_code ec;
    const json::value report = json::parse(report_json, ec);
    const auto* object = ec ? nullptr : report.if_object();
    ReportOutcome out{object != nullptr ? field_text(*object, "status") : "", 0};
    if (out.status.empty()) {
        out.status = "done";
    }
    if (const auto* retry = object != nullptr ? object->if_contains("retry_after_s") : nullptr;
        retry != nullptr && retry->is_int64() && retry->as_int64() > 0) {
        out.retry_after_s = retry->as_int64();
    }
    return out;
}

SqliteHost::ScheduleEntry entry_after_run(int64_t started, const ReportOutcome& outcome) {
    SqliteHost::ScheduleEntry entry{started, std::nullopt};
    if (outcome.retry_after_s > 0) {
        entry.retry_at_ms = started + outcome.retry_after_s * 1000;
    }
    return entry;
}

bool is_due(const std::optional<SqliteHost::ScheduleEntry>& last, int64_t now,
            int64_t interval_ms) {
    if (!last) {
        return true;
    }
    return last->retry_at_ms ? now >= *last->retry_at_ms : now - last->last_run_ms >= interval_ms;
}

} // namespace amzconn::refhost
