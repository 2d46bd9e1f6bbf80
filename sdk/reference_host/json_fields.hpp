// Fields of the JSON the plugin answers with (reports, diagnostics, list_stores:
// [{"alias","open","marketplaces","schedules":{"job":seconds},...}]).
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::refhost {

// A field as text: strings as they are, other values as JSON, missing or null as "".
std::string field_text(const boost::json::object& object, std::string_view field);

// The aliases in a list_stores answer.
std::vector<std::string> store_aliases(std::string_view stores_json);

} // namespace amzconn::refhost
