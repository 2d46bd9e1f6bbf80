// Makes text safe for one log line: CR, LF and other control bytes escaped (CWE-117), length
// capped. Callers still never pass secrets or buyer data here.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace amzconn::spapi {

std::string log_safe(std::string_view text, size_t max_bytes = 512);

} // namespace amzconn::spapi
