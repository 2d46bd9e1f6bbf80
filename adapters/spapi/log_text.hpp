// Makes text safe for one log line: the SDK's amzconn::log_safe (CR, LF and other control bytes
// escaped, CWE-117; length capped). Callers still never pass secrets or buyer data here.
#pragma once

#include "amzconn/log_text.hpp"

namespace amzconn::spapi {

using amzconn::log_safe;

} // namespace amzconn::spapi
