// Plain YAML -> JSON conversion (no schema applied), shared by to-json and the schema defaults.
#pragma once

#include "yaml_tree.hpp"

#include <boost/json/value.hpp>

namespace amzconn::config::detail {

boost::json::value plain_json(const YNode& node);

} // namespace amzconn::config::detail
