// What the order pages share beyond the host's data: the detail page with a notice on top (the
// ship and cancel actions answer with it when they refuse), and Amazon's cancel reasons as the
// plugin's settings schema lists them (cancellations.default_reason), so they are written once.
#pragma once

#include "console/console.hpp"

#include <string>
#include <vector>

namespace amzconn::refhost::console {

// The detail page of the sales order keyed `key`, `notice_html` (already HTML) above it.
Response order_detail_with(const PageContext& page, std::string_view key, std::string notice_html,
                           int status);

// The CancelReason values of the plugin's settings schema (empty when it lists none).
std::vector<std::string> cancel_reasons(CliContext& cli);

} // namespace amzconn::refhost::console
