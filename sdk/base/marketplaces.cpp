#include "marketplaces.hpp"

#include <array>
#include <cctype>

namespace amzconn::amazon {
namespace {

// Source: ../shared/docs/spapi-facts.md §2 (Amazon's marketplace-ids page). VAT inclusion follows
// §11: EU/UK and the other consumer-price-inclusive markets (JP, AU, IN, ...) are treated as gross;
// NA marketplaces as net. Integrators override per store with taxes.prices_include_tax.
constexpr std::array k_marketplaces{
    Marketplace{"A2EUQ1WTGCTBG2", "CA", "CA", "Canada", Region::na, "CAD", 2, false},
    Marketplace{"ATVPDKIKX0DER", "US", "US", "United States", Region::na, "USD", 2, false},
    Marketplace{"A1AM78C64UM0Y8", "MX", "MX", "Mexico", Region::na, "MXN", 2, true},
    Marketplace{"A2Q3Y263D00KWC", "BR", "BR", "Brazil", Region::na, "BRL", 2, true},
    Marketplace{"A28R8C7NBKEWEA", "IE", "IE", "Ireland", Region::eu, "EUR", 2, true},
    Marketplace{"A1RKKUPIHCS9HS", "ES", "ES", "Spain", Region::eu, "EUR", 2, true},
    Marketplace{"A1F83G8C2ARO7P", "UK", "GB", "United Kingdom", Region::eu, "GBP", 2, true},
    Marketplace{"A13V1IB3VIYZZH", "FR", "FR", "France", Region::eu, "EUR", 2, true},
    Marketplace{"AMEN7PMS3EDWL", "BE", "BE", "Belgium", Region::eu, "EUR", 2, true},
    Marketplace{"A1805IZSGTT6HS", "NL", "NL", "Netherlands", Region::eu, "EUR", 2, true},
    Marketplace{"A1PA6795UKMFR9", "DE", "DE", "Germany", Region::eu, "EUR", 2, true},
    Marketplace{"APJ6JRA9NG5V4", "IT", "IT", "Italy", Region::eu, "EUR", 2, true},
    Marketplace{"A2NODRKZP88ZB9", "SE", "SE", "Sweden", Region::eu, "SEK", 2, true},
    Marketplace{"AE08WJ6YKNBMC", "ZA", "ZA", "South Africa", Region::eu, "ZAR", 2, true},
    Marketplace{"A1C3SOZRARQ6R3", "PL", "PL", "Poland", Region::eu, "PLN", 2, true},
    Marketplace{"ARBP9OOSHTCHU", "EG", "EG", "Egypt", Region::eu, "EGP", 2, true},
    Marketplace{"A33AVAJ2PDY3EV", "TR", "TR", "Turkey", Region::eu, "TRY", 2, true},
    Marketplace{"A17E79C6D8DWNP", "SA", "SA", "Saudi Arabia", Region::eu, "SAR", 2, true},
    Marketplace{"A2VIGQ35RCS4UG", "AE", "AE", "United Arab Emirates", Region::eu, "AED", 2, true},
    Marketplace{"A21TJRUUN4KGV", "IN", "IN", "India", Region::eu, "INR", 2, true},
    Marketplace{"A19VAU5U5O7RUS", "SG", "SG", "Singapore", Region::fe, "SGD", 2, true},
    Marketplace{"A39IBJ37TRP1C6", "AU", "AU", "Australia", Region::fe, "AUD", 2, true},
    Marketplace{"A1VC38T7YXB528", "JP", "JP", "Japan", Region::fe, "JPY", 0, true},
};

// currency_minor_units compares the codes as three bytes.
constexpr bool three_letter_currencies() {
    for (const auto& m : k_marketplaces) {
        if (m.currency.size() != 3) {
            return false;
        }
    }
    return true;
}
static_assert(three_letter_currencies());

constexpr std::array k_regions{
    RegionInfo{Region::na, "NA", "https://sellingpartnerapi-na.amazon.com", "us-east-1"},
    RegionInfo{Region::eu, "EU", "https://sellingpartnerapi-eu.amazon.com", "eu-west-1"},
    RegionInfo{Region::fe, "FE", "https://sellingpartnerapi-fe.amazon.com", "us-west-2"},
};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(a[i])) !=
            std::toupper(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

} // namespace

std::span<const Marketplace> all_marketplaces() {
    return k_marketplaces;
}
std::span<const RegionInfo> all_regions() {
    return k_regions;
}

const RegionInfo& region_info(Region region) {
    for (const auto& info : k_regions) {
        if (info.region == region) {
            return info;
        }
    }
    return k_regions.front();
}

const Marketplace* find_marketplace(std::string_view id_or_country) {
    for (const auto& m : k_marketplaces) {
        if (m.id == id_or_country || iequals(m.country_code, id_or_country) ||
            iequals(m.iso_country, id_or_country)) {
            return &m;
        }
    }
    return nullptr;
}

std::optional<int> currency_minor_units(std::string_view currency) {
    // Every amount Amazon sends is looked up here: the codes are compared as three bytes, not
    // with a library string compare per row.
    if (currency.size() != 3) {
        return std::nullopt;
    }
    for (const auto& m : k_marketplaces) {
        const std::string_view c = m.currency;
        if (c[0] == currency[0] && c[1] == currency[1] && c[2] == currency[2]) {
            return m.minor_units;
        }
    }
    return std::nullopt;
}

} // namespace amzconn::amazon
