// Entity documents (sdk/docs/entities.md): the JSON shapes hosts and the plugin exchange, and one
// validator both sides use, so a bad document is refused with the path of the offending field.
#pragma once

#include "amzconn/result.hpp"

#include <string_view>
#include <vector>

namespace boost::json {
class value;
class object;
} // namespace boost::json

namespace amzconn {

// The entity kinds, in the order sdk/docs/entities.md documents them.
const std::vector<std::string_view>& entity_kinds();

// Checks `json` against the shape of `kind`. On failure the Error is Status::bad_input and its
// message names the field path and the rule, e.g.
// "sales_order.lines[2].quantity: must be a positive integer"; every problem found is listed, one
// per line. An unknown kind or text that is not JSON is bad_input too.
Outcome validate_entity(std::string_view kind, std::string_view json);

// The same check on a document already parsed (or built) with Boost.JSON, so a caller that holds
// the tree validates it without writing and re-reading its text. Paths are built only for problems.
Outcome validate_entity_tree(std::string_view kind, const boost::json::value& doc);
// The same for a document held as an object (no copy into a value).
Outcome validate_entity_tree(std::string_view kind, const boost::json::object& doc);

} // namespace amzconn
