// Indented JSON output for people (Boost.JSON only serializes compactly).
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace amzconn::refhost {

std::string pretty_json(const boost::json::value& value);

// Appends "INDENTname: value" for people: short values inline; text with newlines and long
// values (pretty-printed) below it, one escaped line each, indented two more.
void append_field(std::string& out, std::string_view name, const boost::json::value& value,
                  std::string_view indent);

// A JSON object as "key: value" lines for people (append_field for each member) (strings as they
// are, other values as compact JSON, control characters escaped); anything else pretty-printed.
std::string fields_text(std::string_view text);

// Pretty-prints JSON text; text that does not parse is returned unchanged.
std::string pretty_json_text(std::string_view text);

} // namespace amzconn::refhost
