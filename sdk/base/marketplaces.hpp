// Amazon's marketplaces and selling regions as plain data: ids, countries, regional endpoints,
// default currency with its minor units, and whether listing prices include VAT by default.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace amzconn::amazon {

enum class Region { na, eu, fe };

constexpr std::string_view to_string(Region region) {
    switch (region) {
    case Region::na: return "NA";
    case Region::eu: return "EU";
    case Region::fe: return "FE";
    }
    return "?";
}

struct RegionInfo {
    Region region;
    std::string_view code;          // "NA" | "EU" | "FE"
    std::string_view endpoint;      // production SP-API host
    std::string_view aws_region;    // informational (LWA tokens need no SigV4)
};

struct Marketplace {
    std::string_view id;            // e.g. "A1F83G8C2ARO7P"
    std::string_view country_code;  // Amazon's code: "UK" for the United Kingdom
    std::string_view iso_country;   // ISO 3166-1 alpha-2 used in addresses: "GB"
    std::string_view name;
    Region region;
    std::string_view currency;      // ISO 4217 default currency
    int minor_units;                // digits after the decimal point in that currency
    bool vat_inclusive;             // listing and order prices include VAT/GST by default
};

std::span<const Marketplace> all_marketplaces();
std::span<const RegionInfo> all_regions();

const RegionInfo& region_info(Region region);

// Looks up by marketplace id or by country code (Amazon's "UK" and ISO "GB" both work),
// case-insensitively for country codes.
const Marketplace* find_marketplace(std::string_view id_or_country);

// Minor units of an ISO 4217 currency code used on Amazon, or nullopt for an unknown code.
std::optional<int> currency_minor_units(std::string_view currency);

} // namespace amzconn::amazon
