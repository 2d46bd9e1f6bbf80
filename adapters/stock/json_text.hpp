// Writing JSON text by hand where exactness or speed matters: escaped strings and decimal numbers
// copied verbatim from their validated text (prices never pass through a double).
#pragma once

#include <string>
#include <string_view>

namespace amzconn::stock {

// Appends `text` as a quoted JSON string (RFC 8259 escaping, by Boost.JSON; UTF-8 passes through).
void append_json_string(std::string& out, std::string_view text);

// True for [0-9]+ or [0-9]+.[0-9]+ without a superfluous leading zero: valid as a JSON number.
bool is_plain_decimal(std::string_view text);

} // namespace amzconn::stock
