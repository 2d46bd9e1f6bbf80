// A host sales order's lines as the cancellation rules' plain lines, and a line reduction written
// back into the order's document (its lines, batches and totals). The one place where a
// sales_order's lines become structs for the cancellation mirror.
#pragma once

#include "amzconn/result.hpp"
#include "cancellations/line_reduction.hpp"

#include <boost/json/object.hpp>
#include <vector>

namespace amzconn::plugin {

// Every line of the document, or an error naming the line field the plugin cannot read.
Result<std::vector<cancellations::HostLine>> read_order_lines(const boost::json::object& doc);

// Writes the reduced lines (a line reduced to 0 goes) and takes what they lost off `totals`.
Outcome apply_line_reduction(boost::json::object& doc, const cancellations::LineReduction& r);

} // namespace amzconn::plugin
