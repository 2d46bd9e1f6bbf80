#include "marketplace_info.hpp"

namespace amzconn::sandbox {

namespace {
struct Row {
    std::string_view country;
    StoreInfo info;
};
constexpr Row k_rows[] = {
    {"US", {"www.amazon.com", "en_US", "Amazon.com"}},
    {"CA", {"www.amazon.ca", "en_CA", "Amazon.ca"}},
    {"MX", {"www.amazon.com.mx", "es_MX", "Amazon.com.mx"}},
    {"BR", {"www.amazon.com.br", "pt_BR", "Amazon.com.br"}},
    {"UK", {"www.amazon.co.uk", "en_GB", "Amazon.co.uk"}},
    {"DE", {"www.amazon.de", "de_DE", "Amazon.de"}},
    {"FR", {"www.amazon.fr", "fr_FR", "Amazon.fr"}},
    {"IT", {"www.amazon.it", "it_IT", "Amazon.it"}},
    {"ES", {"www.amazon.es", "es_ES", "Amazon.es"}},
    {"NL", {"www.amazon.nl", "nl_NL", "Amazon.nl"}},
    {"SE", {"www.amazon.se", "sv_SE", "Amazon.se"}},
    {"PL", {"www.amazon.pl", "pl_PL", "Amazon.pl"}},
    {"BE", {"www.amazon.com.be", "fr_BE", "Amazon.com.be"}},
    {"IE", {"www.amazon.ie", "en_IE", "Amazon.ie"}},
    {"TR", {"www.amazon.com.tr", "tr_TR", "Amazon.com.tr"}},
    {"AE", {"www.amazon.ae", "en_AE", "Amazon.ae"}},
    {"SA", {"www.amazon.sa", "ar_AE", "Amazon.sa"}},
    {"EG", {"www.amazon.eg", "ar_AE", "Amazon.eg"}},
    {"IN", {"www.amazon.in", "en_IN", "Amazon.in"}},
    {"ZA", {"www.amazon.co.za", "en_ZA", "Amazon.co.za"}},
    {"JP", {"www.amazon.co.jp", "ja_JP", "Amazon.co.jp"}},
    {"AU", {"www.amazon.com.au", "en_AU", "Amazon.com.au"}},
    {"SG", {"www.amazon.sg", "en_SG", "Amazon.sg"}},
};
} // namespace

StoreInfo store_info(std::string_view marketplace_id) {
    const auto* m = amazon::find_marketplace(marketplace_id);
    if (m != nullptr) {
        for (const auto& row : k_rows) {
            if (row.country == m->country_code) {
                return row.info;
            }
        }
    }
    return {"www.amazon.com", "en_US", "Amazon"};
}

std::string format_money(std::int64_t minor, int minor_units) {
    const bool negative = minor < 0;
    const auto magnitude = static_cast<std::uint64_t>(negative ? -minor : minor);
    std::string digits = std::to_string(magnitude);
    if (minor_units > 0) {
        const auto units = static_cast<std::size_t>(minor_units);
        if (digits.size() <= units) {
            digits.insert(0, units + 1 - digits.size(), '0');
        }
        digits.insert(digits.size() - units, 1, '.');
    }
    return negative ? "-" + digits : digits;
}

} // namespace amzconn::sandbox
