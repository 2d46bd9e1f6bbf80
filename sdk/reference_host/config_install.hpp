// Installing a config the way `amzconn-host install` does, for the CLI, `store retire` and the
// console alike: the plugin's validate (every diagnostic), every ${secret:NAME} the config names
// present in the host, the plugin's install (its checks against the host), then the log retention
// and the host's copy of the installed YAML. Nothing is stored when any step refuses.
#pragma once

#include "cli_context.hpp"

#include <iosfwd>
#include <string>

namespace amzconn::refhost {

struct InstallOutcome {
    bool installed = false;  // false: refused, the reasons printed on `out`
    std::string report_json; // the plugin's install report, when installed
};

// Diagnostics and refusals go to `out` (file:line:column: severity: path: message), notes such as
// the log retention to `err`. An Error is a failure of the host or the plugin, not of the config.
Result<InstallOutcome> install_config(CliContext& context, const std::string& file,
                                      const std::string& yaml, std::ostream& out,
                                      std::ostream& err);

// The install report's "warnings", one line each (config warnings and what the plugin checked
// against this host, e.g. an inventory location no warehouse has).
void print_install_warnings(std::string_view report_json, std::ostream& out);

// The aliases in an install report, "uk1, de1".
std::string installed_aliases(std::string_view report_json);

} // namespace amzconn::refhost
