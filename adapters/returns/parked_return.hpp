// A return whose order the host does not have yet, as the plugin keeps it in host state until the
// order arrives: the return as Amazon reported it (lines with Seller SKUs, not yet mapped) and why
// it waits. Never buyer data: order id, RMA id, SKUs, quantities, reasons, status.
#pragma once

#include "returns/return_doc.hpp"

#include <boost/json/object.hpp>
#include <string>

namespace amzconn::returns {

struct ParkedReturn {
    HostReturn ret;
    std::string reason;
};

boost::json::object parked_to_json(const ParkedReturn& parked);
// Fails (bad_input) for a document this code did not write.
Result<ParkedReturn> parked_from_json(const boost::json::object& doc);

} // namespace amzconn::returns
