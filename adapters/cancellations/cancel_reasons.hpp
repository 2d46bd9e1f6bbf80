// Amazon's CancelReason values (amzn-base.xsd, docs/spapi-facts.md §6): the only reasons the
// acknowledgement feed takes. A host reason outside the list is refused at once, with the list.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace amzconn::cancellations {

inline constexpr std::array<std::string_view, 10> k_cancel_reasons = {
    "NoInventory",
    "ShippingAddressUndeliverable",
    "CustomerExchange",
    "BuyerCanceled",
    "GeneralAdjustment",
    "CarrierCreditDecision",
    "RiskAssessmentInformationNotValid",
    "CarrierCoverageFailure",
    "CustomerReturn",
    "MerchandiseNotReceived"};

// "NoInventory, ShippingAddressUndeliverable, ..." for messages.
std::string cancel_reason_list();

bool is_cancel_reason(std::string_view reason);

// Why `reason` is refused (naming every valid one), or nullopt when Amazon takes it.
std::optional<std::string> reason_problem(std::string_view reason);

} // namespace amzconn::cancellations
