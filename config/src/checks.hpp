// Rules that span several keys (conflicts, uniqueness, install-time immutability).
#pragma once

#include "walker.hpp"

namespace amzconn::config::detail {

void check_rules(Config& config, Walker& walker);

} // namespace amzconn::config::detail
