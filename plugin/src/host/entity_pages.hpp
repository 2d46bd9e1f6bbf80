// Reads every host document of a kind, a page at a time (entity_query with limit/after), so an
// engine sees past the host's page size. The one paging loop every reader of many entities uses.
#pragma once

#include "amzconn/host_services.hpp"

#include <boost/json/object.hpp>
#include <functional>
#include <string_view>

namespace amzconn::plugin {

// Calls `each` for every document of `kind` matching `filter`; a page starts after the host's id
// of the previous page's last document. A full page whose last document has no new id is an error
// (stopping there would silently leave documents out).
Outcome for_each_entity(HostServices& host, std::string_view kind,
                        const boost::json::object& filter,
                        const std::function<void(const boost::json::object&)>& each);

} // namespace amzconn::plugin
