// Writing JSON text by hand where exactness or speed matters: escaped strings and decimal numbers
// copied verbatim from their validated text (prices never pass through a double).
#pragma once

#include "amzconn/detail/json_lite.hpp"

#include <string>
#include <string_view>

namespace amzconn::stock {

// Appends `text` as a quoted JSON string (RFC 8259 escaping; UTF-8 passes through): the SDK's.
using amzconn::detail::append_json_string;

// True for [0-9]+ or [0-9]+.[0-9]+ without a superfluous leading zero: valid as a JSON number.
bool is_plain_decimal(std::string_view text);

} // namespace amzconn::stock
