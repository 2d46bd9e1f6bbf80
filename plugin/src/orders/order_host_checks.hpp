// What `install` checks of a store's order settings against the host it is installed on: a single
// customer the host lacks is refused (its orders would point nowhere), an inventory location no
// host warehouse has is warned about (the filter matches warehouse codes, so it never matches).
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"

#include <string>
#include <vector>

namespace amzconn::plugin {

struct HostChecks {
    std::vector<std::string> errors;   // "stores[0].orders.fbm.customer.code: ..." lines
    std::vector<std::string> warnings; // also when the host could not be asked
};

HostChecks check_orders_against_host(HostServices& host, const config::Config& config);

} // namespace amzconn::plugin
