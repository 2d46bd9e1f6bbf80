// Listings Items 2021-08-01 patch (get is in listings_item.cpp), FBA Inventory
// getInventorySummaries and Sellers getMarketplaceParticipations over the seller's listings and
// participations.
#include "marketplace_info.hpp"
#include "sandbox.hpp"

namespace amzconn::sandbox {

namespace json = boost::json;

void Sandbox::add_listing(Listing listing) {
    if (m_listings_indexed) {
        m_listings_by_sku[listing.sku].push_back(m_listings.size());
    }
    m_listings.push_back(std::move(listing));
}

const std::vector<std::size_t>& Sandbox::listing_positions(const std::string& sku) {
    if (!m_listings_indexed) {
        m_listings_by_sku.clear();
        for (std::size_t i = 0; i < m_listings.size(); ++i) {
            m_listings_by_sku[m_listings[i].sku].push_back(i);
        }
        m_listings_indexed = true;
    }
    static const std::vector<std::size_t> none;
    const auto it = m_listings_by_sku.find(sku);
    return it == m_listings_by_sku.end() ? none : it->second;
}

Response Sandbox::handle_listings(const Request& request, const std::string& op) {
    const Millis now = m_clock.now();
    const auto sku_pos = request.path.rfind('/');
    const auto sku = request.path.substr(sku_pos + 1);
    const auto seller_start = request.path.rfind('/', sku_pos - 1);
    const auto seller = request.path.substr(seller_start + 1, sku_pos - seller_start - 1);
    if (seller != m_seller_id) {
        return error_response(403, "Unauthorized", "Access to requested resource is denied.",
                              "sellerId " + seller + " is not the authorized selling partner.");
    }
    const auto markets = request.params("marketplaceIds");
    if (markets.empty()) {
        return invalid_input("marketplaceIds is required.");
    }
    if (op == "patchListingsItem") {
        boost::system::error_code ec;
        const auto body = json::parse(request.body, ec);
        if (ec || !body.is_object() || !body.as_object().contains("productType") ||
            !body.as_object().at("productType").is_string() ||
            !body.as_object().contains("patches") || !body.as_object().at("patches").is_array()) {
            return invalid_input("The body must be {\"productType\": ..., \"patches\": [...]}.");
        }
        const std::string product_type(body.as_object().at("productType").as_string());
        const auto& patches = body.as_object().at("patches").as_array();
        const bool preview = request.param("mode") == "VALIDATION_PREVIEW";
        auto issues = apply_listing_patches(sku, markets, product_type, patches, now, -1, true);
        if (issues.empty() && !preview) {
            (void)apply_listing_patches(sku, markets, product_type, patches, now, -1, false);
        }
        json::array out_issues;
        for (const auto& i : issues) {
            const auto& o = i.as_object();
            json::object x{{"code", o.at("code")},
                           {"message", o.at("message")},
                           {"severity", o.at("severity")},
                           {"categories", json::array{}}};
            if (o.contains("attributeName")) {
                x["attributeNames"] = json::array{o.at("attributeName")};
            }
            out_issues.push_back(std::move(x));
        }
        json::object r{{"sku", sku},
                       {"status", !issues.empty() ? "INVALID"
                                  : preview       ? "VALID"
                                                  : "ACCEPTED"},
                       {"submissionId", next_id("sub-")},
                       {"issues", std::move(out_issues)}};
        Response resp;
        resp.body = json::serialize(r);
        return resp;
    }
    return get_listings_item(request, sku, markets);
}

Response Sandbox::handle_inventory(const Request& request) {
    const Millis now = m_clock.now();
    if (request.param("granularityType") != "Marketplace") {
        return invalid_input("granularityType must be Marketplace.");
    }
    const auto granularity = request.param("granularityId").value_or("");
    const auto markets = request.params("marketplaceIds");
    if (granularity.empty() || markets.size() != 1) {
        return invalid_input("granularityId and exactly one marketplaceIds value are required.");
    }
    const bool details = request.param("details") == "true";
    auto skus = request.params("sellerSkus");
    if (const auto one = request.param("sellerSku")) {
        skus.push_back(*one);
    }
    json::array summaries;
    for (const auto& l : m_listings) {
        if (!l.is_fba() || l.marketplace_id != markets[0]) {
            continue;
        }
        if (!skus.empty() && std::find(skus.begin(), skus.end(), l.sku) == skus.end()) {
            continue;
        }
        json::object s{{"asin", l.asin},
                       {"fnSku", fnsku_for(l.asin)},
                       {"sellerSku", l.sku},
                       {"condition", "NewItem"},
                       {"lastUpdatedTime", format_rfc3339(l.last_updated)},
                       {"productName", l.title},
                       {"totalQuantity", l.quantity}};
        if (details) {
            s["inventoryDetails"] = {{"fulfillableQuantity", l.quantity},
                                     {"inboundWorkingQuantity", 0},
                                     {"inboundShippedQuantity", 0},
                                     {"inboundReceivingQuantity", 0}};
        }
        summaries.push_back(std::move(s));
    }
    (void)now;
    json::object body{
        {"payload",
         {{"granularity", {{"granularityType", "Marketplace"}, {"granularityId", granularity}}},
          {"inventorySummaries", std::move(summaries)}}}};
    Response r;
    r.body = json::serialize(body);
    return r;
}

Response Sandbox::handle_participations(const Request& request) {
    (void)request;
    json::array payload;
    for (const auto& id : m_marketplaces) {
        const auto* m = amazon::find_marketplace(id);
        if (m == nullptr) {
            continue;
        }
        const auto store = store_info(id);
        payload.push_back(json::object{
            {"marketplace",
             {{"id", m->id},
              {"name", store.name},
              {"countryCode", m->country_code == "UK" ? "GB" : m->country_code},
              {"defaultCurrencyCode", m->currency},
              {"defaultLanguageCode", store.language},
              {"domainName", store.domain}}},
            {"participation", {{"isParticipating", true}, {"hasSuspendedListings", false}}},
            {"storeName", "Sandbox Store"}});
    }
    Response r;
    r.body = json::serialize(json::object{{"payload", std::move(payload)}});
    return r;
}

} // namespace amzconn::sandbox
