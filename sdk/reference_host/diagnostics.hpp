// Prints the plugin's config diagnostics as `file:line:column: severity: path: message`, and the
// plan of a valid config (what it will do per store) as text.
#pragma once

#include <iosfwd>
#include <string_view>

namespace amzconn::refhost {

struct DiagnosticCounts {
    size_t errors = 0;
    size_t warnings = 0;
};

// Reads {"diagnostics":[{file,line,column,severity,path,message}...]} (other fields ignored) and
// prints one line per diagnostic; errors and warnings alike go to `out`.
DiagnosticCounts print_diagnostics(std::string_view report_json, std::ostream& out);

// Reads the report's "plan" ([{alias, summary:[{topic,text}]}]) and prints it, a `store ALIAS`
// line and an indented `Topic: text` line each; nothing when the report has no plan.
void print_plan(std::string_view report_json, std::ostream& out);

} // namespace amzconn::refhost
