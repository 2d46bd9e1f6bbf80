// Text from Amazon, a plugin or a config printed on one line: control characters (C0, DEL, C1)
// and bytes that are not UTF-8 are written as \r, \n, \t or \xHH / \u00HH, so a value can never
// start a forged line or drive the terminal. Backslashes are kept as they are, so text a plugin
// has already escaped the same way is unchanged (escaping twice changes nothing).
#pragma once

#include <string>
#include <string_view>

namespace amzconn::refhost {

std::string escape_controls(std::string_view text);

} // namespace amzconn::refhost
