// Indented JSON output for people (Boost.JSON only serializes compactly).
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace amzconn::refhost {

std::string pretty_json(const boost::json::value& value);

// Pretty-prints JSON text; text that does not parse is returned unchanged.
std::string pretty_json_text(std::string_view text);

} // namespace amzconn::refhost
