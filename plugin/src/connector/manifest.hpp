// The plugin's manifest: id, version, ABI, jobs with default schedules, actions, events, and the
// settings JSON Schema a host UI renders (from config/). Side-effect free.
#pragma once

#include "amzconn/result.hpp"

#include <string>

namespace amzconn::plugin {

Result<std::string> manifest_json();

} // namespace amzconn::plugin
