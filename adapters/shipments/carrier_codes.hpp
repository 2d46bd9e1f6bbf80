// Amazon's accepted carrier codes (the CarrierCode values of Amazon's amzn-base.xsd) and the
// mapping of a host carrier to one: `shipping.carriers`, an Amazon code spelled by the host,
// else `shipping.default_carrier` (`Other` sends the carrier's name).
#pragma once

#include "shipments/settings.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace amzconn::shipments {

std::span<const std::string_view> amazon_carrier_codes();

// Amazon's spelling of `name` when it is one of its carrier codes (case ignored).
std::optional<std::string_view> amazon_carrier_code(std::string_view name);

struct CarrierChoice {
    std::string code;
    std::string name; // set when code is Other
};

// The carrier of a package, or nullopt when the code is Other and no name is known (neither the
// host's carrier nor shipping.default_method).
std::optional<CarrierChoice> choose_carrier(const ShipmentSettings& settings,
                                            std::string_view host_carrier);

} // namespace amzconn::shipments
