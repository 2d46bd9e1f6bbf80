// What the configuration pages share (page_config.cpp: the form and validate;
// page_config_install.cpp: the review step and Save and install): the plugin's settings schema,
// the installed stores whose alias is fixed, and the page around the form.
#pragma once

#include "console/console.hpp"
#include "console/schema_form.hpp"

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::refhost::console {

// The file name the configuration pages validate and install under (diagnostics carry it).
inline constexpr std::string_view k_config_file_name = "console.yaml";

// The settings JSON Schema from the plugin's manifest.
Result<boost::json::value> settings_schema(CliContext& cli);

// The aliases of the installed stores, in config order (retired ones too).
Result<std::vector<std::string>> installed_store_aliases(const PageContext& page);

// The form's options: an installed store's alias is read-only.
FormOptions form_options(const std::vector<std::string>& installed);

// An error at stores[i].alias for each installed store whose alias the form changed (the alias of
// an installed store is fixed; the plugin would refuse the config too, but not at the field).
FieldErrors alias_changes(const std::vector<std::string>& installed, const Fields& values);

// The Configuration page: `top` (alerts, the review) above the form with `values` and `errors`.
Response config_form_page(const PageContext& page, const boost::json::value& schema,
                          const Fields& values, const FieldErrors& errors,
                          const FormOptions& options, const std::string& top, int status);

// The review step of a valid config: the plugin's plan per store, the warnings, the YAML, and
// the Save and install button (posting that YAML to /config/install).
std::string review_html(const PageContext& page, const std::string& report_json,
                        const std::string& yaml, const std::vector<std::string>& installed);

} // namespace amzconn::refhost::console
