// Lists given as one job argument ("skus", "order_ids"): items separated by commas, semicolons or
// white space, as users paste them from spreadsheets and e-mails.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace amzconn::plugin {

// The items, sorted and without repeats; empty items are dropped.
std::vector<std::string> split_arg_list(std::string_view text);

} // namespace amzconn::plugin
