// Sellers v1: getMarketplaceParticipations, the connection test of the `check` job and the
// authoritative list of a store's marketplaces and currencies.
#pragma once

#include "client.hpp"

#include <string>
#include <vector>

namespace amzconn::spapi::sellers {

struct MarketplaceParticipation {
    std::string marketplace_id;
    std::string name;
    std::string country_code;
    std::string default_currency_code;
    std::string default_language_code;
    std::string domain_name;
    bool is_participating = false;
    bool has_suspended_listings = false;
    std::string store_name;
};

ApiResult<std::vector<MarketplaceParticipation>> parse_participations(std::string_view body,
                                                                      std::string_view rid);

ApiResult<std::vector<MarketplaceParticipation>>
get_marketplace_participations(SpApiClient& client);

} // namespace amzconn::spapi::sellers
