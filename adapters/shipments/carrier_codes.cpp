#include "shipments/carrier_codes.hpp"

#include <algorithm>
#include <array>

namespace amzconn::shipments {
namespace {

// amzn-base.xsd CarrierCode, as Amazon's MWS clients ship it. A carrier not listed goes as Other
// with its name (Amazon: "All other carriers must use the CarrierName field").
constexpr auto k_codes = std::to_array<std::string_view>({"USPS",
                                                          "UPS",
                                                          "UPSMI",
                                                          "FedEx",
                                                          "DHL",
                                                          "Fastway",
                                                          "GLS",
                                                          "GO!",
                                                          "Hermes Logistik Gruppe",
                                                          "Royal Mail",
                                                          "Parcelforce",
                                                          "City Link",
                                                          "TNT",
                                                          "Target",
                                                          "SagawaExpress",
                                                          "NipponExpress",
                                                          "YamatoTransport",
                                                          "DHL Global Mail",
                                                          "UPS Mail Innovations",
                                                          "FedEx SmartPost",
                                                          "OSM",
                                                          "OnTrac",
                                                          "Streamlite",
                                                          "Newgistics",
                                                          "Canada Post",
                                                          "Blue Package",
                                                          "Chronopost",
                                                          "Deutsche Post",
                                                          "DPD",
                                                          "La Poste",
                                                          "Parcelnet",
                                                          "Poste Italiane",
                                                          "SDA",
                                                          "Smartmail",
                                                          "FEDEX_JP",
                                                          "JP_EXPRESS",
                                                          "NITTSU",
                                                          "SAGAWA",
                                                          "YAMATO",
                                                          "BlueDart",
                                                          "AFL/Fedex",
                                                          "Aramex",
                                                          "India Post",
                                                          "Professional",
                                                          "DTDC",
                                                          "Overnite Express",
                                                          "First Flight",
                                                          "Delhivery",
                                                          "Lasership",
                                                          "Yodel",
                                                          "Other",
                                                          "Amazon Shipping",
                                                          "Seur",
                                                          "Correos",
                                                          "MRW",
                                                          "Endopack",
                                                          "Chrono Express",
                                                          "Nacex",
                                                          "Otro",
                                                          "Correios",
                                                          "Toll Global Express",
                                                          "China Post",
                                                          "AUSSIE_POST",
                                                          "EUB",
                                                          "Australia Post",
                                                          "Yun Express",
                                                          "4PX"});

bool same_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) {
                   return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
               };
               return lower(x) == lower(y);
           });
}

// The configured mapping of a host carrier: exact name first, then ignoring case.
const std::string* mapped(const ShipmentSettings& settings, std::string_view carrier) {
    if (auto it = settings.carriers.find(std::string(carrier)); it != settings.carriers.end()) {
        return &it->second;
    }
    for (const auto& [name, code] : settings.carriers) {
        if (same_ignoring_case(name, carrier)) {
            return &code;
        }
    }
    return nullptr;
}

} // namespace

std::span<const std::string_view> amazon_carrier_codes() {
    return k_codes;
}

std::optional<std::string_view> amazon_carrier_code(std::string_view name) {
    for (const auto code : k_codes) {
        if (same_ignoring_case(code, name)) {
            return code;
        }
    }
    return std::nullopt;
}

std::optional<CarrierChoice> choose_carrier(const ShipmentSettings& settings,
                                            std::string_view host_carrier) {
    CarrierChoice choice;
    if (const auto* code = host_carrier.empty() ? nullptr : mapped(settings, host_carrier)) {
        choice.code = *code;
    } else if (auto known =
                   host_carrier.empty() ? std::nullopt : amazon_carrier_code(host_carrier)) {
        choice.code = std::string(*known);
    } else {
        choice.code = settings.default_carrier.empty() ? "Other" : settings.default_carrier;
    }
    // A configured code spelled in another case is sent in Amazon's spelling.
    if (auto known = amazon_carrier_code(choice.code)) {
        choice.code = std::string(*known);
    }
    if (choice.code != "Other") {
        return choice;
    }
    choice.name = !host_carrier.empty() ? std::string(host_carrier)
                                        : settings.default_method.value_or(std::string());
    if (choice.name.empty()) {
        return std::nullopt;
    }
    return choice;
}

} // namespace amzconn::shipments
