// The human form of a job report (`run` without --json): one line per report, "JOB STORE:
// STATUS, count=N ...", then the report's messages indented, then the job's own fields
// ("  name: value"; text line by line). A report of another shape is printed as indented JSON.
#pragma once

#include <string>
#include <string_view>

namespace amzconn::refhost {

std::string summarize_report(std::string_view report_json);

} // namespace amzconn::refhost
