#include "stock/fulfillment_channel.hpp"

#include "base/marketplaces.hpp"

namespace amzconn::stock {

bool is_merchant_channel(std::string_view channel_code) {
    return channel_code == "DEFAULT";
}

Result<std::string> afn_channel_code(std::string_view marketplace_id) {
    const amazon::Marketplace* marketplace = amazon::find_marketplace(marketplace_id);
    if (marketplace == nullptr) {
        return Error{Status::bad_input, "unknown marketplace id '" + std::string(marketplace_id) +
                                            "'; use one of Amazon's marketplace ids"};
    }
    if (marketplace->country_code == "JP") {
        return std::string("AMAZON_JP");
    }
    if (marketplace->country_code == "IN") {
        return std::string("AMAZON_IN");
    }
    return "AMAZON_" + std::string(amazon::to_string(marketplace->region));
}

} // namespace amzconn::stock
