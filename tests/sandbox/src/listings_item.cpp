// getListingsItem (Listings Items 2021-08-01) over the seller's listings: summaries, attributes
// (title, identifiers, condition, fulfilment availability with handling time, offer), offers,
// fulfillmentAvailability and issues, and the merchant listings report's rows.
#include "sandbox.hpp"

#include <array>
#include <cctype>

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 8> k_included = {
    "summaries",   "attributes",    "issues",      "offers", "fulfillmentAvailability",
    "procurement", "relationships", "productTypes"};

std::string language_of(const std::string& marketplace_id) {
    if (marketplace_id == "A1PA6795UKMFR9") {
        return "de_DE";
    }
    if (marketplace_id == "A1VC38T7YXB528") {
        return "ja_JP";
    }
    return marketplace_id == "A1F83G8C2ARO7P" ? "en_GB" : "en_US";
}

json::object summary_of(const Listing& l, Millis created) {
    json::object s{{"marketplaceId", l.marketplace_id},
                   {"asin", l.asin},
                   {"productType", l.product_type},
                   {"conditionType", "new_new"},
                   {"status", l.is_fba() || l.quantity > 0 ? json::array{"BUYABLE", "DISCOVERABLE"}
                                                           : json::array{"DISCOVERABLE"}},
                   {"itemName", l.title},
                   {"createdDate", format_rfc3339(created)},
                   {"lastUpdatedDate", format_rfc3339(l.last_updated)}};
    if (l.is_fba()) {
        s["fnSku"] = fnsku_for(l.asin);
    }
    return s;
}

// The listing's attributes as Amazon returns them (arrays of values per marketplace).
void add_attributes(json::object& attributes, const Listing& l) {
    const auto add = [&](const char* name, json::object value) {
        auto& list = attributes[name];
        if (!list.is_array()) {
            list = json::array{};
        }
        list.as_array().push_back(std::move(value));
    };
    const json::string market(l.marketplace_id);
    add("item_name", {{"value", l.title},
                      {"language_tag", language_of(l.marketplace_id)},
                      {"marketplace_id", market}});
    add("condition_type", {{"value", "new_new"}, {"marketplace_id", market}});
    add("merchant_suggested_asin", {{"value", l.asin}, {"marketplace_id", market}});
    for (const auto& [type, value] : l.identifiers) {
        std::string lower;
        for (const char c : type) {
            lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
        add("externally_assigned_product_identifier",
            {{"type", lower}, {"value", value}, {"marketplace_id", market}});
    }
    json::object availability{{"fulfillment_channel_code", l.channel}};
    if (!l.is_fba()) {
        availability["quantity"] = l.quantity;
        availability["lead_time_to_ship_max_days"] = l.handling_time;
    }
    add("fulfillment_availability", std::move(availability));
    add("purchasable_offer",
        {{"marketplace_id", market},
         {"currency", l.currency},
         {"audience", "ALL"},
         {"our_price", json::array{json::object{
                           {"schedule", json::array{json::object{
                                            {"value_with_tax", json::parse(l.price_amount)}}}}}}}});
}

} // namespace

std::string fnsku_for(const std::string& asin) {
    return "X00" + asin.substr(asin.size() > 7 ? asin.size() - 7 : 0);
}

Response Sandbox::get_listings_item(const Request& request, const std::string& sku,
                                    const std::vector<std::string>& markets) {
    auto included = request.params("includedData");
    for (const auto& v : included) {
        if (std::find(k_included.begin(), k_included.end(), v) == k_included.end()) {
            return error_response(400, "InvalidInput", "Invalid includedData value: " + v);
        }
    }
    if (included.empty()) {
        included = {"summaries"};
    }
    const auto want = [&](std::string_view k) {
        return std::find(included.begin(), included.end(), k) != included.end();
    };
    json::array summaries;
    json::object attributes;
    json::array offers;
    json::array availability;
    for (const auto pos : listing_positions(sku)) {
        const auto& l = m_listings[pos];
        if (std::find(markets.begin(), markets.end(), l.marketplace_id) == markets.end()) {
            continue;
        }
        summaries.push_back(summary_of(l, m_start_time));
        add_attributes(attributes, l);
        offers.push_back(
            json::object{{"marketplaceId", l.marketplace_id},
                         {"offerType", "B2C"},
                         {"price", {{"currencyCode", l.currency}, {"amount", l.price_amount}}}});
        json::object fa{{"fulfillmentChannelCode", l.channel}};
        if (!l.is_fba()) {
            fa["quantity"] = l.quantity;
        }
        availability.push_back(std::move(fa));
    }
    if (summaries.empty()) {
        return error_response(404, "NOT_FOUND",
                              "SKU '" + sku + "' has no listing in the requested marketplaces.");
    }
    json::object item{{"sku", sku}};
    if (want("summaries")) {
        item["summaries"] = std::move(summaries);
    }
    if (want("attributes")) {
        item["attributes"] = std::move(attributes);
    }
    if (want("offers")) {
        item["offers"] = std::move(offers);
    }
    if (want("fulfillmentAvailability")) {
        item["fulfillmentAvailability"] = std::move(availability);
    }
    if (want("issues")) {
        item["issues"] = json::array{};
    }
    Response r;
    r.body = json::serialize(item);
    return r;
}

std::string merchant_listing_row(const Listing& l, const std::string& open_date) {
    // product-id-type: 1 ASIN, 2 ISBN, 3 UPC, 4 EAN (Amazon's codes); the first identifier wins.
    std::string id_type = "1";
    std::string product_id = l.asin;
    if (!l.identifiers.empty()) {
        const auto& [type, value] = l.identifiers.front();
        id_type = type == "ISBN" ? "2" : type == "UPC" ? "3" : type == "EAN" ? "4" : "1";
        product_id = id_type == "1" ? l.asin : value;
    }
    const bool active = l.is_fba() || l.quantity > 0;
    return l.title + "\t\t" + l.marketplace_id.substr(0, 4) + l.sku + "\t" + l.sku + "\t" +
           l.price_amount + "\t" + (l.is_fba() ? std::string() : std::to_string(l.quantity)) +
           "\t" + open_date + "\t\ty\t" + id_type + "\t\t\t11\t\t\t\t" + l.asin + "\t\t\t\t\t\t" +
           product_id + "\t\t\t0\t" + l.channel + "\tMigrated Template\t" +
           (active ? "Active" : "Inactive") + "\n";
}

} // namespace amzconn::sandbox
