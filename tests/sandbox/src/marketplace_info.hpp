// Sandbox-side extras per marketplace (storefront domain, language) on top of amzconn::common's
// table, and exact money formatting from integer minor units.
#pragma once

#include <base/marketplaces.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace amzconn::sandbox {

struct StoreInfo {
    std::string_view domain;   // "www.amazon.com"
    std::string_view language; // "en_US"
    std::string_view name;     // "Amazon.com"
};

StoreInfo store_info(std::string_view marketplace_id);

// 1999 minor units in USD -> "19.99"; in JPY -> "1999". Negative values keep their sign.
std::string format_money(std::int64_t minor, int minor_units);

} // namespace amzconn::sandbox
