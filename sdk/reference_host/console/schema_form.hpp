// The configuration form rendered from the plugin's settings JSON Schema, generically: objects
// become fieldsets, strings, integers, enums and booleans become labelled inputs, lists of
// strings a textarea (one per line), maps and other shapes a textarea of YAML flow text; an array
// of objects (stores) gets one fieldset per item and an "add" button (action add:PATH). Field names
// are the key paths validate reports (stores[0].orders.fbm.warehouse), so its diagnostics land at
// their fields; a hidden PATH#items field holds how many items an array has. The same walk turns
// the posted form back into the YAML an integrator would write (schema_form_yaml.cpp) and an
// installed YAML into the form's values (schema_form_values.cpp).
#pragma once

#include "amzconn/result.hpp"
#include "console/http_message.hpp"

#include <boost/json/value.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace amzconn::refhost::console {

// Diagnostics by key path: {path: [message, ...]}.
using FieldErrors = std::map<std::string, std::vector<std::string>, std::less<>>;

struct FormOptions {
    std::set<std::string, std::less<>> readonly; // paths shown but not editable
    std::string focus_under; // the first field under this path gets the focus ("": none)
};

// The form's fields (without <form>): every property of `schema`, values from `values` (the
// posted form), each error under its field. `rendered` gets the paths that have a field.
std::string schema_form_fields(const boost::json::value& schema, const Fields& values,
                               const FieldErrors& errors, const FormOptions& options,
                               std::vector<std::string>& rendered);

// `values` with one more item in the array at `path` (an add:PATH action); the new item's path.
std::string schema_form_add_item(Fields& values, std::string_view path);

// The posted form as YAML: empty fields are left out (the schema's defaults apply), an item whose
// fields are all empty is `{}` so the items keep their index; a YAML field that does not parse is
// an error naming its path.
Result<std::string> schema_form_yaml(const boost::json::value& schema, const Fields& values);

// A config's YAML as the form's values (the inverse of schema_form_yaml), e.g. the installed
// config loaded into the form; an error when the text is not YAML.
Result<Fields> schema_form_values(const boost::json::value& schema, const std::string& yaml);

} // namespace amzconn::refhost::console
