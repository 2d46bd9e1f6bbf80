// The last-sent state as JSON, the form the plugin stores in host state (one key per SKU and
// marketplace). Reading is strict: a damaged record is an error, never a silent reset.
#pragma once

#include "amzconn/result.hpp"
#include "stock/delta.hpp"

#include <boost/json/value.hpp>
#include <string_view>

namespace amzconn::stock {

boost::json::value to_json(const SentState& state);
Result<SentState> sent_state_from_json(const boost::json::value& json);
Result<SentState> parse_sent_state(std::string_view text);

} // namespace amzconn::stock
