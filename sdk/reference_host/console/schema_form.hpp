// The configuration form rendered from the plugin's settings JSON Schema, generically: objects
// become fieldsets, strings, integers, enums and booleans become labelled inputs, lists of
// strings a textarea (one per line), maps and other shapes a textarea of YAML flow text; an array
// of objects (stores) gets one item. Field names are the key paths validate reports
// (stores[0].orders.fbm.warehouse), so its diagnostics land at their fields. The same walk turns
// the posted form back into the YAML an integrator would write.
#pragma once

#include "amzconn/result.hpp"
#include "console/http_message.hpp"

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <vector>

namespace amzconn::refhost::console {

// Diagnostics by key path: {path: [message, ...]}.
using FieldErrors = std::map<std::string, std::vector<std::string>, std::less<>>;

// The form's fields (without <form>): every property of `schema`, values from `values` (the
// posted form), each error under its field. `rendered` gets the paths that have a field.
std::string schema_form_fields(const boost::json::value& schema, const Fields& values,
                               const FieldErrors& errors, std::vector<std::string>& rendered);

// The posted form as YAML: empty fields are left out (the schema's defaults apply); a YAML field
// that does not parse is an error naming its path.
Result<std::string> schema_form_yaml(const boost::json::value& schema, const Fields& values);

} // namespace amzconn::refhost::console
