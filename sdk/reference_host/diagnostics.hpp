// Prints the plugin's config diagnostics as `file:line:column: severity: path: message`.
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

} // namespace amzconn::refhost
