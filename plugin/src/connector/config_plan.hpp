// What a valid config will do, in plain words, for a host's review step before it installs the
// config: per store the statuses imported, the warehouses counted for stock, what goes to Amazon
// and the jobs the schedule runs. validate_config returns it as the report's "plan".
#pragma once

#include "amzconn/config/types.hpp"

#include <boost/json/array.hpp>

namespace amzconn::plugin {

// [{"alias", "retired", "summary": [{"topic", "text"}, ...]}, ...], one entry per store.
boost::json::array config_plan(const config::Config& config);

} // namespace amzconn::plugin
